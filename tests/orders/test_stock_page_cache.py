"""A purchase makes stale only the cached pages that show what it changed: the bought product's
own page when its "only N left" or "sold out" changes, and the listings only when something ran
out. Everyone else browsing keeps being
served from the cache while others buy (bench/run_browse_while_buying.py measures it)."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from orders.models import Order
from orders.services.paying import reservations_release_expired
from tests.catalog.factories import CategoryFactory, product_with_variant

from .checkout_steps import place_order
from .factories import courier

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    rings = CategoryFactory(name="Rings", slug="rings")
    return {
        "luna": product_with_variant(category=rings, name="Luna Ring", slug="luna-ring", stock=2),
        "sava": product_with_variant(category=rings, name="Sava Ring", slug="sava-ring", stock=5),
        "courier": courier(),
    }


def served(url) -> tuple[str, int]:
    """A visitor without a session opens `url`: the page and the SQL queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def buy(shop, name, quantity=1) -> Order:
    return place_order(Client(), shop[name].variants.get(), shop["courier"], quantity=quantity)


def sold_out_badges(html) -> int:
    return html.count("badge-sold-out")


def test_buying_leaves_other_products_and_the_listings_cached(
    shop, django_capture_on_commit_callbacks
):
    for url in ("/product/luna-ring/", "/product/sava-ring/", "/category/rings/", "/"):
        served(url)
    assert "Only 2 left" in served("/product/luna-ring/")[0]

    with django_capture_on_commit_callbacks(execute=True):
        buy(shop, "luna")  # one of two left: Luna is still in stock

    assert served("/product/sava-ring/")[1] == 0
    assert served("/category/rings/")[1] == 0
    assert served("/")[1] == 0
    luna, queries = served("/product/luna-ring/")
    assert queries > 0
    assert "Only 1 left" in luna


def test_buying_one_of_many_leaves_even_that_product_s_page_cached(
    shop, django_capture_on_commit_callbacks
):
    served("/product/sava-ring/")

    with django_capture_on_commit_callbacks(execute=True):
        buy(shop, "sava")  # 5 → 4: the page says "In stock" either way

    sava, queries = served("/product/sava-ring/")
    assert queries == 0
    assert "In stock" in sava

    with django_capture_on_commit_callbacks(execute=True):
        buy(shop, "sava", quantity=2)  # 4 → 2: now the page names the number

    sava, queries = served("/product/sava-ring/")
    assert queries > 0
    assert "Only 2 left" in sava


def test_selling_the_last_unit_shows_sold_out_in_the_listing(
    shop, django_capture_on_commit_callbacks
):
    listing, _ = served("/category/rings/")
    assert sold_out_badges(listing) == 0
    served("/product/sava-ring/")

    with django_capture_on_commit_callbacks(execute=True):
        buy(shop, "luna", quantity=2)

    listing, queries = served("/category/rings/")
    assert queries > 0
    assert sold_out_badges(listing) == 1
    assert "Sold out" in served("/product/luna-ring/")[0]
    assert served("/product/sava-ring/")[1] == 0


def test_stock_coming_back_takes_the_sold_out_badge_away(shop, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = buy(shop, "luna", quantity=2)
    assert sold_out_badges(served("/category/rings/")[0]) == 1

    with django_capture_on_commit_callbacks(execute=True):
        reservations_release_expired(now=order.reserved_until + datetime.timedelta(seconds=1))

    assert sold_out_badges(served("/category/rings/")[0]) == 0
    assert "Only 2 left" in served("/product/luna-ring/")[0]


def test_a_purchase_refreshes_the_product_page_under_its_serbian_slug_too(
    shop, django_capture_on_commit_callbacks
):
    luna = shop["luna"]
    luna.slug_sr_latn = "luna-prsten"
    luna.save()

    def served_in_serbian(url) -> str:
        client = Client()
        client.cookies["django_language"] = "sr-latn"
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    assert "Još samo 2 komada" in served_in_serbian("/product/luna-prsten/")

    with django_capture_on_commit_callbacks(execute=True):
        buy(shop, "luna")

    assert "Još samo 1 komad" in served_in_serbian("/product/luna-prsten/")
