from .cart import Cart, CartLine
from .document import (
    DocumentKind,
    DocumentNumberCounter,
    DocumentSeries,
    OrderDocument,
)
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
from .sent_email import EmailKind, SentEmail

__all__ = [
    "Cart",
    "CartLine",
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
    "SentEmail",
    "StockReservation",
]
