"""The log of e-mails sent to customers: what makes sending idempotent."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .order import Order


class EmailKind(models.TextChoices):
    ORDER_PAID = "order_paid", _("Order paid")
    PAYMENT_FAILED = "payment_failed", _("Payment failed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERY_PROBLEM = "delivery_problem", _("Delivery problem")
    REFUND_ISSUED = "refund_issued", _("Refund issued")


class SentEmail(models.Model):
    """One e-mail of a kind about one thing (`reference`: a refund, a tracking number…) per
    order. The unique constraint is the last line of defence against sending twice."""

    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="sent_emails"
    )
    kind = models.CharField(_("e-mail"), max_length=32, choices=EmailKind.choices)
    reference = models.CharField(_("about"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        ordering = ("sent_at", "pk")
        verbose_name = _("e-mail sent")
        verbose_name_plural = _("e-mails sent")
        constraints = [
            models.UniqueConstraint(
                fields=("order", "kind", "reference"), name="sent_email_once_per_reference"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference}".strip()
