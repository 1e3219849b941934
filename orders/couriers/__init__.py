"""Telling the courier that a parcel is ready: one backend per way a courier takes orders,
chosen per courier service (DeliveryMethod.notification_backend)."""

from ..models import CourierBackendChoice
from .base import (
    CourierBackend,
    CourierError,
    CourierUnavailable,
    Shipment,
    parcel_weight_grams,
    shipment_for,
)
from .email import EmailCourierBackend, shipping_label_pdf
from .http import HttpCourierBackend

__all__ = [
    "CourierBackend",
    "CourierError",
    "CourierUnavailable",
    "Shipment",
    "get_courier_backend",
    "parcel_weight_grams",
    "shipment_for",
    "shipping_label_pdf",
]

BACKENDS = {
    CourierBackendChoice.EMAIL: EmailCourierBackend,
    CourierBackendChoice.HTTP: HttpCourierBackend,
}


def get_courier_backend(name: str) -> CourierBackend | None:
    """The backend for a DeliveryMethod's choice; None when staff notify the courier by hand."""
    backend = BACKENDS.get(name)
    return backend() if backend else None
