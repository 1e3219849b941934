"""Read queries of the fiscal app."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from orders.models import FulfilmentStatus, Order, Refund
from orders.payments import ProviderRefundStatus

from .models import FiscalIntent, FiscalReceipt
from .rules import ReceiptKind


def receipts_for_order(order: Order) -> list[FiscalReceipt]:
    return list(FiscalReceipt.objects.filter(order=order).order_by("sdc_date_time", "pk"))


def intents_for_order(order: Order) -> list[FiscalIntent]:
    """Every receipt the order needs, issued or not, each with `issued_receipt` (or None)."""
    intents = FiscalIntent.objects.filter(order=order).prefetch_related(
        Prefetch("receipt", queryset=FiscalReceipt.objects.all())
    )
    result = list(intents.order_by("created_at", "pk"))
    for intent in result:
        intent.issued_receipt = (
            getattr(intent, "receipt", None) if intent.status == "issued" else None
        )
    return result


@dataclass(frozen=True)
class ReconciliationRow:
    """One event of the day that needs a receipt, and the receipt it got (or not)."""

    what: str
    order: Order
    amount: object
    receipt: FiscalReceipt | None


def reconciliation(day: datetime.date, tz) -> dict:
    """The day's paid orders, shipped orders and completed refunds against the receipts
    issued for them, and the day's receipts with no such event (issued late for an earlier
    one). `tz` is the shop's time zone: a day runs from its midnight to the next."""
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    end = start + datetime.timedelta(days=1)
    receipts_by_cause = {
        intent.cause: getattr(intent, "receipt", None)
        for intent in FiscalIntent.objects.filter(order__in=Order.objects.filter(paid_at__lt=end))
        .select_related("receipt")
        .filter(created_at__gte=start - datetime.timedelta(days=62))
    }
    rows = []
    for order in Order.objects.filter(paid_at__gte=start, paid_at__lt=end).order_by("paid_at"):
        rows.append(
            ReconciliationRow(
                ReceiptKind.ADVANCE_SALE.label,
                order,
                order.total,
                receipts_by_cause.get(f"advance:{order.pk}"),
            )
        )
    shipped = Order.objects.filter(shipped_at__gte=start, shipped_at__lt=end).exclude(
        status=FulfilmentStatus.CANCELED
    )
    for order in shipped.order_by("shipped_at"):
        rows.append(
            ReconciliationRow(
                ReceiptKind.SALE.label, order, None, receipts_by_cause.get(f"sale:{order.pk}")
            )
        )
    refunds = Refund.objects.filter(
        status=ProviderRefundStatus.REFUNDED, updated_at__gte=start, updated_at__lt=end
    ).select_related("order")
    for refund in refunds.order_by("updated_at"):
        rows.append(
            ReconciliationRow(
                ReceiptKind.REFUND.label,
                refund.order,
                refund.amount_rsd,
                receipts_by_cause.get(f"refund:{refund.pk}"),
            )
        )
    issued = FiscalReceipt.objects.filter(sdc_date_time__gte=start, sdc_date_time__lt=end)
    return {
        "rows": rows,
        "missing": [row for row in rows if row.receipt is None],
        "issued": issued.select_related("order").order_by("sdc_date_time"),
    }
