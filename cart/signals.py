"""The cart follows the shopper across sign-in."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .models import Cart
from .services import CART_SESSION_KEY, cart_merge


@receiver(user_logged_in, dispatch_uid="cart.merge_cart_on_login")
def merge_guest_cart_into_account(sender, request, user, **kwargs):
    if request is None:
        return
    cart_id = request.session.pop(CART_SESSION_KEY, None)
    guest_cart = Cart.objects.filter(pk=cart_id, user__isnull=True).first() if cart_id else None
    if guest_cart is None:
        return
    account_cart, _created = Cart.objects.get_or_create(user=user)
    cart_merge(source=guest_cart, target=account_cart)
