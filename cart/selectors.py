"""Read queries of the cart: the cart priced at today's catalog prices, and the header's count."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Sum

from catalog import prices
from catalog.models import ProductImage

from .models import Cart, CartLine


@dataclass(frozen=True)
class CartRow:
    line: CartLine
    unit_price: Decimal
    total: Decimal
    is_available: bool

    @property
    def photo(self) -> ProductImage | None:
        """The product's first photo, from the images cart_summary prefetched."""
        photos = self.line.variant.product.images.all()
        return photos[0] if photos else None


@dataclass(frozen=True)
class CartSummary:
    rows: list[CartRow]
    goods_total: Decimal
    amount_to_free_delivery: Decimal
    item_count: int

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def ships_free(self) -> bool:
        return prices.ships_free(self.goods_total)

    @property
    def has_unavailable_items(self) -> bool:
        return any(not row.is_available for row in self.rows)


def cart_summary(cart: Cart | None) -> CartSummary:
    """The cart with today's catalog prices (never prices stored in the cart)."""
    return _summarise(cart.lines.all() if cart is not None else CartLine.objects.none())


def visitor_cart_summary(*, user, cart_id: int | None) -> CartSummary:
    """The visitor's cart priced as cart_summary does, without fetching the cart itself."""
    return _summarise(_visitor_lines(user=user, cart_id=cart_id))


def cart_item_count(cart_id: int | None, user) -> int:
    """For the header's cart link, and for a posted checkout step: one query."""
    count = _visitor_lines(user=user, cart_id=cart_id).aggregate(count=Sum("quantity"))
    return count["count"] or 0


def visitor_carts(*, user, cart_id: int | None):
    """An account's own cart, or the guest cart the session names: never an account's cart for
    a visitor who is not signed in. A queryset, so that callers can lock it."""
    if user is not None and user.is_authenticated:
        return Cart.objects.filter(user=user)
    if cart_id:
        return Cart.objects.filter(pk=cart_id, user__isnull=True)
    return Cart.objects.none()


def _visitor_lines(*, user, cart_id: int | None):
    return CartLine.objects.filter(cart__in=visitor_carts(user=user, cart_id=cart_id))


def _summarise(lines) -> CartSummary:
    rows = []
    lines = list(
        lines.select_related("variant__product").prefetch_related(
            Prefetch(
                "variant__product__images",
                queryset=ProductImage.objects.order_by("position", "pk"),
            )
        )
    )
    # The same ring with two engravings is two lines taking from one shelf.
    in_cart: dict[int, int] = {}
    for line in lines:
        in_cart[line.variant_id] = in_cart.get(line.variant_id, 0) + line.quantity
    for line in lines:
        variant = line.variant
        available = (
            variant.is_active
            and variant.product.is_published
            and in_cart[line.variant_id] <= variant.stock
        )
        unit_price = variant.price
        rows.append(
            CartRow(
                line=line,
                unit_price=unit_price,
                total=prices.money(unit_price * line.quantity),
                is_available=available,
            )
        )
    goods = sum((row.total for row in rows), prices.ZERO)
    return CartSummary(
        rows=rows,
        goods_total=goods,
        amount_to_free_delivery=prices.amount_to_free_delivery(goods),
        item_count=sum(row.line.quantity for row in rows),
    )
