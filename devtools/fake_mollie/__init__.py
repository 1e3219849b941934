"""A fake of Mollie's v2 Payments API for development and tests, standard library only.

Run it with `python -m devtools.fake_mollie --port 8790` and set
MOLLIE_API_ENDPOINT=http://127.0.0.1:8790; tests use the `fake_mollie` fixture."""

from .server import FakeMollieServer

__all__ = ["FakeMollieServer"]
