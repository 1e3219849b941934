"""The fulfilment pipeline's allowed moves, as the staff admin offers them, and the money
status beside it."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orders.models import FulfilmentStatus, MoneyStatus, OrderEvent
from orders.models.order import money_status_for
from orders.services.pipeline import (
    ALLOWED_FROM,
    InvalidTransition,
    order_to_delivered,
    order_to_in_preparation,
    order_to_shipped,
    transitions_from,
)

from .factories import guest_order

S = FulfilmentStatus


def test_every_status_but_the_first_can_be_reached_and_none_from_itself():
    assert set(ALLOWED_FROM) == set(S.values) - {S.AWAITING_PAYMENT}
    for to, sources in ALLOWED_FROM.items():
        assert to not in sources, to


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (S.AWAITING_PAYMENT, {S.PAID, S.CANCELED}),
        (S.PAID, {S.IN_PREPARATION, S.DELIVERY_FAILED, S.CANCELED}),
        (S.IN_PREPARATION, {S.SHIPPED, S.DELIVERY_FAILED, S.CANCELED}),
        (S.SHIPPED, {S.DELIVERED, S.DELIVERY_FAILED}),
        (S.DELIVERY_FAILED, {S.SHIPPED, S.CANCELED}),
        # Delivered and canceled are final: nothing leads back.
        (S.DELIVERED, set()),
        (S.CANCELED, set()),
    ],
)
def test_moves_offered_from_each_status(status, offered):
    assert set(transitions_from(status)) == offered


@pytest.mark.django_db
def test_moves_are_checked_and_recorded_with_their_dates(admin_user):
    order = guest_order("ana@example.com")
    order.status = S.PAID
    order.save()
    with pytest.raises(InvalidTransition):
        order_to_delivered(order=order, actor=admin_user, delivered_on=datetime.date(2026, 12, 1))
    order_to_in_preparation(order=order, actor=admin_user)
    shipped_at = datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC)
    order_to_shipped(order=order, actor=admin_user, now=shipped_at, note="RR123456789RS")
    order_to_delivered(order=order, actor=admin_user, delivered_on=datetime.date(2026, 12, 3))
    order.refresh_from_db()
    assert (order.status, order.shipped_at) == (S.DELIVERED, shipped_at)
    assert order.delivered_on == datetime.date(2026, 12, 3)
    events = list(OrderEvent.objects.filter(order=order).values_list("from_status", "to_status"))
    assert events == [
        (S.PAID, S.IN_PREPARATION),
        (S.IN_PREPARATION, S.SHIPPED),
        (S.SHIPPED, S.DELIVERED),
    ]
    assert OrderEvent.objects.filter(order=order, actor=admin_user).count() == 3
    with pytest.raises(InvalidTransition):
        order_to_shipped(order=order, actor=admin_user, now=shipped_at)


@pytest.mark.parametrize(
    ("paid", "refunded", "status"),
    [
        ("0.00", "0.00", MoneyStatus.UNPAID),
        ("5440.00", "0.00", MoneyStatus.PAID),
        ("5440.00", "0.01", MoneyStatus.PARTIALLY_REFUNDED),
        ("5440.00", "5439.99", MoneyStatus.PARTIALLY_REFUNDED),
        ("5440.00", "5440.00", MoneyStatus.REFUNDED),
        # Two payments of one order (a duplicate), one refunded in full.
        ("10880.00", "5440.00", MoneyStatus.PARTIALLY_REFUNDED),
    ],
)
def test_money_status_follows_the_amounts(paid, refunded, status):
    assert money_status_for(paid=Decimal(paid), refunded=Decimal(refunded)) == status


@given(
    paid=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000000"), places=2),
    share=st.fractions(min_value=0, max_value=1),
)
def test_money_status_is_refunded_exactly_when_everything_came_back(paid, share):
    refunded = (paid * Decimal(share.numerator) / Decimal(share.denominator)).quantize(
        Decimal("0.01")
    )
    status = money_status_for(paid=paid, refunded=refunded)
    if refunded == 0:
        assert status == MoneyStatus.PAID
    elif refunded >= paid:
        assert status == MoneyStatus.REFUNDED
    else:
        assert status == MoneyStatus.PARTIALLY_REFUNDED
