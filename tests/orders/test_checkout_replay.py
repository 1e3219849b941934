"""A checkout key resumes its order only for the session that confirmed it or for the order's
own account: anyone else who posts it (copied from a page, guessed, sniffed) learns nothing."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from orders.access import order_access_key
from orders.models import Order, Payment
from tests.accounts.factories import UserFactory

from .checkout_steps import add_to_cart, checkout_key, confirm, fill_checkout, place_order
from .factories import courier, ring, todays_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(fake_mollie):
    todays_rate("117.2000")
    return {"variant": ring(stock=5)[0], "courier": courier()}


def assert_told_to_confirm_again(response, order):
    assert response.status_code == 302
    assert response["Location"] == "/checkout/review/"
    assert order.number not in response["Location"]
    assert order.payments.get().checkout_url != response["Location"]
    assert order_access_key(order) not in response["Location"]
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == ["Please review your order and confirm it again."]


def test_another_visitor_posting_an_orders_key_is_not_sent_to_it(client, shop):
    order = place_order(client, shop["variant"], shop["courier"])
    before = (order.status, order.payments.count(), order.user_id, order.email)
    stranger = Client()

    bare = confirm(stranger, order.idempotency_key)
    add_to_cart(stranger, shop["variant"])
    fill_checkout(stranger, shop["courier"])  # a checkout of their own, terms accepted
    with_checkout = confirm(stranger, order.idempotency_key)

    assert_told_to_confirm_again(bare, order)
    assert_told_to_confirm_again(with_checkout, order)
    order.refresh_from_db()
    assert (order.status, order.payments.count(), order.user_id, order.email) == before
    assert Order.objects.count() == 1 and Payment.objects.count() == 1


def test_the_stranger_s_own_checkout_still_goes_through(client, shop):
    place_order(client, shop["variant"], shop["courier"])
    stranger = Client()
    add_to_cart(stranger, shop["variant"])
    own_key = checkout_key(fill_checkout(stranger, shop["courier"]))

    response = confirm(stranger, own_key)

    order = Order.objects.get(idempotency_key=own_key)
    assert response["Location"] == order.payments.get().checkout_url


def test_the_order_s_own_account_resumes_it_from_another_browser(shop):
    customer = UserFactory()
    phone, laptop = Client(), Client()
    phone.force_login(customer)
    laptop.force_login(customer)
    order = place_order(phone, shop["variant"], shop["courier"])

    response = confirm(laptop, order.idempotency_key)

    assert response["Location"] == order.payments.get().checkout_url
    assert Order.objects.count() == 1
