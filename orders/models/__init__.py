from .courier import CourierNotification, CourierNotificationStatus
from .document import (
    DocumentKind,
    DocumentNumberCounter,
    DocumentSeries,
    OrderDocument,
)
from .email_kind import EmailKind
from .fraud import FraudFlag
from .order import (
    NEEDS_ATTENTION,
    CourierBackendChoice,
    DeliveryMethod,
    FulfilmentStatus,
    MoneyStatus,
    NeedsAttention,
    Order,
    OrderEvent,
    OrderEventKind,
    OrderLine,
    OrderNumberCounter,
    StockReservation,
)
from .payment import Payment
from .refund import FINAL_REFUND_STATUSES, RELEASED_REFUND_STATUSES, Refund
from .staff import CustomerBlock, DeliveryDigest

__all__ = [
    "FINAL_REFUND_STATUSES",
    "NEEDS_ATTENTION",
    "RELEASED_REFUND_STATUSES",
    "CourierBackendChoice",
    "CourierNotification",
    "CourierNotificationStatus",
    "CustomerBlock",
    "DeliveryDigest",
    "DeliveryMethod",
    "DocumentKind",
    "DocumentNumberCounter",
    "DocumentSeries",
    "EmailKind",
    "FraudFlag",
    "FulfilmentStatus",
    "MoneyStatus",
    "NeedsAttention",
    "Order",
    "OrderDocument",
    "OrderEvent",
    "OrderEventKind",
    "OrderLine",
    "OrderNumberCounter",
    "Payment",
    "Refund",
    "StockReservation",
]
