"""The shopping cart. Prices are never stored in the cart: they are read from the catalog every
time the cart is shown, so a tampered form can change nothing but quantities."""

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Variant
from catalog.rules import shortage_message

from .models import Cart, CartLine

CART_SESSION_KEY = "cart_id"
MAX_QUANTITY_PER_LINE = 99


class CartError(Exception):
    """A cart change the shopper asked for that cannot be made; the message says why."""


def cart_find(*, user, session) -> Cart | None:
    if user.is_authenticated:
        return Cart.objects.filter(user=user).first()
    cart_id = session.get(CART_SESSION_KEY)
    if not isinstance(cart_id, int):
        return None
    return Cart.objects.filter(pk=cart_id, user__isnull=True).first()


def cart_get_or_create(*, user, session) -> Cart:
    if user.is_authenticated:
        cart, _created = Cart.objects.get_or_create(user=user)
        return cart
    cart = cart_find(user=user, session=session)
    if cart is None:
        cart = Cart.objects.create()
        session[CART_SESSION_KEY] = cart.pk
    return cart


def _sellable_variant(variant_id) -> Variant:
    variant = (
        Variant.objects.select_related("product")
        .filter(pk=variant_id, is_active=True, product__is_published=True)
        .first()
    )
    if variant is None:
        raise CartError(_("This item is no longer available."))
    return variant


def _check_stock(variant: Variant, quantity: int) -> None:
    if quantity > variant.stock:
        raise CartError(shortage_message(variant))
    if quantity > MAX_QUANTITY_PER_LINE:
        raise CartError(
            _("You can order at most %(count)d of one item.") % {"count": MAX_QUANTITY_PER_LINE}
        )


@transaction.atomic
def cart_add(*, cart: Cart, variant_id: int, quantity: int) -> CartLine:
    if quantity < 1:
        raise CartError(_("Choose a quantity of at least 1."))
    # Lock the cart so that two quick clicks add up instead of racing.
    Cart.objects.select_for_update().filter(pk=cart.pk).first()
    variant = _sellable_variant(variant_id)
    if variant.stock <= 0:
        raise CartError(
            _("This size is sold out. Please choose another.")
            if variant.option
            else _("This piece is sold out.")
        )
    line = CartLine.objects.filter(cart=cart, variant=variant).first()
    new_quantity = quantity + (line.quantity if line else 0)
    _check_stock(variant, new_quantity)
    if line is None:
        return CartLine.objects.create(cart=cart, variant=variant, quantity=new_quantity)
    line.quantity = new_quantity
    line.save(update_fields=["quantity"])
    return line


@transaction.atomic
def cart_set_quantity(*, cart: Cart, line_id: int, quantity: int) -> None:
    line = CartLine.objects.select_for_update().filter(cart=cart, pk=line_id).first()
    if line is None:
        raise CartError(_("This item is no longer in your cart."))
    if quantity <= 0:
        line.delete()
        return
    _check_stock(_sellable_variant(line.variant_id), quantity)
    line.quantity = quantity
    line.save(update_fields=["quantity"])


def cart_remove(*, cart: Cart, line_id: int) -> None:
    CartLine.objects.filter(cart=cart, pk=line_id).delete()


@transaction.atomic
def cart_merge(*, source: Cart, target: Cart) -> None:
    """At sign-in the guest's cart joins the customer's saved cart; quantities add up to at
    most what is in stock, and the guest cart is removed."""
    if source.pk == target.pk:
        return
    Cart.objects.select_for_update().filter(pk__in=(source.pk, target.pk)).order_by("pk").count()
    existing = {line.variant_id: line for line in target.lines.select_related("variant")}
    for line in source.lines.select_related("variant"):
        in_target = existing.get(line.variant_id)
        wanted = line.quantity + (in_target.quantity if in_target else 0)
        quantity = min(wanted, line.variant.stock, MAX_QUANTITY_PER_LINE)
        if quantity < 1:
            continue
        if in_target is None:
            CartLine.objects.create(cart=target, variant_id=line.variant_id, quantity=quantity)
        else:
            in_target.quantity = quantity
            in_target.save(update_fields=["quantity"])
    source.delete()
