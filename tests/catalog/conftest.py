import pytest
from django.core.cache import cache

from catalog.cache import VERSION_KEY


@pytest.fixture(autouse=True)
def _fresh_catalog_cache():
    """The Redis cache outlives the test database: start every test with a new catalog version
    so no page cached by an earlier test (or run) can be served."""
    cache.delete(VERSION_KEY)


@pytest.fixture(autouse=True)
def _static_without_manifest(settings):
    """Tests run with DEBUG off but without `collectstatic`: plain static URLs instead of the
    manifest's hashed ones."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
