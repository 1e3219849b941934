"""The purchase rules of the terms, as pure functions: no database, no clock.

Money is Decimal in RSD with two places, prices include 20 % VAT, rounding is half up."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import quote

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legal.consumer_law import DELIVERY_DAYS

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# Terms, "Manner and conditions of delivery": orders worth up to 11,000.00 RSD pay the chosen
# courier's price; orders worth over 11,000.00 RSD are delivered at the seller's expense. The
# worth is the goods (VAT included), delivery excluded.
FREE_DELIVERY_OVER_RSD = Decimal("11000.00")
VAT_RATE = Decimal("0.20")
SERBIA = "RS"


def money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


# --- Delivery price -------------------------------------------------------------------------
def ships_free(goods_total: Decimal) -> bool:
    return goods_total > FREE_DELIVERY_OVER_RSD


def delivery_price(*, goods_total: Decimal, courier_price: Decimal) -> Decimal:
    return ZERO if ships_free(goods_total) else money(courier_price)


def amount_to_free_delivery(goods_total: Decimal) -> Decimal:
    """The "X RSD more for free delivery" of the cart: the smallest amount that takes the goods
    over the threshold (at exactly 11,000.00 delivery is still paid, so 0.01 more is needed);
    0.00 once delivery is free."""
    if ships_free(goods_total):
        return ZERO
    return money(FREE_DELIVERY_OVER_RSD + CENT - goods_total)


# --- Delivery address -----------------------------------------------------------------------
# Serbian postal codes have five digits, the first two roughly the district (Pošta Srbije;
# en.wikipedia.org/wiki/Postal_codes_in_Serbia). Pošta Srbije's register of post offices runs
# from 11000 (Beograd) to the 37xxx block (Rasinski okrug, Kruševac 37000), and gives Kosovo
# and Metohija the 38xxx block: every post office of the Kosovski, Kosovskomitrovački and
# Kosovskopomoravski districts in it is 38xxx, e.g. 38205 Gračanica, 38213 Prilužje (Vučitrn),
# 38218 Leposavić, 38220 Kosovska Mitrovica, 38236 Štrpce, 38260 Kosovska Kamenica (register as
# published in github.com/likmaxxl/stareStvari client/src/json-files/SviGradovi.js; Pošta
# Srbije on 38213 Prilužje "u opštini Vučitrn na Kosovu i Metohiji", Euronews Srbija,
# 29 May 2025). No other Serbian post office uses 38xxx or anything at or above 39000.
# Kosovo's own post (10000 Prishtinë …) uses codes that may coincide with Serbian ones; such an
# address still names a Kosovo town, which only the checkout's human review can catch.
SERBIAN_POSTAL_CODES = range(11000, 38000)
KOSOVO_AND_METOHIJA_POSTAL_CODES = range(38000, 39000)
POSTAL_CODE = re.compile(r"^[0-9]{5}$")


class DeliveryRefusal(models.TextChoices):
    OUTSIDE_SERBIA = "outside_serbia", _("We deliver only within the Republic of Serbia.")
    KOSOVO_AND_METOHIJA = (
        "kosovo_and_metohija",
        _("We are sorry: we cannot deliver to Kosovo and Metohija (postal codes 38000–38999)."),
    )
    INVALID_POSTAL_CODE = (
        "invalid_postal_code",
        _("Enter a Serbian postal code: five digits, for example 11000."),
    )


def normalize_postal_code(raw: str) -> str:
    """ "11 000" and " 11000 " are how people type 11000."""
    return "".join(raw.split())


def delivery_refusal(*, country_code: str, postal_code: str) -> DeliveryRefusal | None:
    """Why the shop cannot deliver to this address, or None when it can (terms: delivery only
    within the Republic of Serbia, not to Kosovo and Metohija)."""
    if country_code.strip().upper() != SERBIA:
        return DeliveryRefusal.OUTSIDE_SERBIA
    code = normalize_postal_code(postal_code)
    if not POSTAL_CODE.match(code):
        return DeliveryRefusal.INVALID_POSTAL_CODE
    if int(code) in KOSOVO_AND_METOHIJA_POSTAL_CODES:
        return DeliveryRefusal.KOSOVO_AND_METOHIJA
    if int(code) not in SERBIAN_POSTAL_CODES:
        return DeliveryRefusal.INVALID_POSTAL_CODE
    return None


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
