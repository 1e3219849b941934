"""Pages with a shopper's personal data tell every cache on the way (a proxy, a shared
computer's browser) not to keep them."""

import pytest
from django.test import Client

from orders.access import order_link
from tests.accounts.factories import AddressFactory, VerifiedUserFactory
from tests.orders.checkout_steps import add_to_cart, fill_checkout, place_order
from tests.orders.factories import courier, ring, todays_rate

pytestmark = pytest.mark.django_db

CHECKOUT = [
    "/cart/",
    "/checkout/",
    "/checkout/delivery/",
    "/checkout/review/",
    "/checkout/confirm/",
]


def assert_not_stored(response):
    url = response.request["PATH_INFO"]
    assert response.status_code in (200, 302), url
    cache_control = response.get("Cache-Control", "")
    assert "private" in cache_control and "no-store" in cache_control, url


@pytest.fixture
def shop(fake_mollie):
    todays_rate()
    return {"variant": ring(stock=5)[0], "courier": courier()}


def test_a_guest_s_cart_checkout_and_order_pages_are_not_stored(shop):
    guest = Client()
    add_to_cart(guest, shop["variant"])
    fill_checkout(guest, shop["courier"])
    for url in CHECKOUT:
        response = guest.get(url)
        assert response.status_code == 200, url
        assert_not_stored(response)

    order = place_order(guest, shop["variant"], shop["courier"])
    assert_not_stored(guest.get(order_link(order)))
    assert_not_stored(guest.post(order_link(order).replace("/?", "/pay/?")))


def test_a_customer_s_account_and_order_pages_are_not_stored(shop):
    customer = VerifiedUserFactory()
    client = Client()
    client.force_login(customer)
    order = place_order(client, shop["variant"], shop["courier"])
    address = AddressFactory(user=customer)
    urls = [
        "/account/",
        "/account/profile/",
        "/account/addresses/",
        "/account/addresses/new/",
        f"/account/addresses/{address.pk}/edit/",
        "/account/orders/",
        "/accounts/email/",
        "/accounts/password/change/",
        f"/orders/{order.number}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_not_stored(response)
