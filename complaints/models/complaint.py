"""Complaints about non-conforming goods (reklamacije). What the consumer filed is immutable
once received; every later step (the answer, the consumer's reply, an extension, the
resolution) is an event on the complaint's own timeline, and the few workflow columns on
`Complaint` (state, deadlines) are kept by the services together with that event, so that
lists can filter and highlight without replaying timelines."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .timeline import CaseEvent


class ComplaintChannel(models.TextChoices):
    ONLINE = "online", _("Online form")
    POST = "post", _("By post")
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    ORAL = "oral", _("Orally at the shop")


class ComplaintRemedy(models.TextChoices):
    REPLACEMENT = "replacement", _("Replacement")
    PRICE_REDUCTION = "price_reduction", _("Price reduction")
    TERMINATION = "termination", _("Termination of the contract and refund")
    REPAIR = "repair", _("Repair (with my explicit consent)")


class ComplaintState(models.TextChoices):
    RECEIVED = "received", _("Received")
    ANSWERED = "answered", _("Answered, waiting for the consumer's reply")
    AGREED = "agreed", _("Consumer agreed")
    DISAGREED = "disagreed", _("Consumer did not agree")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")


OPEN_STATES = (
    ComplaintState.RECEIVED,
    ComplaintState.ANSWERED,
    ComplaintState.AGREED,
    ComplaintState.DISAGREED,
)


class ComplaintDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ComplaintReply(models.TextChoices):
    AGREED = "agreed", _("Agreed")
    DISAGREED = "disagreed", _("Did not agree")
    NO_REPLY = "no_reply", _("No reply within 3 days (counts as not agreeing)")


class ComplaintResolution(models.TextChoices):
    REPAIRED = "repaired", _("Repaired")
    REPLACED = "replaced", _("Replaced")
    PRICE_REDUCED = "price_reduced", _("Price reduced")
    REFUNDED = "refunded", _("Contract terminated, price refunded")


class ComplaintEventKind(models.TextChoices):
    RECEIVED = "received", _("Complaint received")
    CHECK_FAILED = "check_failed", _("A check failed on receipt")
    CONFIRMATION_SENT = "confirmation_sent", _("Confirmation of receipt sent")
    CONFIRMATION_WITHHELD = (
        "confirmation_withheld",
        _("Confirmation not e-mailed: this address got one today for a complaint without an order"),
    )
    ANSWERED = "answered", _("Answered")
    ANSWER_SENT = "answer_sent", _("Answer sent to the consumer")
    REPLY_RECORDED = "reply_recorded", _("Consumer's reply recorded")
    EXTENDED = "extended", _("Resolution deadline extended")
    RESOLVED = "resolved", _("Resolved")
    REFUND_FAILED = "refund_failed", _("Refund failed")


class ComplaintNumberCounter(models.Model):
    """The register's last number in a year. Taken under this row's lock inside the
    transaction that stores the complaint: a rollback gives the number back, so the register
    has no gaps."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_sequence = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_sequence}"


def _public_id():
    return secrets.token_urlsafe(16)


class Complaint(models.Model):
    # --- As received: never changed afterwards -----------------------------------------
    number = models.CharField(_("register number"), max_length=20, unique=True)
    public_id = models.CharField(max_length=40, unique=True, default=_public_id, editable=False)
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        related_name="complaints",
        null=True,
        blank=True,
    )
    # What the consumer typed to identify the order, kept even when it matched nothing.
    order_number_given = models.CharField(_("order number given"), max_length=40, blank=True)
    lines = models.ManyToManyField(
        "orders.OrderLine", verbose_name=_("items"), related_name="complaints", blank=True
    )
    full_name = models.CharField(_("name and surname"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    goods = models.TextField(_("goods"))
    description = models.TextField(_("defect"))
    remedy = models.CharField(_("request"), max_length=20, choices=ComplaintRemedy.choices)
    repair_consent = models.BooleanField(_("consents to repair"), default=False)
    channel = models.CharField(_("channel"), max_length=12, choices=ComplaintChannel.choices)
    received_at = models.DateTimeField(_("received at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Checks that failed on receipt (order not found, outside the 2 years...): the complaint
    # is stored anyway and staff read why.
    problems = models.TextField(_("problems found on receipt"), blank=True)
    within_liability = models.BooleanField(_("within the 2-year liability"), default=True)
    consumer_chooses = models.BooleanField(_("within 6 months: the consumer chooses"), default=True)
    answer_due = models.DateField(_("answer due"))

    # --- Workflow, kept by the services with an event for each change ------------------
    state = models.CharField(
        _("state"), max_length=12, choices=ComplaintState.choices, default=ComplaintState.RECEIVED
    )
    confirmed_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=ComplaintDecision.choices, blank=True
    )
    answered_on = models.DateField(_("answer delivered on"), null=True, blank=True)
    proposed_deadline = models.DateField(_("proposed resolution deadline"), null=True, blank=True)
    reply = models.CharField(
        _("consumer's reply"), max_length=10, choices=ComplaintReply.choices, blank=True
    )
    reply_received_on = models.DateField(_("reply received on"), null=True, blank=True)
    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    resolution_due = models.DateField(_("resolution due"), null=True, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=20, choices=ComplaintResolution.choices, blank=True
    )
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    return_costs_rsd = models.DecimalField(
        _("return costs borne (RSD)"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ("-received_at", "-pk")
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [models.Index(fields=("state", "answer_due"), name="complaint_state_due")]

    def __str__(self):
        return self.number


class ComplaintEvent(CaseEvent):
    """One step on a complaint's timeline, in the order it happened; never edited."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=30, choices=ComplaintEventKind.choices)

    class Meta(CaseEvent.Meta):
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")

    def __str__(self):
        return f"{self.complaint} {self.get_kind_display()}"


def _photo_path(photo: "ComplaintPhoto", filename: str) -> str:
    # A random folder keeps paths unguessable should MEDIA_ROOT ever be served.
    return f"complaints/photos/{secrets.token_hex(8)}/{filename}"


class ComplaintPhoto(models.Model):
    """A photo of the defect as the consumer sent it, re-encoded without metadata."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=_photo_path, max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("pk",)
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.image.name.rsplit("/", 1)[-1]
