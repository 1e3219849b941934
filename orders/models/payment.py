"""Card payments of orders, as recorded from the payment provider."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.prices import ZERO

from ..payments import ProviderPaymentStatus
from .order import Order


class Payment(models.Model):
    """One attempt to pay an order on the provider's hosted page. The bank charges the order's
    dinar total; Mollie, which has no dinars, charges EUR at the NBS middle rate of the day
    (kept in `amount_eur`, `eur_rsd_rate` and `rate_date`, empty for dinar payments)."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    provider = models.CharField(_("provider"), max_length=20, default="mollie")
    provider_payment_id = models.CharField(_("provider's payment id"), max_length=64, unique=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProviderPaymentStatus.choices,
        default=ProviderPaymentStatus.OPEN,
    )
    amount_rsd = models.DecimalField(_("amount (RSD)"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency charged"), max_length=3, default="EUR")
    amount_eur = models.DecimalField(
        _("amount charged (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    eur_rsd_rate = models.DecimalField(
        _("NBS middle rate"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    rate_date = models.DateField(_("rate of"), null=True, blank=True)
    checkout_url = models.URLField(_("checkout page"), max_length=500, blank=True)
    amount_refunded = models.DecimalField(
        _("refunded (in the currency charged)"), max_digits=12, decimal_places=2, default=ZERO
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self):
        return f"{self.provider_payment_id} ({self.get_status_display()})"

    @property
    def amount_charged(self):
        """What the card is charged, in `currency`."""
        return self.amount_rsd if self.currency == "RSD" else self.amount_eur
