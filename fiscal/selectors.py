"""Read queries of the fiscal app."""

import datetime
from dataclasses import dataclass

from orders.models import FulfilmentStatus, Order, Refund
from orders.payments import ProviderRefundStatus

from .models import FiscalIntent, FiscalReceipt
from .rules import ReceiptKind


def receipts_for_order(order: Order) -> list[FiscalReceipt]:
    return list(FiscalReceipt.objects.filter(order=order).order_by("sdc_date_time", "pk"))


def intents_for_order(order: Order) -> list[FiscalIntent]:
    """Every receipt the order needs, issued or not, each with `issued_receipt` (or None)."""
    intents = list(
        FiscalIntent.objects.filter(order=order).select_related("receipt").order_by("created_at")
    )
    for intent in intents:
        intent.issued_receipt = getattr(intent, "receipt", None)
    return intents


@dataclass(frozen=True)
class ReconciliationRow:
    """One event of the day that needs a receipt, and the receipt it got (or not)."""

    what: str
    order: Order
    amount: object
    receipt: FiscalReceipt | None


def reconciliation(day: datetime.date, tz) -> dict:
    """The day's paid orders, shipped orders and completed refunds against the receipts
    issued for them (each event's receipt is found by its intent's cause), and the receipts
    the processor issued that day. `tz` is the shop's time zone: a day runs from its midnight
    to the next. A refund counts on the day it was last updated (when it became refunded)."""
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    end = start + datetime.timedelta(days=1)
    events = [
        (ReceiptKind.ADVANCE_SALE.label, order, order.total, f"advance:{order.pk}")
        for order in Order.objects.filter(paid_at__gte=start, paid_at__lt=end).order_by("paid_at")
    ]
    shipped = Order.objects.filter(shipped_at__gte=start, shipped_at__lt=end).exclude(
        status=FulfilmentStatus.CANCELED
    )
    events += [
        (ReceiptKind.SALE.label, order, None, f"sale:{order.pk}")
        for order in shipped.order_by("shipped_at")
    ]
    refunds = Refund.objects.filter(
        status=ProviderRefundStatus.REFUNDED, updated_at__gte=start, updated_at__lt=end
    ).select_related("order")
    events += [
        (ReceiptKind.REFUND.label, refund.order, refund.amount_rsd, f"refund:{refund.pk}")
        for refund in refunds.order_by("updated_at")
    ]
    receipts = {
        receipt.intent.cause: receipt
        for receipt in FiscalReceipt.objects.filter(
            intent__cause__in=[cause for *_, cause in events]
        ).select_related("intent")
    }
    rows = [
        ReconciliationRow(what, order, amount, receipts.get(cause))
        for what, order, amount, cause in events
    ]
    issued = FiscalReceipt.objects.filter(sdc_date_time__gte=start, sdc_date_time__lt=end)
    return {
        "rows": rows,
        "missing": [row for row in rows if row.receipt is None],
        "issued": issued.select_related("order").order_by("sdc_date_time"),
    }
