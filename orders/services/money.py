"""The order's money status, derived from its payments and completed refunds."""

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from catalog.prices import ZERO

from ..models import MoneyStatus, Order, OrderEventKind, Payment, Refund
from ..models.order import money_status_for
from ..payments import ProviderRefundStatus
from .timeline import order_event_record


def order_money_refresh(*, order: Order) -> MoneyStatus:
    """Recompute the money status after a payment or a refund changed; call with the order
    locked. Records the change on the timeline."""
    paid_payments = Payment.objects.filter(order=OuterRef("pk"), paid_at__isnull=False)
    refunds_made = Refund.objects.filter(order=OuterRef("pk"), status=ProviderRefundStatus.REFUNDED)
    # Both sums in one query, each over its own table (a join of the two would count each
    # payment once per refund).
    totals = Order.objects.filter(pk=order.pk).values(
        paid=_sum_of_amounts(paid_payments), refunded=_sum_of_amounts(refunds_made)
    )[0]
    paid, refunded = totals["paid"], totals["refunded"]
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


def _sum_of_amounts(rows) -> Coalesce:
    total = rows.order_by().values("order").annotate(total=Sum("amount_rsd")).values("total")
    return Coalesce(
        Subquery(total), Value(ZERO), output_field=DecimalField(max_digits=12, decimal_places=2)
    )
