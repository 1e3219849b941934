"""Orders with their immutable snapshot, the couriers they ship with and their event log."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from catalog.engraving import MAX_ENGRAVING_LENGTH
from catalog.prices import ZERO


class CourierBackendChoice(models.TextChoices):
    NONE = "none", _("No automatic notice")
    EMAIL = "email", _("E-mail with a shipping label")
    HTTP = "http", _("Courier's web API")


class DeliveryMethod(models.Model):
    """A courier service the shopper can choose, with its price (managed by staff)."""

    name = models.CharField(_("name"), max_length=100)
    price = models.DecimalField(
        _("price (RSD incl. VAT)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
    )
    delivery_estimate = models.CharField(
        _("delivery estimate"), max_length=100, help_text=_("For example: 1–2 working days.")
    )
    is_active = models.BooleanField(_("offered at checkout"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # How the courier learns that a parcel is ready (orders.couriers).
    notification_backend = models.CharField(
        _("notify the courier by"),
        max_length=10,
        choices=CourierBackendChoice.choices,
        default=CourierBackendChoice.NONE,
    )
    courier_email = models.EmailField(
        _("courier's e-mail"),
        blank=True,
        help_text=_("The courier's or distribution center's address for pick-up requests."),
    )
    courier_api_url = models.URLField(_("courier's API URL"), blank=True)
    tracking_url_template = models.CharField(
        _("tracking page"),
        max_length=300,
        blank=True,
        help_text=_(
            "The courier's tracking page with {tracking_number} where the parcel's number goes, "
            "for example https://www.posta.rs/track?code={tracking_number}"
        ),
    )

    class Meta:
        ordering = ("position", "price", "pk")
        verbose_name = _("courier service")
        verbose_name_plural = _("courier services")
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="delivery_price_not_negative")
        ]

    def __str__(self):
        return self.name


class FulfilmentStatus(models.TextChoices):
    """Where the parcel is. Allowed moves are in `orders.services.pipeline`; what happened to
    the money is the order's MoneyStatus, and refunds never change this."""

    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    IN_PREPARATION = "in_preparation", _("In preparation")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    DELIVERY_FAILED = "delivery_failed", _("Delivery failed")
    CANCELED = "canceled", _("Canceled")


class MoneyStatus(models.TextChoices):
    """What the customer has paid and got back, derived from payments and refunds
    (`orders.rules.money_status`)."""

    UNPAID = "unpaid", _("Unpaid")
    PAID = "paid", _("Paid")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")


def money_status_for(*, paid: Decimal, refunded: Decimal) -> MoneyStatus:
    """The money status of an order from the amounts paid and refunded (RSD, refunds counted
    once the provider has completed them)."""
    if paid <= ZERO:
        return MoneyStatus.UNPAID
    if refunded <= ZERO:
        return MoneyStatus.PAID
    if refunded >= paid:
        return MoneyStatus.REFUNDED
    return MoneyStatus.PARTIALLY_REFUNDED


class StockReservation(models.TextChoices):
    """Stock is taken off the shelf when the order is placed and held while it is paid for."""

    HELD = "held", _("Held for payment")
    COMMITTED = "committed", _("Sold")
    RELEASED = "released", _("Released")


class Order(models.Model):
    """An order as the customer placed it. Everything the contract consists of is copied onto the
    order (prices, names, options, addresses, delivery, terms version), so that later catalog or
    price changes never alter it."""

    number = models.CharField(_("order number"), max_length=20, unique=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    idempotency_key = models.UUIDField(unique=True, editable=False)
    status = models.CharField(
        _("fulfilment"),
        max_length=32,
        choices=FulfilmentStatus.choices,
        default=FulfilmentStatus.AWAITING_PAYMENT,
        db_index=True,
    )
    money_status = models.CharField(
        _("payment"),
        max_length=20,
        choices=MoneyStatus.choices,
        default=MoneyStatus.UNPAID,
    )
    stock_reservation = models.CharField(
        _("stock"), max_length=16, choices=StockReservation.choices, default=StockReservation.HELD
    )
    reserved_until = models.DateTimeField(_("stock held until"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    language = models.CharField(_("language"), max_length=10, default="en")

    # Contact and delivery address, as typed at checkout.
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("name and surname"), max_length=150)
    phone = PhoneNumberField(_("phone"))
    street = models.CharField(_("street and number"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=5)
    country = models.CharField(_("country"), max_length=2, default="RS")

    # Delivery, as offered when the order was placed.
    delivery_method = models.ForeignKey(
        DeliveryMethod,
        verbose_name=_("courier service"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    delivery_name = models.CharField(_("courier service"), max_length=100)
    delivery_estimate = models.CharField(_("delivery estimate"), max_length=100)
    delivery_price = models.DecimalField(_("delivery"), max_digits=10, decimal_places=2)

    # Totals in RSD, VAT included.
    subtotal = models.DecimalField(_("products"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    vat_total = models.DecimalField(_("of which VAT"), max_digits=12, decimal_places=2)

    terms = models.ForeignKey(
        "legal.LegalDocument",
        verbose_name=_("terms of service accepted"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    terms_accepted_at = models.DateTimeField(_("terms accepted at"))
    # The language of the terms text the buyer was shown and accepted (the version holds
    # each language's text; Serbian "sr" is the Cyrillic rendering of the Latin text).
    terms_language = models.CharField(_("terms accepted in"), max_length=10, blank=True)

    created_at = models.DateTimeField(_("placed at"), db_index=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    # The day the customer received the parcel, as staff record it: the 14-day withdrawal
    # period and the 2-year liability for non-conformity run from it.
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=64, blank=True)
    tracking_url = models.URLField(_("tracking page"), max_length=500, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        constraints = [
            models.CheckConstraint(
                condition=Q(total=models.F("subtotal") + models.F("delivery_price")),
                name="order_total_is_products_plus_delivery",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_not_negative"),
        ]
        # Checkout stores e-mail addresses in lower case; guest orders are found by it.
        indexes = [
            models.Index(fields=("email",), name="order_email"),
            # The "late" and "at risk" filters and the dashboard: unshipped orders by payment day.
            models.Index(fields=("status", "paid_at"), name="order_status_paid_at"),
            # The dashboard's sales per day over the last 30 days.
            models.Index(fields=("paid_at",), name="order_paid_at"),
            # Staff search by number, name, e-mail and phone has trigram indexes on PostgreSQL
            # only (migration 0006): SQLite, the embedded default, has no such index type.
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("orders:order_detail", args=(self.number,))


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.Variant", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    product_name = models.CharField(_("product"), max_length=160)
    option = models.CharField(_("option"), max_length=60, blank=True)
    sku = models.CharField(_("SKU"), max_length=40)
    is_personalised = models.BooleanField(_("personalised"), default=False)
    # As the customer typed it (normalised), in whatever script: never transliterated.
    engraving = models.CharField(_("engraving"), max_length=MAX_ENGRAVING_LENGTH, blank=True)
    unit_price = models.DecimalField(_("unit price"), max_digits=10, decimal_places=2)
    quantity = models.PositiveIntegerField(_("quantity"))
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=4, decimal_places=2)
    line_total = models.DecimalField(_("line total"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ("pk",)
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity_gte_1"),
            models.CheckConstraint(
                condition=Q(line_total=models.F("unit_price") * models.F("quantity")),
                name="order_line_total_is_price_times_quantity",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product_name} {self.option}".strip()


class OrderNumberCounter(models.Model):
    """The last order number given out in a year (order numbers restart every year)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_sequence = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_sequence}"


class OrderEventKind(models.TextChoices):
    PLACED = "placed", _("Order placed")
    STATUS_CHANGED = "status_changed", _("Status changed")
    MONEY_STATUS_CHANGED = "money_status_changed", _("Payment status changed")
    PAYMENT_CHANGED = "payment_changed", _("Card payment updated")
    DUPLICATE_PAYMENT = "duplicate_payment", _("Payment for an order that was not awaiting one")
    PAYMENT_AMOUNT_MISMATCH = (
        "payment_amount_mismatch",
        _("The provider reports a payment of another amount than the order's"),
    )
    STOCK_HELD_AGAIN = "stock_held_again", _("Stock held again")
    STOCK_RELEASED = "stock_released", _("Stock released")
    STOCK_SHORTFALL = "stock_shortfall", _("Paid, but the stock ran short")
    REFUND_REQUESTED = "refund_requested", _("Refund requested")
    REFUND_CHANGED = "refund_changed", _("Refund updated")
    REFUND_UNCONFIRMED = "refund_unconfirmed", _("Refund not confirmed by the provider yet")
    REFUND_RECONCILED = "refund_reconciled", _("Refund found at the payment provider")
    REFUND_RESENT = "refund_resent", _("Refund asked for again")
    REFUND_FAILED = "refund_failed", _("Refund failed")
    REFUND_RECORDED = "refund_recorded", _("Refund made at the payment provider")
    DOCUMENT_ISSUED = "document_issued", _("Document issued")
    EMAIL_SENT = "email_sent", _("E-mail sent")
    COURIER_REQUESTED = "courier_requested", _("Courier notice requested")
    COURIER_NOTIFIED = "courier_notified", _("Courier notified")
    COURIER_NOTICE_FAILED = "courier_notice_failed", _("Courier could not be notified")
    DELIVERY_DATE_CORRECTED = "delivery_date_corrected", _("Delivery date corrected")
    NOTE = "note", _("Internal note")
    FISCAL_RECEIPT_ISSUED = "fiscal_receipt_issued", _("Fiscal receipt issued")
    FISCALIZATION_FAILED = "fiscalization_failed", _("Fiscal receipt could not be issued")


# Events that need a person: they stay on the dashboard until a staff member handles them.
NEEDS_ATTENTION = frozenset(
    {
        OrderEventKind.DUPLICATE_PAYMENT,
        OrderEventKind.PAYMENT_AMOUNT_MISMATCH,
        OrderEventKind.STOCK_SHORTFALL,
        OrderEventKind.REFUND_FAILED,
        OrderEventKind.COURIER_NOTICE_FAILED,
        OrderEventKind.FISCALIZATION_FAILED,
    }
)


class OrderEvent(models.Model):
    """One row per change of an order: the order's timeline and audit trail. Written only
    through `orders.services.timeline.order_event_record`."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("event"), max_length=40, choices=OrderEventKind.choices)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True)
    needs_attention = models.BooleanField(_("needs attention"), default=False)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        indexes = [
            models.Index(
                fields=("created_at",),
                condition=Q(needs_attention=True, handled_at__isnull=True),
                name="order_event_unhandled",
            )
        ]

    def __str__(self):
        return f"{self.order_id} {self.get_kind_display()}"


class NeedsAttention(OrderEvent):
    """The events of NEEDS_ATTENTION kinds, listed on their own in admin."""

    class Meta:
        proxy = True
        verbose_name = _("event needing attention")
        verbose_name_plural = _("events needing attention")
