"""The order pipeline's allowed moves, as the staff admin offers them."""

import pytest

from orders.models import FulfilmentStatus, OrderEvent
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


def test_every_status_but_the_first_can_be_reached_and_none_from_itself_except_refunds():
    assert set(ALLOWED_FROM) == set(S.values) - {S.AWAITING_PAYMENT}
    for to, sources in ALLOWED_FROM.items():
        assert (to in sources) == (to == S.PARTIALLY_REFUNDED), to


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (S.AWAITING_PAYMENT, {S.PAID, S.CANCELED}),
        (
            S.PAID,
            {S.IN_PREPARATION, S.DELIVERY_FAILED, S.CANCELED, S.REFUNDED, S.PARTIALLY_REFUNDED},
        ),
        (S.SHIPPED, {S.DELIVERED, S.DELIVERY_FAILED, S.REFUNDED, S.PARTIALLY_REFUNDED}),
        (S.DELIVERED, {S.REFUNDED, S.PARTIALLY_REFUNDED}),
        (
            S.PARTIALLY_REFUNDED,
            {S.IN_PREPARATION, S.SHIPPED, S.DELIVERED, S.REFUNDED, S.PARTIALLY_REFUNDED},
        ),
        (S.REFUNDED, set()),
    ],
)
def test_moves_offered_from_each_status(status, offered):
    assert set(transitions_from(status)) == offered


@pytest.mark.django_db
def test_moves_are_checked_and_recorded(admin_user):
    order = guest_order("ana@example.com")
    order.status = S.PAID
    order.save()
    with pytest.raises(InvalidTransition):
        order_to_delivered(order=order, actor=admin_user)
    order_to_in_preparation(order=order, actor=admin_user)
    order_to_shipped(order=order, actor=admin_user, note="tracking RR123456789RS")
    order.refresh_from_db()
    assert order.status == S.SHIPPED
    events = list(OrderEvent.objects.filter(order=order).values_list("from_status", "to_status"))
    assert events == [(S.PAID, S.IN_PREPARATION), (S.IN_PREPARATION, S.SHIPPED)]
    assert OrderEvent.objects.filter(order=order, actor=admin_user).count() == 2
