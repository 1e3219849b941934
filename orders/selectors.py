"""Read queries of the orders app."""

import datetime
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from catalog.models import ProductImage

from . import rules
from .models import (
    FINAL_REFUND_STATUSES,
    CustomerBlock,
    DeliveryMethod,
    FulfilmentStatus,
    Order,
    OrderDocument,
    Refund,
    StockReservation,
)


def order_lines_with_photos(order: Order) -> list:
    """The order's lines, each with `photo`: the first photo of the product bought, or None when
    the variant or its product is gone (the line's snapshot still names it). Three queries
    however many lines."""
    lines = list(
        order.lines.select_related("variant__product").prefetch_related(
            Prefetch(
                "variant__product__images",
                queryset=ProductImage.objects.order_by("position", "pk"),
            )
        )
    )
    for line in lines:
        photos = line.variant.product.images.all() if line.variant else ()
        line.photo = photos[0] if photos else None
    return lines


def delivery_methods_offered():
    return DeliveryMethod.objects.filter(is_active=True)


def order_by_checkout_key(key) -> Order | None:
    return Order.objects.filter(idempotency_key=key).first()


def orders_of_customer(user):
    """A customer's order history, newest first."""
    return Order.objects.filter(user=user).only(
        "number", "status", "money_status", "total", "created_at", "user_id"
    )


def refunds_in_progress():
    """Refunds asked for but not yet completed or given up by the provider (for the staff
    dashboard): queued, pending or processing, oldest first."""
    return (
        Refund.objects.exclude(status__in=FINAL_REFUND_STATUSES)
        .select_related("order", "created_by")
        .order_by("created_at", "pk")
    )


def order_documents(order: Order):
    """The documents issued for an order, oldest first (order page and admin)."""
    return OrderDocument.objects.filter(order=order).only(
        "pk", "order_id", "kind", "number", "file", "created_at"
    )


def order_document_of(*, order: Order, document_id: int) -> OrderDocument | None:
    return OrderDocument.objects.filter(order=order, pk=document_id).first()


# --- Staff ----------------------------------------------------------------------------------
# Paid and not yet delivered: the statuses the delivery deadline runs in.
UNSHIPPED = (
    FulfilmentStatus.PAID,
    FulfilmentStatus.IN_PREPARATION,
    FulfilmentStatus.DELIVERY_FAILED,
)
TO_SHIP = (FulfilmentStatus.PAID, FulfilmentStatus.IN_PREPARATION)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def orders_by_delivery_risk(queryset, risk: str, *, today: datetime.date):
    """The unshipped orders of `queryset` that are late or at risk (see rules.delivery_risk)."""
    late_before, at_risk_before = rules.risk_purchase_dates(today)
    unshipped = queryset.filter(status__in=UNSHIPPED)
    if risk == rules.DeliveryRisk.LATE:
        return unshipped.filter(paid_at__lt=_start_of(late_before))
    if risk == rules.DeliveryRisk.AT_RISK:
        return unshipped.filter(
            paid_at__gte=_start_of(late_before), paid_at__lt=_start_of(at_risk_before)
        )
    return queryset.none()


def orders_needing_attention(*, today: datetime.date) -> dict[str, list[Order]]:
    """Late and at-risk orders, oldest purchase first, for the staff digest."""
    orders = Order.objects.only("number", "full_name", "status", "paid_at", "delivery_name")
    return {
        risk: list(orders_by_delivery_risk(orders, risk, today=today).order_by("paid_at"))
        for risk in (rules.DeliveryRisk.LATE, rules.DeliveryRisk.AT_RISK)
    }


def unpaid_orders_holding_stock(*, email: str, user=None) -> int:
    """How many orders of this customer (by e-mail or account) wait for payment with stock
    held for them."""
    match = Q(email=email.strip().lower())
    if user is not None and user.is_authenticated:
        match |= Q(user=user)
    return Order.objects.filter(
        match,
        status=FulfilmentStatus.AWAITING_PAYMENT,
        stock_reservation=StockReservation.HELD,
    ).count()


def customer_is_blocked(*, email: str, user=None) -> bool:
    blocks = CustomerBlock.objects.filter(lifted_at__isnull=True)
    match = Q(email=email.strip().lower()) if email.strip() else Q(pk__in=[])
    if user is not None and user.is_authenticated:
        match |= Q(user=user) | Q(email=user.email.lower())
    return blocks.filter(match).exists()


def paid_sales_per_day(*, today: datetime.date, days: int = 30) -> list[tuple]:
    """[(day, total RSD)] for each of the last `days` days up to today, 0 on days without a
    sale. A sale counts on the day it was paid, refunded or not."""
    first = today - datetime.timedelta(days=days - 1)
    totals = dict(
        Order.objects.filter(paid_at__gte=_start_of(first))
        .annotate(day=TruncDate("paid_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(total=Sum("total"))
        .values_list("day", "total")
    )
    return [
        (day, totals.get(day, Decimal("0.00")))
        for day in (first + datetime.timedelta(days=n) for n in range(days))
    ]
