"""Placing an order: the cart becomes an immutable order, and its stock is held for payment."""

import datetime
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cart.models import CartLine
from cart.selectors import visitor_carts
from catalog.prices import money
from legal.delivery_area import SERBIA, delivery_refusal, normalize_postal_code
from legal.models import LegalDocument
from legal.seller import SELLER
from paperwork.numbering import sequence_next

from .. import rules
from ..models import (
    DeliveryMethod,
    FulfilmentStatus,
    Order,
    OrderEventKind,
    OrderLine,
    OrderNumberCounter,
    StockReservation,
)
from ..selectors import customer_is_blocked, order_by_checkout_key, unpaid_orders_holding_stock
from .stock import StockShortage, stock_take
from .timeline import order_event_record


class CheckoutError(Exception):
    """The order cannot be placed as it stands; `problems` says why, in the shopper's words."""

    def __init__(self, *problems: str):
        super().__init__(" ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class DeliveryContact:
    full_name: str
    email: str
    phone: str
    street: str
    city: str
    postal_code: str
    country: str = SERBIA


def order_place(
    *,
    cart_id: int,
    contact: DeliveryContact,
    delivery_method_id: int,
    terms_id: int,
    idempotency_key: uuid.UUID,
    user,
    language: str,
    now: datetime.datetime,
    hold_for: datetime.timedelta,
) -> Order:
    """Turn the cart into an order, holding its stock for `hold_for`. Placing the same checkout
    twice (double click, back button, two tabs: the same `idempotency_key`) returns the first
    order instead of making a second. `cart_id` names a guest's cart; a signed-in `user`
    buys from their own cart."""
    try:
        with transaction.atomic():
            return _place(
                cart_id=cart_id,
                contact=contact,
                delivery_method_id=delivery_method_id,
                terms_id=terms_id,
                idempotency_key=idempotency_key,
                user=user,
                language=language,
                now=now,
                hold_for=hold_for,
            )
    except IntegrityError:
        # A concurrent request placed this very checkout first.
        existing = order_by_checkout_key(idempotency_key)
        if existing is None:
            raise
        return existing


def _place(
    *,
    cart_id,
    contact,
    delivery_method_id,
    terms_id,
    idempotency_key,
    user,
    language,
    now,
    hold_for,
) -> Order:
    cart = visitor_carts(user=user, cart_id=cart_id).select_for_update().first()
    # Asked only now, under the cart's lock: a request that waited for the cart finds the
    # order that another request placed for the same checkout meanwhile.
    existing = order_by_checkout_key(idempotency_key)
    if existing is not None:
        return existing
    if customer_is_blocked(email=contact.email, user=user):
        # Terms: the seller may refuse orders after prohibited conduct or fraud.
        raise CheckoutError(
            _("We cannot accept orders from this account. Please contact us at %(email)s.")
            % {"email": SELLER.email}
        )
    refusal = delivery_refusal(country_code=contact.country, postal_code=contact.postal_code)
    if refusal is not None:
        raise CheckoutError(str(refusal.label))
    if unpaid_orders_holding_stock(email=contact.email, user=user) >= rules.MAX_UNPAID_ORDERS:
        # Every unpaid order holds its stock for the payment time: one customer may not make
        # the shop look sold out by placing orders without paying them.
        raise CheckoutError(
            _(
                "You have %(count)d unpaid orders holding items for you. Please pay one of "
                "them (the link is in the order's e-mail and page) or wait until their payment "
                "time runs out."
            )
            % {"count": rules.MAX_UNPAID_ORDERS}
        )
    lines = list(cart.lines.select_related("variant__product")) if cart else []
    if not lines:
        raise CheckoutError(_("Your cart is empty."))
    delivery = DeliveryMethod.objects.filter(pk=delivery_method_id, is_active=True).first()
    if delivery is None:
        raise CheckoutError(_("Please choose one of the courier services offered."))
    terms = LegalDocument.objects.get(pk=terms_id)

    try:
        variants = stock_take(_quantities_by_variant(lines))
    except StockShortage as shortage:
        raise CheckoutError(*shortage.problems) from None
    # The variants as locked now: a price changed a moment ago is the price of this order, and
    # never one that a form posted.
    for line in lines:
        line.variant = variants[line.variant_id]
    totals = rules.order_totals(
        lines=[rules.PricedLine(line.variant.price, line.quantity) for line in lines],
        courier_price=delivery.price,
    )
    order = Order.objects.create(
        number=_next_order_number(timezone.localtime(now).year),
        idempotency_key=idempotency_key,
        status=FulfilmentStatus.AWAITING_PAYMENT,
        stock_reservation=StockReservation.HELD,
        reserved_until=now + hold_for,
        user=user if user is not None and user.is_authenticated else None,
        language=language,
        email=contact.email.lower(),
        full_name=contact.full_name,
        phone=contact.phone,
        street=contact.street,
        city=contact.city,
        postal_code=normalize_postal_code(contact.postal_code),
        country=contact.country,
        delivery_method=delivery,
        delivery_name=delivery.name,
        delivery_estimate=delivery.delivery_estimate,
        delivery_price=totals.delivery,
        subtotal=totals.goods,
        total=totals.total,
        vat_total=totals.vat,
        terms=terms,
        terms_accepted_at=now,
        terms_language=terms.language_shown(language),
        created_at=now,
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            variant=line.variant,
            product_name=line.variant.product.name,
            option=line.variant.option,
            sku=line.variant.sku,
            # An engraved piece is made to the customer's specification whatever the product's
            # flag says: it is excluded from withdrawal (legal.consumer_law).
            is_personalised=line.variant.product.is_personalised or bool(line.engraving),
            engraving=line.engraving,
            unit_price=line.variant.price,
            quantity=line.quantity,
            vat_rate=rules.VAT_RATE * 100,
            line_total=money(line.variant.price * line.quantity),
        )
        for line in lines
    )
    CartLine.objects.filter(cart=cart).delete()
    order_event_record(
        order=order, kind=OrderEventKind.PLACED, to_status=order.status, actor=order.user
    )
    return order


def _quantities_by_variant(lines) -> dict[int, int]:
    """The cart's lines as stock to take: one variant engraved two ways is taken once, summed."""
    quantities: dict[int, int] = {}
    for line in lines:
        quantities[line.variant_id] = quantities.get(line.variant_id, 0) + line.quantity
    return quantities


def _next_order_number(year: int) -> str:
    return rules.order_number(year=year, sequence=sequence_next(OrderNumberCounter, year=year))


def orders_attach_to_user(*, user, email: str) -> int:
    """Guest orders placed with `email` join the account. Call only once the account has
    verified that address: anyone can type anyone's address at a guest checkout."""
    return Order.objects.filter(user__isnull=True, email=email.lower()).update(user=user)
