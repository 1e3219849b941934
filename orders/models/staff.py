"""What staff keep about customers and their own routines: blocks against buying, and the
record of the daily delivery digest."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class CustomerBlock(models.Model):
    """A customer who may not buy (terms: prohibited conduct and fraud). Blocks are lifted,
    never deleted, so the record of who blocked whom and why stays."""

    email = models.EmailField(_("e-mail address"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("blocked at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("blocked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lifted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("customer block")
        verbose_name_plural = _("customer blocks")
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | Q(user__isnull=False), name="block_names_email_or_user"
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")), name="block_email_lower_case"
            ),
        ]
        indexes = [
            models.Index(
                fields=("email",), condition=Q(lifted_at__isnull=True), name="block_active_email"
            )
        ]

    def __str__(self):
        return self.email or str(self.user)

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class DeliveryDigest(models.Model):
    """One row per day on which the late/at-risk digest went to staff: the task runs again
    after a failure or a restart, and a day's digest is sent once."""

    day = models.DateField(unique=True)
    order_count = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.day}: {self.order_count}"
