"""Fiscal receipts: what the shop asked the Tax Administration's V-SDC for, and what it answered.

A FiscalIntent is stored before the V-SDC is called; its id is the request's `RequestId`, so
that a request whose answer was lost can be asked about instead of sent again. A
FiscalReceipt is the V-SDC's full answer, stored once and never changed."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .rules import ReceiptKind


class IntentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the fiscal processor")
    ISSUED = "issued", _("Issued")
    FAILED = "failed", _("Failed")


class FiscalIntent(models.Model):
    """A receipt the shop must issue, stored before the V-SDC is asked for it.

    `cause` names the event that calls for it (a paid payment, a shipment, a refund) so that
    an event replayed creates nothing new. `references` is the intent whose receipt this one
    refers to (the advance a final receipt closes, the sale a refund corrects): its number and
    time go into the request once that receipt is issued."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="fiscal_intents"
    )
    payment = models.ForeignKey(
        "orders.Payment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refund = models.ForeignKey(
        "orders.Refund", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("receipt"), max_length=20, choices=ReceiptKind.choices)
    cause = models.CharField(_("cause"), max_length=80, unique=True)
    references = models.ForeignKey(
        "self",
        verbose_name=_("refers to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_by",
    )
    items = models.JSONField(_("items"))
    amount = models.DecimalField(_("amount (RSD)"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=IntentStatus.choices, default=IntentStatus.PENDING
    )
    # Frozen at the first attempt, so that every attempt sends the same request.
    request_body = models.JSONField(_("request"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # While an attempt may be waiting for the V-SDC no other attempt starts.
    sending_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), db_index=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("fiscal receipt request")
        verbose_name_plural = _("fiscal receipt requests")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fiscal_intent_amount_positive")
        ]
        indexes = [models.Index(fields=("status", "created_at"), name="fiscal_intent_status")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.order_id} ({self.get_status_display()})"

    @property
    def request_id(self) -> str:
        # The V-SDC takes a RequestId of at most 32 characters.
        return self.id.hex


class ImmutableReceipt(Exception):
    pass


class FiscalReceipt(models.Model):
    """The V-SDC's answer for one intent, kept as it came (Law on Fiscalization: the issued
    receipt is the tax record; corrections are new receipts, never edits)."""

    intent = models.OneToOneField(FiscalIntent, on_delete=models.PROTECT, related_name="receipt")
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="fiscal_receipts"
    )
    kind = models.CharField(_("receipt"), max_length=20, choices=ReceiptKind.choices)
    invoice_number = models.CharField(_("receipt number"), max_length=64, unique=True)
    invoice_counter = models.CharField(_("counter"), max_length=64)
    invoice_counter_extension = models.CharField(_("counter extension"), max_length=8)
    total_counter = models.PositiveIntegerField(_("total counter"))
    transaction_type_counter = models.PositiveIntegerField(_("counter of its type"))
    sdc_date_time = models.DateTimeField(_("issued by the processor at"))
    sdc_date_time_text = models.CharField(max_length=40)
    total_amount = models.DecimalField(_("amount (RSD)"), max_digits=12, decimal_places=2)
    signature = models.TextField(_("signature"))
    journal = models.TextField(_("receipt text"))
    verification_url = models.CharField(_("verification URL"), max_length=1000)
    verification_qr_code = models.TextField(_("QR code (base64 GIF)"))
    response = models.JSONField(_("full answer"))
    created_at = models.DateTimeField(_("stored"), auto_now_add=True)

    class Meta:
        ordering = ("sdc_date_time", "pk")
        verbose_name = _("fiscal receipt")
        verbose_name_plural = _("fiscal receipts")
        indexes = [models.Index(fields=("sdc_date_time",), name="fiscal_receipt_time")]

    def __str__(self):
        return self.invoice_number

    def save(self, *args, **kwargs):
        # Append-only: a stored receipt is never edited.
        if not self._state.adding:
            raise ImmutableReceipt(f"Fiscal receipt {self.invoice_number} cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableReceipt(f"Fiscal receipt {self.invoice_number} cannot be deleted")
