"""The fulfilment pipeline: which status may follow which, one function per move. Every move is
checked against the order's current status and recorded on the timeline (who, when, from, to,
note). Money has its own status (`orders.services.money`): refunds never move an order here.
Callers lock the order (`select_for_update`) inside their transaction."""

import datetime

from ..models import FulfilmentStatus, Order, OrderEventKind
from .hooks import OrderHook, order_hooks_enqueue
from .timeline import order_event_record

S = FulfilmentStatus

# Delivered is final: nothing leads back from it. A parcel that came back (delivery failed)
# can be shipped again.
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    S.PAID: (S.AWAITING_PAYMENT,),
    S.IN_PREPARATION: (S.PAID,),
    S.SHIPPED: (S.IN_PREPARATION, S.DELIVERY_FAILED),
    S.DELIVERED: (S.SHIPPED,),
    S.DELIVERY_FAILED: (S.PAID, S.IN_PREPARATION, S.SHIPPED),
    S.CANCELED: (S.AWAITING_PAYMENT, S.PAID, S.IN_PREPARATION, S.DELIVERY_FAILED),
}


class InvalidTransition(Exception):
    pass


def transitions_from(status: str) -> list[str]:
    """The statuses an order in `status` may move to (what admin offers)."""
    return [to for to, sources in ALLOWED_FROM.items() if status in sources]


def _move(order: Order, *, to: str, actor=None, note: str = "", extra_fields=()) -> None:
    if order.status not in ALLOWED_FROM[to]:
        raise InvalidTransition(
            f"Order {order.number} is {order.get_status_display()}; it cannot become "
            f"{FulfilmentStatus(to).label}."
        )
    previous = order.status
    order.status = to
    order.save(update_fields=["status", *extra_fields])
    order_event_record(
        order=order,
        kind=OrderEventKind.STATUS_CHANGED,
        from_status=previous,
        to_status=to,
        actor=actor,
        note=note,
    )


def order_to_paid(*, order: Order, now: datetime.datetime) -> None:
    order.paid_at = now
    order.reserved_until = None
    _move(order, to=S.PAID, extra_fields=("paid_at", "reserved_until", "stock_reservation"))


def order_to_in_preparation(*, order: Order, actor, note: str = "") -> None:
    _move(order, to=S.IN_PREPARATION, actor=actor, note=note)


def order_to_shipped(*, order: Order, actor, now: datetime.datetime, note: str = "") -> None:
    order.shipped_at = now
    _move(order, to=S.SHIPPED, actor=actor, note=note, extra_fields=("shipped_at",))
    # The goods are supplied when they are sent (what the fiscal receipts follow); a parcel
    # sent again after a failed delivery is the same supply.
    order_hooks_enqueue(OrderHook.SHIPPED, key=f"shipped:{order.pk}", now=now, order_id=order.pk)


def order_to_delivered(*, order: Order, actor, delivered_on: datetime.date, note: str = "") -> None:
    order.delivered_on = delivered_on
    _move(order, to=S.DELIVERED, actor=actor, note=note, extra_fields=("delivered_on",))


def order_to_delivery_failed(*, order: Order, actor, note: str = "") -> None:
    _move(order, to=S.DELIVERY_FAILED, actor=actor, note=note)


def order_to_canceled(*, order: Order, actor, note: str = "") -> None:
    _move(order, to=S.CANCELED, actor=actor, note=note)
