"""Suspected fraud (privacy policy, "Fraud": customer information is used to investigate and
prevent fraud). A flag records a suspicion with its reason, who raised it and when; it never
stops a sale by itself: blocking a customer is the separate, deliberate step (CustomerBlock),
linked from the flagged order."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FraudFlagIsAppendOnly(Exception):
    pass


class FraudFlag(models.Model):
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fraud_flags",
    )
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("flagged at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("flagged by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("fraud flag")
        verbose_name_plural = _("fraud flags")
        constraints = [
            models.CheckConstraint(
                condition=Q(order__isnull=False) | ~Q(email="") | Q(user__isnull=False),
                name="fraud_flag_names_order_email_or_user",
            )
        ]

    def __str__(self):
        return self.email or str(self.user or self.order)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FraudFlagIsAppendOnly("A fraud flag is never changed: add a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FraudFlagIsAppendOnly("A fraud flag is never deleted.")
