"""The order pipeline: which status may follow which, one function per move. Every move is
checked against the order's current status and recorded as an order event (who, when, from,
to, note). Callers lock the order (`select_for_update`) inside their transaction."""

from ..models import Order, OrderEvent, OrderStatus

S = OrderStatus

# Refunds can follow any state in which money was taken.
_MONEY_TAKEN = (
    S.PAID,
    S.IN_PREPARATION,
    S.SHIPPED,
    S.DELIVERED,
    S.DELIVERY_FAILED,
    S.CANCELED,
    S.PARTIALLY_REFUNDED,
)

# A partial refund (a missing earring, a price correction) can come before the parcel leaves
# or while it travels: the order then goes on along the pipeline from "partially refunded".
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    S.PAID: (S.AWAITING_PAYMENT,),
    S.IN_PREPARATION: (S.PAID, S.PARTIALLY_REFUNDED),
    S.SHIPPED: (S.IN_PREPARATION, S.DELIVERY_FAILED, S.PARTIALLY_REFUNDED),
    S.DELIVERED: (S.SHIPPED, S.PARTIALLY_REFUNDED),
    S.DELIVERY_FAILED: (S.PAID, S.IN_PREPARATION, S.SHIPPED),
    S.CANCELED: (S.AWAITING_PAYMENT, S.PAID, S.IN_PREPARATION, S.DELIVERY_FAILED),
    S.PARTIALLY_REFUNDED: _MONEY_TAKEN,
    S.REFUNDED: _MONEY_TAKEN,
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
            f"{OrderStatus(to).label}."
        )
    previous = order.status
    order.status = to
    order.save(update_fields=["status", *extra_fields])
    OrderEvent.objects.create(
        order=order, kind="status", from_status=previous, to_status=to, actor=actor, note=note
    )


def order_to_paid(*, order: Order, now) -> None:
    order.paid_at = now
    order.reserved_until = None
    _move(order, to=S.PAID, extra_fields=("paid_at", "reserved_until", "stock_reservation"))


def order_to_in_preparation(*, order: Order, actor, note: str = "") -> None:
    _move(order, to=S.IN_PREPARATION, actor=actor, note=note)


def order_to_shipped(*, order: Order, actor, note: str = "") -> None:
    _move(order, to=S.SHIPPED, actor=actor, note=note)


def order_to_delivered(*, order: Order, actor, note: str = "") -> None:
    _move(order, to=S.DELIVERED, actor=actor, note=note)


def order_to_delivery_failed(*, order: Order, actor, note: str = "") -> None:
    _move(order, to=S.DELIVERY_FAILED, actor=actor, note=note)


def order_to_canceled(*, order: Order, actor, note: str = "") -> None:
    _move(order, to=S.CANCELED, actor=actor, note=note)


def order_to_partially_refunded(*, order: Order, actor=None, note: str = "") -> None:
    _move(order, to=S.PARTIALLY_REFUNDED, actor=actor, note=note)


def order_to_refunded(*, order: Order, actor=None, note: str = "") -> None:
    _move(order, to=S.REFUNDED, actor=actor, note=note)
