"""The shopping cart. Prices are never stored in the cart: they are read from the catalog every
time the cart is shown, so a tampered form can change nothing but quantities."""

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.engraving import EngravingError, engraving_clean
from catalog.models import Variant
from catalog.rules import shortage_message

from .models import Cart, CartLine
from .selectors import visitor_carts

CART_SESSION_KEY = "cart_id"
MAX_QUANTITY_PER_LINE = 99


class CartError(Exception):
    """A cart change the shopper asked for that cannot be made; the message says why."""


def guest_cart_id(session) -> int | None:
    """The id of the cart a visitor without an account keeps in their session, if any."""
    cart_id = session.get(CART_SESSION_KEY)
    return cart_id if isinstance(cart_id, int) else None


def guest_cart_forget(session) -> None:
    """The guest's cart became an order and is empty: the session lets it go, so that the pages
    after it (payment, order) need not count what is in it."""
    session.pop(CART_SESSION_KEY, None)


def cart_find(*, user, session) -> Cart | None:
    return visitor_carts(user=user, cart_id=guest_cart_id(session)).first()


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


def _in_other_lines(cart: Cart, variant: Variant, line: CartLine | None) -> int:
    """How many of `variant` the cart's other lines hold (the same ring with another engraving)."""
    others = CartLine.objects.filter(cart=cart, variant=variant)
    if line is not None:
        others = others.exclude(pk=line.pk)
    return sum(others.values_list("quantity", flat=True))


def _check_stock(variant: Variant, quantity: int, *, in_other_lines: int = 0) -> None:
    if quantity + in_other_lines > variant.stock:
        raise CartError(shortage_message(variant))
    if quantity > MAX_QUANTITY_PER_LINE:
        raise CartError(
            _("You can order at most %(count)d of one item.") % {"count": MAX_QUANTITY_PER_LINE}
        )


def _engraving(variant: Variant, text: str) -> str:
    product = variant.product
    try:
        return engraving_clean(
            text, max_length=product.engraving_max_length, required=product.is_personalised
        )
    except EngravingError as error:
        raise CartError(str(error)) from None


@transaction.atomic
def cart_add(*, cart: Cart, variant_id: int, quantity: int, engraving: str = "") -> CartLine:
    """Put `quantity` of a variant in the cart. The same variant with the same engraving adds
    to its line; another engraving text is a line of its own (each piece is cut separately)."""
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
    engraving = _engraving(variant, engraving)
    # The variant's lines in one query: the one with this engraving, and the others' count.
    lines = list(CartLine.objects.filter(cart=cart, variant=variant))
    line = next((each for each in lines if each.engraving == engraving), None)
    new_quantity = quantity + (line.quantity if line else 0)
    in_other_lines = sum(each.quantity for each in lines if each is not line)
    _check_stock(variant, new_quantity, in_other_lines=in_other_lines)
    if line is None:
        return CartLine.objects.create(
            cart=cart, variant=variant, engraving=engraving, quantity=new_quantity
        )
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
    variant = _sellable_variant(line.variant_id)
    _check_stock(variant, quantity, in_other_lines=_in_other_lines(cart, variant, line))
    line.quantity = quantity
    line.save(update_fields=["quantity"])


def cart_remove(*, cart: Cart, line_id: int) -> None:
    CartLine.objects.filter(cart=cart, pk=line_id).delete()


@transaction.atomic
def cart_merge(*, source: Cart, target: Cart) -> None:
    """At sign-in the guest's cart joins the customer's saved cart; lines of the same variant
    and engraving add up, all lines of a variant together to at most what is in stock, and
    the guest cart is removed."""
    if source.pk == target.pk:
        return
    Cart.objects.select_for_update().filter(pk__in=(source.pk, target.pk)).order_by("pk").count()
    target_lines = list(target.lines.select_related("variant"))
    existing = {(line.variant_id, line.engraving): line for line in target_lines}
    held: dict[int, int] = {}
    for line in target_lines:
        held[line.variant_id] = held.get(line.variant_id, 0) + line.quantity
    for line in source.lines.select_related("variant"):
        in_target = existing.get((line.variant_id, line.engraving))
        already = in_target.quantity if in_target else 0
        room = max(line.variant.stock - held.get(line.variant_id, 0), 0)
        quantity = min(already + min(line.quantity, room), MAX_QUANTITY_PER_LINE)
        if quantity < 1:
            continue
        held[line.variant_id] = held.get(line.variant_id, 0) + quantity - already
        if in_target is None:
            CartLine.objects.create(
                cart=target,
                variant_id=line.variant_id,
                engraving=line.engraving,
                quantity=quantity,
            )
        else:
            in_target.quantity = quantity
            in_target.save(update_fields=["quantity"])
    source.delete()
