"""What the courier is told about a parcel, and what every notification backend offers.

The privacy policy promises that the courier gets only what delivery needs: the recipient's
name, phone and delivery address, plus the parcel's count, weight and the order number. The
Shipment below is that whole list; backends send nothing else."""

import dataclasses
from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal
from typing import Protocol

from ..models import DeliveryMethod, Order

# A jewelry box, padding and the shipping bag.
PACKAGING_GRAMS = Decimal("150")
# Everything of one order fits in one parcel: jewelry is small and light.
PARCELS_PER_ORDER = 1


@dataclasses.dataclass(frozen=True)
class Shipment:
    order_number: str
    recipient_name: str
    phone: str
    street: str
    postal_code: str
    city: str
    country: str
    parcel_count: int
    weight_grams: int

    def as_payload(self) -> dict:
        return dataclasses.asdict(self)


class CourierError(Exception):
    """The courier was not notified and trying again will not help (e.g. a missing address)."""


class CourierUnavailable(CourierError):
    """The courier could not be reached or failed for now: try again later."""


class CourierBackend(Protocol):
    def send(
        self,
        shipment: Shipment,
        *,
        method: DeliveryMethod,
        idempotency_key: str,
        test: bool = False,
    ) -> None:
        """Notify the courier; raise CourierError or CourierUnavailable when that failed.
        A test notice (`test=True`) is marked as one: nothing is to be picked up."""


def parcel_weight_grams(items: Iterable[tuple[Decimal, int]]) -> int:
    """Product weights × quantities plus packaging, rounded up to whole grams."""
    goods = sum((weight * quantity for weight, quantity in items), Decimal("0"))
    return int((goods + PACKAGING_GRAMS).to_integral_value(rounding=ROUND_CEILING))


def shipment_for(order: Order) -> Shipment:
    lines = order.lines.select_related("variant__product")
    # A line whose variant was deleted since has no known weight: the packaging margin covers it.
    items = [(line.variant.product.weight_grams, line.quantity) for line in lines if line.variant]
    return Shipment(
        order_number=order.number,
        recipient_name=order.full_name,
        phone=str(order.phone),
        street=order.street,
        postal_code=order.postal_code,
        city=order.city,
        country=order.country,
        parcel_count=PARCELS_PER_ORDER,
        weight_grams=parcel_weight_grams(items),
    )
