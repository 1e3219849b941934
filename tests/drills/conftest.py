import pytest

from .stack import Stack


@pytest.fixture(scope="session")
def stack():
    """One running shop for all the drills (starting it takes about half a minute): each drill
    leaves every service running again when it ends."""
    with Stack() as running:
        yield running
