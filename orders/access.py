"""Who may open an order page: its customer when signed in, or anyone holding the signed link
from the confirmation page and e-mail (guests have no account)."""

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from .models import Order

_signer = signing.Signer(salt="orders.order-page")


def order_access_key(order: Order) -> str:
    return _signer.signature(str(order.public_id))


def order_link(order: Order) -> str:
    """The order page's path with its signed key: works without signing in."""
    return f"{reverse('orders:order_detail', args=(order.number,))}?key={order_access_key(order)}"


def order_visible_to(order: Order, *, user, key: str | None) -> bool:
    if user.is_authenticated and order.user_id == user.pk:
        return True
    return bool(key) and constant_time_compare(key, order_access_key(order))
