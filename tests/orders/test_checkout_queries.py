"""Confirm → payment page in a fixed number of SQL queries: the step a shopper waits on between
"Confirm order" and the bank's page (bench/run_checkout.py times it under load)."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from orders.models import FulfilmentStatus, MoneyStatus, Order, Payment
from orders.services.paying import REUSE_OPEN_PAYMENT_FOR, payment_start

from .bank_steps import BANK_CALLBACK, bank_decides, bank_form
from .checkout_steps import add_to_cart, checkout_key, confirm, fill_checkout, place_order
from .factories import GUEST, courier, ring, todays_rate

pytestmark = pytest.mark.django_db

# Confirm: session; the checkout's order (none yet); under the cart's lock (the guest's cart
# by the session's id, not looked up before) the order again, the abuse checks (customer
# block, unpaid orders), the cart lines, courier and terms; stock locked and taken; the order
# number (one upsert); order, lines, emptied cart (one delete), timeline event; the payment:
# order locked and its earlier payments (the hold, written with the order, is not written
# again), new payment; session saved. The bank's page: session, payment (the session has let
# the emptied cart go: nothing to count for the header).
CONFIRM_TO_PAYMENT_PAGE_QUERIES = 22


def statements(queries) -> list[str]:
    """The queries a production request runs: the test's transaction adds savepoints."""
    return [
        query["sql"]
        for query in queries.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def test_confirm_to_the_bank_s_page_takes_a_fixed_number_of_queries(client, fake_bank):
    todays_rate("117.2000")
    variant = ring(price="4990.37", stock=3)[0]
    add_to_cart(client, variant)
    key = checkout_key(fill_checkout(client, courier(price="450.00")))

    with CaptureQueriesContext(connection) as queries:
        response = confirm(client, key)
        page = client.get(response.headers["Location"])

    assert page.status_code == 200
    assert 'name="HASH"' in page.content.decode()
    order = Order.objects.get(idempotency_key=key)
    assert order.number and Payment.objects.filter(order=order).count() == 1
    assert len(statements(queries)) == CONFIRM_TO_PAYMENT_PAGE_QUERIES


def test_a_second_confirm_reuses_the_open_payment(client, fake_bank):
    variant = ring(stock=3)[0]
    add_to_cart(client, variant)
    key = checkout_key(fill_checkout(client, courier()))
    first = confirm(client, key)

    again = confirm(client, key)

    assert again.headers["Location"] == first.headers["Location"]
    assert Payment.objects.filter(order__idempotency_key=key).count() == 1


# A posted step that leads on: session; the cart's items counted (not priced: the priced cart
# is built only for a page shown again); what the step checks (courier list and the chosen
# one; the chosen courier and the current terms); session saved.
POSTED_STEP_QUERIES = {"address": 3, "courier": 5, "review": 5}


def test_each_posted_checkout_step_counts_the_cart_instead_of_pricing_it(client):
    add_to_cart(client, ring(stock=3)[0])
    method = courier()
    counts = {}
    for step, path, form, next_step in (
        ("address", "/checkout/", GUEST, "/checkout/delivery/"),
        ("courier", "/checkout/delivery/", {"delivery_method": method.pk}, "/checkout/review/"),
        ("review", "/checkout/review/", {"accept_terms": "on"}, "/checkout/confirm/"),
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, form)
        assert response.headers["Location"] == next_step
        counts[step] = len(statements(queries))

    assert counts == POSTED_STEP_QUERIES


def test_paying_again_later_extends_the_hold_that_placing_set(client, fake_bank):
    order = place_order(client, ring(stock=3)[0], courier())
    hold = order.reserved_until - order.created_at
    later = order.created_at + REUSE_OPEN_PAYMENT_FOR + datetime.timedelta(minutes=1)

    payment_start(order_id=order.pk, now=later, hold_for=hold)

    order.refresh_from_db()
    assert order.reserved_until == later + hold
    assert order.payments.count() == 2


# A checkout page shown: session; the cart counted (is there anything to check out?); what
# the page offers (courier list; courier and terms; today's rate for the charge); the cart
# priced (lines, photos). The header's count comes from the priced cart, not from a query of
# its own.
CHECKOUT_PAGE_QUERIES = {
    "/checkout/": 4,
    "/checkout/delivery/": 5,
    "/checkout/review/": 7,
    "/checkout/confirm/": 7,
}


@pytest.mark.parametrize("path", CHECKOUT_PAGE_QUERIES)
def test_checkout_pages_count_the_header_s_items_from_the_priced_cart(client, path):
    add_to_cart(client, ring(stock=5)[0], quantity=2)
    fill_checkout(client, courier())

    with CaptureQueriesContext(connection) as queries:
        page = client.get(path)

    assert (
        '<span class="cart-count">(2<span class="visually-hidden"> items' in page.content.decode()
    )
    assert len(statements(queries)) == CHECKOUT_PAGE_QUERIES[path]


def test_after_an_order_a_new_purchase_starts_a_new_cart(client, fake_bank):
    place_order(client, ring(stock=3, sizes=("52",))[0], courier())
    other = ring(stock=3, sizes=("58",))[0]

    add_to_cart(client, other)

    page = client.get("/cart/").content.decode()
    assert '<span class="cart-count">(1<span class="visually-hidden"> item' in page
    assert "Size 58" in page and "Size 52" not in page


# The bank's callback (the bank's server: no session): the payment and whether it has refunds;
# order and payment locked; the payment paid and its event; the order paid and its event; two
# outbox items (documents, e-mail); the money paid and refunded (one query for both); the
# money status and its event (no refund here or at the bank: none to bring in line).
BANK_CALLBACK_QUERIES = 12


def test_the_bank_s_callback_takes_a_fixed_number_of_queries(fake_bank):
    shopper = Client()
    order = place_order(shopper, ring(price="4990.37", stock=3)[0], courier(price="450.00"))
    answer = bank_decides(fake_bank, bank_form(shopper, order))

    with CaptureQueriesContext(connection) as queries:
        response = Client().post(BANK_CALLBACK, answer)

    assert response.content == b"Approved"
    order.refresh_from_db()
    assert (order.status, order.money_status) == (FulfilmentStatus.PAID, MoneyStatus.PAID)
    assert len(statements(queries)) == BANK_CALLBACK_QUERIES
