"""Statements of withdrawal from a distance contract (odustanak od ugovora). What the consumer
stated is immutable once received: the statement's own columns are written once, in the
transaction that numbers it; every later step (goods or proof of sending received, the refund,
a decline) is an event on its timeline, and the few workflow columns (status, the dates the
deadlines follow) are kept by the services together with that event."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .timeline import CaseEvent


class WithdrawalChannel(models.TextChoices):
    ONLINE = "online", _("Online withdrawal function")
    POST = "post", _("By post")
    IN_PERSON = "in_person", _("In person")


class WithdrawalStatus(models.TextChoices):
    RECEIVED = "received", _("Received, waiting for the goods or proof of sending")
    GOODS_BACK = "goods_back", _("Goods or proof of sending received, refund due")
    REFUNDED = "refunded", _("Refunded")
    DECLINED = "declined", _("Declined (not a valid withdrawal)")


OPEN_WITHDRAWAL_STATUSES = (WithdrawalStatus.RECEIVED, WithdrawalStatus.GOODS_BACK)


class WithdrawalEventKind(models.TextChoices):
    RECEIVED = "received", _("Statement received")
    CHECK_FAILED = "check_failed", _("A check failed on receipt")
    ACKNOWLEDGED = "acknowledged", _("Acknowledgement sent")
    ACKNOWLEDGEMENT_WITHHELD = (
        "acknowledgement_withheld",
        _("Acknowledgement not e-mailed: this address got one today already"),
    )
    GOODS_RECEIVED = "goods_received", _("Goods received back")
    PROOF_RECEIVED = "proof_received", _("Proof of sending received")
    REFUNDED = "refunded", _("Refunded")
    REFUND_FAILED = "refund_failed", _("Refund failed")
    DECLINED = "declined", _("Declined")
    DECLINE_SENT = "decline_sent", _("Decline sent to the consumer")


class WithdrawalLineRefusal(models.TextChoices):
    """Why an item stated cannot be withdrawn from; the consumer is told in their language."""

    PERSONALISED = (
        "personalised",
        _("Made to your specifications or personalised: excluded from the right of withdrawal."),
    )
    LATE = "late", _("Stated after the withdrawal period for this item ended.")
    ALREADY_WITHDRAWN = "already_withdrawn", _("Already withdrawn from in an earlier statement.")


class WithdrawalNumberCounter(models.Model):
    """The last statement number in a year, taken under this row's lock inside the transaction
    that stores the statement: a rollback gives it back, so numbers have no gaps."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_sequence = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_sequence}"


def _public_id():
    return secrets.token_urlsafe(16)


class WithdrawalStatement(models.Model):
    # --- As received: never changed afterwards -----------------------------------------
    number = models.CharField(_("number"), max_length=20, unique=True)
    public_id = models.CharField(max_length=40, unique=True, default=_public_id, editable=False)
    received_at = models.DateTimeField(_("received at"))
    sent_on = models.DateField(
        _("sent on"),
        help_text=_("The day the consumer sent the statement (the postmark for post)."),
    )
    channel = models.CharField(_("channel"), max_length=12, choices=WithdrawalChannel.choices)
    full_name = models.CharField(_("name and surname"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    # Linked only when order number, e-mail and surname all match (or the consumer came from
    # the order's own page); what was typed is kept either way.
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        related_name="withdrawals",
        null=True,
        blank=True,
    )
    order_number_given = models.CharField(_("order number given"), max_length=40, blank=True)
    goods = models.TextField(_("goods"), blank=True)
    reason = models.TextField(_("reason (optional)"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Checks that failed on receipt (late, order not identified, personalised items): the
    # statement is stored anyway, staff read why and the consumer is told.
    problems = models.TextField(_("problems found on receipt"), blank=True)
    return_due = models.DateField(_("goods to be sent back by"))
    refund_latest = models.DateField(_("refund at the latest"))

    # --- Workflow, kept by the services with an event for each change ------------------
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=WithdrawalStatus.choices,
        default=WithdrawalStatus.RECEIVED,
    )
    acknowledged_at = models.DateTimeField(_("acknowledgement sent at"), null=True, blank=True)
    goods_back_on = models.DateField(
        _("goods or proof of sending received on"), null=True, blank=True
    )
    refund_due = models.DateField(_("refund due"), null=True, blank=True)
    refunded_on = models.DateField(_("refunded on"), null=True, blank=True)

    class Meta:
        ordering = ("-received_at", "-pk")
        verbose_name = _("withdrawal statement")
        verbose_name_plural = _("withdrawal statements")
        indexes = [models.Index(fields=("status", "return_due"), name="withdrawal_status_due")]

    def __str__(self):
        return self.number


class WithdrawalLine(models.Model):
    """One order line the consumer withdrew from, with its own period: from that line's
    delivery day. A line the law excludes (personalised), stated late or withdrawn from already
    is kept with the reason; only accepted lines are refunded."""

    statement = models.ForeignKey(
        WithdrawalStatement, on_delete=models.CASCADE, related_name="lines"
    )
    order_line = models.ForeignKey(
        "orders.OrderLine", verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    period_ends = models.DateField(_("withdrawal period ends"), null=True, blank=True)
    refusal = models.CharField(
        _("why it cannot be withdrawn from"),
        max_length=20,
        choices=WithdrawalLineRefusal.choices,
        blank=True,
    )

    class Meta:
        ordering = ("pk",)
        verbose_name = _("withdrawn item")
        verbose_name_plural = _("withdrawn items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="withdrawal_line_quantity_gte_1"
            )
        ]

    def __str__(self):
        return f"{self.quantity} × {self.order_line.product_name}"

    @property
    def accepted(self) -> bool:
        return not self.refusal


class WithdrawalEvent(CaseEvent):
    """One step on a statement's timeline, in the order it happened; never edited."""

    statement = models.ForeignKey(
        WithdrawalStatement, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=30, choices=WithdrawalEventKind.choices)

    class Meta(CaseEvent.Meta):
        verbose_name = _("withdrawal event")
        verbose_name_plural = _("withdrawal events")

    def __str__(self):
        return f"{self.statement} {self.get_kind_display()}"
