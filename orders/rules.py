"""The purchase rules of the terms, as pure functions: no database, no clock.

Money is Decimal in RSD with two places, prices include 20 % VAT, rounding is half up (the
rounding and the free-delivery threshold are in `catalog.prices`, shared with the cart; where
the shop delivers is in `legal.delivery_area`)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.prices import ZERO, money, ships_free
from legal.consumer_law import DELIVERY_DAYS

VAT_RATE = Decimal("0.20")
# Unpaid orders one customer may have holding stock at once (each holds it for the payment
# time); together with the per-visitor rate limit on placing orders (settings) this keeps a
# script from making the shop look sold out.
MAX_UNPAID_ORDERS = 3


# --- Delivery price -------------------------------------------------------------------------
def delivery_price(*, goods_total: Decimal, courier_price: Decimal) -> Decimal:
    return ZERO if ships_free(goods_total) else money(courier_price)


# --- VAT and totals -------------------------------------------------------------------------
@dataclass(frozen=True)
class VatSplit:
    gross: Decimal
    net: Decimal
    vat: Decimal


def vat_split(gross: Decimal) -> VatSplit:
    """Split a price that includes 20 % VAT: VAT = gross × 20/120, rounded half up to the para;
    net is the rest, so net + VAT is always exactly the gross."""
    gross = money(gross)
    vat = money(gross * VAT_RATE / (1 + VAT_RATE))
    return VatSplit(gross=gross, net=gross - vat, vat=vat)


@dataclass(frozen=True)
class PricedLine:
    unit_price: Decimal
    quantity: int

    @property
    def total(self) -> Decimal:
        return money(self.unit_price * self.quantity)


@dataclass(frozen=True)
class OrderTotals:
    goods: Decimal
    delivery: Decimal
    total: Decimal
    # VAT included in the total (goods and delivery), computed once on the total.
    vat: Decimal
    net: Decimal


def order_totals(*, lines: Iterable[PricedLine], courier_price: Decimal) -> OrderTotals:
    lines = list(lines)
    for line in lines:
        if line.quantity < 1 or line.unit_price < 0:
            raise ValueError(f"not a sellable line: {line}")
    if courier_price < 0:
        raise ValueError(f"negative courier price {courier_price}")
    goods = sum((line.total for line in lines), ZERO)
    delivery = delivery_price(goods_total=goods, courier_price=courier_price)
    split = vat_split(goods + delivery)
    return OrderTotals(
        goods=goods, delivery=delivery, total=split.gross, vat=split.vat, net=split.net
    )


# --- Order number ---------------------------------------------------------------------------
def order_number(*, year: int, sequence: int) -> str:
    """CM-2026-000123: the year the order was placed and its number within that year."""
    if sequence < 1 or not 2000 <= year <= 9999:
        raise ValueError(f"no order number for year {year}, sequence {sequence}")
    return f"CM-{year}-{sequence:06d}"


# --- Delivery deadline ----------------------------------------------------------------------
# Terms, "Manner and conditions of delivery": the goods are delivered within 30 days of the
# purchase. Staff are warned from day 25 so there is still time to ship before the deadline.
DELIVERY_DEADLINE_DAYS = DELIVERY_DAYS
AT_RISK_FROM_DAY = 25


class DeliveryRisk(models.TextChoices):
    OK = "ok", _("On time")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")


def purchase_date(paid_at: datetime.datetime) -> datetime.date:
    """The day of purchase in Belgrade (the shop's time zone), whatever the server's clock."""
    return timezone.localtime(paid_at).date()


def delivery_deadline(paid_at: datetime.datetime) -> datetime.date:
    """The last day on which the goods may reach the customer."""
    return purchase_date(paid_at) + datetime.timedelta(days=DELIVERY_DEADLINE_DAYS)


def days_since_purchase(paid_at: datetime.datetime, today: datetime.date) -> int:
    return (today - purchase_date(paid_at)).days


def delivery_risk(paid_at: datetime.datetime, today: datetime.date) -> DeliveryRisk:
    """How an order that is not yet shipped stands against the delivery deadline."""
    if today > delivery_deadline(paid_at):
        return DeliveryRisk.LATE
    if days_since_purchase(paid_at, today) >= AT_RISK_FROM_DAY:
        return DeliveryRisk.AT_RISK
    return DeliveryRisk.OK


def risk_purchase_dates(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(late_before, at_risk_before): an unshipped order bought before `late_before` is late;
    one bought on or after it but before `at_risk_before` is at risk. The database filters use
    these, so they agree with `delivery_risk` day for day."""
    late_before = today - datetime.timedelta(days=DELIVERY_DEADLINE_DAYS)
    at_risk_before = today - datetime.timedelta(days=AT_RISK_FROM_DAY - 1)
    return late_before, at_risk_before


def tracking_url(template: str, tracking_number: str) -> str:
    """The courier's tracking page for a parcel; empty when the courier has no template."""
    if not template or "{tracking_number}" not in template:
        return ""
    return template.replace("{tracking_number}", quote(tracking_number, safe=""))
