"""Whatever a visitor types or forges into a public page's address or form, the shop answers
with a page, a redirect or a 404, never a server error."""

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orders.converters import OrderNumberConverter
from orders.rules import order_number
from tests.orders.checkout_steps import add_to_cart, fill_checkout
from tests.orders.factories import GUEST, courier, ring

pytestmark = pytest.mark.django_db

# Text a form or link would never send: URL names, other sites, header breaks, NUL, huge values.
NASTY = [
    "true",
    "admin:index",
    "cart:cart",
    "javascript:alert(1)",
    "//evil.example/",
    "/\\evil.example/",
    "https://evil.example/",
    "/cart/\r\nSet-Cookie: x=1",
    "/cart/\x00",
    "\x00",
    "CM-2026-000001\x00",
    "٣",  # a digit, but not an ASCII one
    "-1",
    "1e9",
    "9" * 40,
    "x" * 100_000,
    "\x00" * 10_000,
]
anything = st.one_of(st.text(), st.sampled_from(NASTY))
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def shop():
    return {"variant": ring(stock=5, engraving_max_length=20)[0], "courier": courier()}


def assert_answered(response):
    assert response.status_code < 500, response.content[:500]


# --- The defects the fuzzing below found first ------------------------------------------------
@pytest.mark.parametrize("next_url", NASTY[:9])
def test_a_posted_next_that_is_no_path_on_this_shop_falls_back_to_the_default(
    client, shop, next_url
):
    invalid = client.post("/cart/add/", {"variant": "", "next": next_url})
    sold_out = client.post(
        "/cart/add/", {"variant": shop["variant"].pk, "quantity": 99, "next": next_url}
    )
    currency = client.post("/currency/", {"currency": "EUR", "next": next_url})

    assert (invalid.status_code, invalid["Location"]) == (302, "/cart/")
    assert (sold_out.status_code, sold_out["Location"]) == (302, "/cart/")
    assert (currency.status_code, currency["Location"]) == (302, "/")


def test_a_posted_next_on_this_shop_is_followed(client, shop):
    response = client.post("/cart/add/", {"variant": "", "next": "/product/luna/?size=54"})
    assert response["Location"] == "/product/luna/?size=54"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/orders/CM-2026-000001%00/"),
        ("get", "/orders/%00/"),
        ("post", "/orders/CM-2026-000001%00/pay/"),
        ("get", "/orders/CM-2026-000001%00/documents/1/"),
    ],
)
def test_a_nul_byte_in_an_order_number_is_not_found(client, method, url):
    assert getattr(client, method)(url).status_code == 404


@given(st.integers(min_value=2000, max_value=9999), st.integers(min_value=1, max_value=10**8))
def test_every_order_number_the_shop_makes_has_an_order_page(year, sequence):
    assert re.fullmatch(OrderNumberConverter.regex, order_number(year=year, sequence=sequence))


# --- Fuzzing --------------------------------------------------------------------------------
@FUZZ
@given(variant=anything, quantity=anything, next_url=anything, engraving=anything)
def test_cart_add(client, shop, variant, quantity, next_url, engraving):
    data = {"variant": variant, "quantity": quantity, "next": next_url, "engraving": engraving}
    assert_answered(client.post("/cart/add/", data))


@FUZZ
@given(engraving=anything)
def test_cart_add_engraving(client, shop, engraving):
    data = {"variant": shop["variant"].pk, "quantity": 1, "engraving": engraving}
    response = client.post("/cart/add/", data, follow=True)
    assert_answered(response)
    assert "message message-" in response.content.decode()  # added, or told why not


@FUZZ
@given(line_id=st.integers(min_value=0, max_value=10**30), quantity=anything, remove=st.booleans())
def test_cart_update(client, shop, line_id, quantity, remove):
    add_to_cart(client, shop["variant"])
    data = {"quantity": quantity, **({"remove": "1"} if remove else {})}
    assert_answered(client.post(f"/cart/lines/{line_id}/", data))
    assert_answered(client.get("/cart/"))


CHECKOUT_FIELDS = [*GUEST, "saved_address", "delivery_method", "accept_terms", "checkout_key"]


@pytest.mark.parametrize(
    "url", ["/checkout/", "/checkout/delivery/", "/checkout/review/", "/checkout/confirm/"]
)
@FUZZ
@given(data=st.dictionaries(st.one_of(st.sampled_from(CHECKOUT_FIELDS), st.text()), anything))
def test_checkout_steps(client, shop, url, data):
    if not client.session.get("checkout"):
        add_to_cart(client, shop["variant"])
        fill_checkout(client, shop["courier"])
    assert_answered(client.post(url, data))
    assert_answered(client.get(url))


@pytest.mark.parametrize("page", ["", "pay/", "documents/1/"])
@FUZZ
@given(number=anything, key=anything)
def test_order_pages(client, page, number, key):
    url = f"/orders/{quote(number, safe='')}/{page}?key={quote(key, safe='')}"
    assert_answered(client.post(url) if page == "pay/" else client.get(url))


@FUZZ
@given(language=anything, next_url=anything, post=st.booleans())
def test_language_switch(client, language, next_url, post):
    data = {"language": language, "next": next_url}
    send = client.post if post else client.get
    assert_answered(send("/i18n/setlang/", data))


@FUZZ
@given(currency=anything, next_url=anything)
def test_currency_switch(client, currency, next_url):
    assert_answered(client.post("/currency/", {"currency": currency, "next": next_url}))


LISTING_FIELDS = ["q", "page", "sort", "material", "price_min", "price_max", "in_stock", "next"]


@pytest.mark.parametrize("url", ["/search/", "/"])
@FUZZ
@given(params=st.dictionaries(st.one_of(st.sampled_from(LISTING_FIELDS), st.text()), anything))
def test_search_and_pages(client, shop, url, params):
    assert_answered(client.get(url, params))
