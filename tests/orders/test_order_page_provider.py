"""The order page asks the payment provider only when the shopper comes back from paying, and
then at most once per few seconds: a plain view (or a reload storm) never waits on Mollie."""

import time

import pytest
from django.core.cache import cache

from orders.access import order_link
from orders.models import FulfilmentStatus

from .checkout_steps import place_order
from .factories import courier, ring, todays_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_order(client, fake_mollie):
    todays_rate()
    return place_order(client, ring(stock=3)[0], courier())


def test_a_plain_view_never_calls_mollie_even_while_it_hangs(client, fake_mollie, open_order):
    # Mollie answers every request 3 s late: a plain view must not notice.
    fake_mollie.add_fault("slow", path_contains="/payments/", method="GET", count=5, delay=3)
    started = time.monotonic()
    for _ in range(5):
        assert client.get(order_link(open_order)).status_code == 200
    assert time.monotonic() - started < 3
    assert fake_mollie.faults()[0]["count"] == 5  # no request reached Mollie


def test_the_return_asks_mollie_at_most_once_per_few_seconds(client, fake_mollie, open_order):
    payment_id = open_order.payments.get().provider_payment_id
    fake_mollie.set_payment_status(payment_id, "paid", webhook=False)
    fake_mollie.add_fault("slow", path_contains="/payments/", method="GET", count=5, delay=0)
    returned = order_link(open_order) + "&returned=1"
    page = client.get(returned).content.decode()
    assert "Status: <strong>Paid</strong>" in page
    # One return asked for the payment (not for its refunds: Mollie counts none and the shop
    # asked for none); paid now, further returns ask nothing.
    for _ in range(3):
        client.get(returned)
    assert fake_mollie.faults()[0]["count"] == 4


def test_reloading_the_return_page_while_open_asks_once(client, fake_mollie, open_order):
    cache.clear()
    fake_mollie.add_fault("slow", path_contains="/payments/", method="GET", count=10, delay=0)
    returned = order_link(open_order) + "&returned=1"
    for _ in range(4):
        assert client.get(returned).status_code == 200
    assert fake_mollie.faults()[0]["count"] == 9
    open_order.refresh_from_db()
    assert open_order.status == FulfilmentStatus.AWAITING_PAYMENT


def _paid_through_webhook(client, fake_mollie, payment_id, capture):
    fake_mollie.set_payment_status(payment_id, "paid", webhook=False)
    with capture(execute=True):
        assert client.post("/payments/webhook/", {"id": payment_id}).status_code == 200


def test_a_second_payment_of_a_paid_order_needs_attention(
    client, fake_mollie, open_order, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from orders.models import MoneyStatus, OrderEventKind
    from orders.services.paying import payment_start

    # Two payment pages: the shopper came back after 20 minutes and paid both.
    payment_start(
        order_id=open_order.pk,
        now=timezone.now() + timedelta(minutes=20),
        hold_for=timedelta(minutes=30),
    )
    first, second = open_order.payments.order_by("pk")
    for payment in (first, second):
        _paid_through_webhook(
            client, fake_mollie, payment.provider_payment_id, django_capture_on_commit_callbacks
        )
    open_order.refresh_from_db()
    assert open_order.status == FulfilmentStatus.PAID
    assert open_order.money_status == MoneyStatus.PAID
    [event] = open_order.events.filter(kind=OrderEventKind.DUPLICATE_PAYMENT)
    assert event.needs_attention and event.handled_at is None


def test_paid_after_the_hold_with_the_stock_gone_needs_attention(
    client, fake_mollie, open_order, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from catalog.models import Variant
    from orders.models import OrderEventKind
    from orders.services.paying import reservations_release_expired

    reservations_release_expired(now=timezone.now() + timedelta(minutes=31))
    Variant.objects.update(stock=0)  # sold to someone else meanwhile
    _paid_through_webhook(
        client,
        fake_mollie,
        open_order.payments.get().provider_payment_id,
        django_capture_on_commit_callbacks,
    )
    open_order.refresh_from_db()
    assert open_order.status == FulfilmentStatus.PAID
    [event] = open_order.events.filter(kind=OrderEventKind.STOCK_SHORTFALL)
    assert event.needs_attention and "sold out" in event.note
