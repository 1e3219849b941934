from .cart import Cart, CartLine
from .courier import CourierNotification, CourierNotificationStatus
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

__all__ = [
    "FINAL_REFUND_STATUSES",
    "RELEASED_REFUND_STATUSES",
    "Cart",
    "CartLine",
    "CourierBackendChoice",
    "CourierNotification",
    "CourierNotificationStatus",
    "DeliveryMethod",
    "Order",
    "OrderEvent",
    "OrderLine",
    "OrderNumberCounter",
    "OrderStatus",
    "Payment",
    "Refund",
    "StockReservation",
]
