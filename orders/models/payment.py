"""Card payments of orders, as recorded from the payment provider."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.prices import ZERO

from ..payments import ProviderPaymentStatus
from .order import Order


class Payment(models.Model):
    """One attempt to pay an order on the provider's hosted page. The card is charged in EUR at
    the NBS middle rate of the day, because Mollie cannot charge dinars."""

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
    amount_eur = models.DecimalField(_("amount charged (EUR)"), max_digits=12, decimal_places=2)
    eur_rsd_rate = models.DecimalField(_("NBS middle rate"), max_digits=10, decimal_places=4)
    rate_date = models.DateField(_("rate of"))
    checkout_url = models.URLField(_("checkout page"), max_length=500, blank=True)
    amount_refunded_eur = models.DecimalField(
        _("refunded (EUR)"), max_digits=12, decimal_places=2, default=ZERO
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
