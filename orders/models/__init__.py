from .cart import Cart, CartLine
from .order import (
    DeliveryMethod,
    Order,
    OrderEvent,
    OrderLine,
    OrderNumberCounter,
    OrderStatus,
    StockReservation,
)
from .payment import Payment
from .staff import CustomerBlock, DeliveryDigest

__all__ = [
    "Cart",
    "CartLine",
    "CustomerBlock",
    "DeliveryDigest",
    "DeliveryMethod",
    "Order",
    "OrderEvent",
    "OrderLine",
    "OrderNumberCounter",
    "OrderStatus",
    "Payment",
    "StockReservation",
]
