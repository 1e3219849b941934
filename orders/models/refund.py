"""Refunds of card payments, as the shop asked for them and as Mollie reports them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..payments import ProviderRefundStatus
from .order import Order
from .payment import Payment

# The shop's own status, not Mollie's: the shop asked Mollie for the refund but got no answer
# (a timeout, a dropped connection, a server error), so Mollie may or may not have made it.
# The refund keeps holding its amount until Mollie's list of refunds settles the question.
UNCONFIRMED = "unconfirmed"
REFUND_STATUS_CHOICES = [
    *ProviderRefundStatus.choices,
    (UNCONFIRMED, _("Not confirmed by Mollie yet")),
]
# Refunds in these states no longer hold money back: their amount may be refunded again.
RELEASED_REFUND_STATUSES = (ProviderRefundStatus.FAILED, ProviderRefundStatus.CANCELED)
# Mollie never moves a refund out of these.
FINAL_REFUND_STATUSES = (ProviderRefundStatus.REFUNDED, *RELEASED_REFUND_STATUSES)


class Refund(models.Model):
    """Money given back to the card a payment was made with. A row exists from the moment
    staff ask for the refund (reserving its amount), before Mollie has answered: until then
    `provider_refund_id` is empty (and stays empty while the refund is unconfirmed). Refunds started in Mollie's dashboard have no `created_by`."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount_rsd = models.DecimalField(_("amount (RSD)"), max_digits=12, decimal_places=2)
    # Empty for a refund of a dinar payment: the dinars are what goes back to the card.
    amount_eur = models.DecimalField(
        _("amount refunded (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    provider_refund_id = models.CharField(
        _("provider's refund id"), max_length=64, unique=True, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=REFUND_STATUS_CHOICES,
        default=ProviderRefundStatus.QUEUED,
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    last_error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked for by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(condition=Q(amount_rsd__gt=0), name="refund_rsd_positive"),
            models.CheckConstraint(
                condition=Q(amount_eur__isnull=True) | Q(amount_eur__gt=0),
                name="refund_eur_positive",
            ),
        ]

    def __str__(self):
        amount = (
            f"{self.amount_eur} EUR" if self.amount_eur is not None else f"{self.amount_rsd} RSD"
        )
        return f"{self.provider_refund_id or '—'} {amount} ({self.get_status_display()})"

    @property
    def amount_charged(self):
        """What goes back to the card, in the payment's currency."""
        return self.amount_eur if self.amount_eur is not None else self.amount_rsd

    @property
    def holds_money(self) -> bool:
        return self.status not in RELEASED_REFUND_STATUSES
