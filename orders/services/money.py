"""The order's money status, derived from its payments and completed refunds."""

from django.db.models import Sum

from catalog.prices import ZERO

from ..models import MoneyStatus, Order, OrderEventKind, Payment, Refund
from ..models.order import money_status_for
from ..payments import ProviderRefundStatus
from .timeline import order_event_record


def order_money_refresh(*, order: Order) -> MoneyStatus:
    """Recompute the money status after a payment or a refund changed; call with the order
    locked. Records the change on the timeline."""
    paid = (
        Payment.objects.filter(order=order, paid_at__isnull=False).aggregate(
            total=Sum("amount_rsd")
        )["total"]
        or ZERO
    )
    refunded = (
        Refund.objects.filter(order=order, status=ProviderRefundStatus.REFUNDED).aggregate(
            total=Sum("amount_rsd")
        )["total"]
        or ZERO
    )
    status = money_status_for(paid=paid, refunded=refunded)
    if status != order.money_status:
        previous = order.money_status
        order.money_status = status
        order.save(update_fields=["money_status"])
        order_event_record(
            order=order,
            kind=OrderEventKind.MONEY_STATUS_CHANGED,
            from_status=previous,
            to_status=status,
            note=f"RSD {refunded} of {paid} refunded" if refunded else "",
        )
    return status
