from .cart import Cart, CartLine
from .courier import CourierNotification, CourierNotificationStatus
from .document import (
    DocumentKind,
    DocumentNumberCounter,
    DocumentSeries,
    OrderDocument,
)
from .order import (
    CourierBackendChoice,
    DeliveryMethod,
    Order,
    OrderEvent,
    OrderLine,
    OrderNumberCounter,
    OrderStatus,
    StockReservation,
)
from .payment import Payment
from .refund import FINAL_REFUND_STATUSES, RELEASED_REFUND_STATUSES, Refund
from .sent_email import EmailKind, SentEmail
from .staff import CustomerBlock, DeliveryDigest

__all__ = [
    "FINAL_REFUND_STATUSES",
    "RELEASED_REFUND_STATUSES",
    "Cart",
    "CartLine",
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
    "Order",
    "OrderDocument",
    "OrderEvent",
    "OrderLine",
    "OrderNumberCounter",
    "OrderStatus",
    "Payment",
    "Refund",
    "SentEmail",
    "StockReservation",
]
