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

__all__ = [
    "Cart",
    "CartLine",
    "DeliveryMethod",
    "Order",
    "OrderEvent",
    "OrderLine",
    "OrderNumberCounter",
    "OrderStatus",
    "Payment",
    "StockReservation",
]
