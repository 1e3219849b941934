"""The whole-page cache for visitors without a session: one visitor's address must never show
up in the page another visitor is served."""

import pytest
from django.test import Client

from .factories import CategoryFactory, product_with_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    rings = CategoryFactory(name="Rings", slug="rings")
    product_with_variant(category=rings, name="Sava Ring", slug="sava-ring")


def next_fields(html: str) -> list[str]:
    return [line.strip() for line in html.splitlines() if 'name="next"' in line]


@pytest.mark.parametrize(
    "url",
    ["/", "/product/sava-ring/", "/category/rings/", "/search/?q=ring", "/contact/"],
)
def test_one_visitor_s_query_string_is_never_served_to_another(shop, url):
    joiner = "&" if "?" in url else "?"
    first, second = Client(), Client()
    first_html = first.get(f"{url}{joiner}next=/evil/").content.decode()
    assert all("/evil/" in field for field in next_fields(first_html))

    html = second.get(url).content.decode()

    assert "/evil/" not in html
    assert next_fields(html) and all(f'value="{url}"' in f for f in next_fields(html))


def test_a_listing_page_s_own_parameters_are_cached_per_query_string(shop):
    Client().get("/category/rings/?sort=price_asc")

    html = Client().get("/category/rings/?sort=price_desc").content.decode()

    assert 'value="/category/rings/?sort=price_desc"' in html


def test_a_euro_visitor_without_a_rate_is_not_served_a_dinar_visitor_s_page(shop):
    Client().get("/product/sava-ring/")
    euro = Client()
    euro.cookies["currency"] = "EUR"

    html = euro.get("/product/sava-ring/").content.decode()

    assert 'value="EUR" aria-pressed="true"' in html
