"""Drive the checkout through the test client, as a shopper's browser would post it."""

import re

from orders.models import Order

from .factories import GUEST


def add_to_cart(client, variant, quantity=1):
    return client.post("/cart/add/", {"variant": variant.pk, "quantity": quantity})


def fill_checkout(client, delivery_method, contact=None):
    """Address → courier → review (terms accepted). Returns the confirm page response."""
    response = client.post("/checkout/", contact or GUEST)
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post("/checkout/delivery/", {"delivery_method": delivery_method.pk})
    assert response.status_code == 302
    response = client.post("/checkout/review/", {"accept_terms": "on"})
    assert response.status_code == 302
    return client.get("/checkout/confirm/")


def checkout_key(confirm_page) -> str:
    return re.search(r'name="checkout_key" value="([^"]+)"', confirm_page.content.decode())[1]


def confirm(client, key):
    return client.post("/checkout/confirm/", {"checkout_key": key})


def place_order(client, variant, delivery_method, quantity=1, contact=None) -> Order:
    add_to_cart(client, variant, quantity)
    key = checkout_key(fill_checkout(client, delivery_method, contact))
    confirm(client, key)
    return Order.objects.get(idempotency_key=key)
