"""Notices to the courier that a parcel is ready to be picked up."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .order import CourierBackendChoice, Order


class CourierNotificationStatus(models.TextChoices):
    PENDING = "pending", _("Not sent yet")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (being retried)")
    SKIPPED = "skipped", _("Not needed (courier notified by hand)")


class CourierNotification(models.Model):
    """One notice per shipment of an order. `shipment` counts shipments of the same order
    (a parcel sent again after a failed delivery is shipment 2), so that retries of one notice
    reuse one idempotency key while a new shipment gets its own."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="courier_notifications")
    shipment = models.PositiveSmallIntegerField(_("shipment"), default=1)
    backend = models.CharField(_("sent by"), max_length=10, choices=CourierBackendChoice.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CourierNotificationStatus.choices,
        default=CourierNotificationStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("courier notification")
        verbose_name_plural = _("courier notifications")
        constraints = [
            models.UniqueConstraint(
                fields=("order", "shipment"), name="courier_notification_once_per_shipment"
            )
        ]

    def __str__(self):
        return f"{self.order_id}/{self.shipment} {self.get_status_display()}"
