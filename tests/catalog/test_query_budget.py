"""Catalog pages cost the same number of SQL queries with 10 or 1,000 products (no N+1).
Measured on a cold cache: with a warm cache the pages run no query at all."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.cache import VERSION_KEY

from .factories import CategoryFactory, bulk_products, stored_photo

pytestmark = pytest.mark.django_db

PAGES = {
    "category": "/category/rings/?sort=price_asc",
    "search": "/search/?q=garnet+ring",
    "product": "/product/bulk-ring-5/",
}
# Category: categories, count, page of products, photos. Search: count, page, photos.
# Product: the product with its category, photos, variants.
EXPECTED = {"category": 4, "search": 3, "product": 3}


def queries_for(client, url, language="en"):
    cache.delete(VERSION_KEY)  # bulk writes send no signals: start cold
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("language", ["en", "sr-latn", "sr"])
@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_catalog(client, page, language):
    # Both languages live in columns of the same rows: Serbian and Cyrillic cost no more.
    rings = CategoryFactory(name="Rings", slug="rings")
    photo = stored_photo()
    bulk_products(rings, 10, stored=photo)
    with_ten = queries_for(client, PAGES[page], language)
    bulk_products(rings, 990, stored=photo, prefix="more")
    with_thousand = queries_for(client, PAGES[page], language)
    assert with_ten == with_thousand == EXPECTED[page]


@pytest.mark.parametrize("page", PAGES)
def test_a_warm_cache_serves_pages_without_queries(client, page):
    bulk_products(CategoryFactory(name="Rings", slug="rings"), 30, stored=stored_photo())
    client.get(PAGES[page])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGES[page]).status_code == 200
    assert len(captured) == 0
