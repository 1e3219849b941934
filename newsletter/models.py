"""The consent ledger and the newsletter.

A consent is never edited: giving it and revoking it each add one row, with the exact text the
person saw, its version and its SHA-256, so the shop can show what was agreed to and when
(GDPR Art. 7(1): the controller must be able to demonstrate consent). The current state of a
consent is its latest row. Subscribers hold only the double opt-in; whether a newsletter may be
sent is decided by the ledger at send time."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentPurpose(models.TextChoices):
    NEWSLETTER = "newsletter", _("Newsletter")
    CONTEST = "contest", _("Contest")


class ConsentSource(models.TextChoices):
    SIGNUP = "signup", _("Sign-up")
    CHECKOUT = "checkout", _("Checkout")
    FOOTER = "footer", _("Footer form")
    ACCOUNT = "account", _("Account page")
    ADMIN = "admin", _("Admin (staff, on the person's request)")
    EMAIL_LINK = "email_link", _("Link in an e-mail")
    CONTEST_FORM = "contest_form", _("Contest entry form")


class ConsentRecordIsAppendOnly(Exception):
    """Consent records are evidence: a change is a new row, never an edit or a deletion."""


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ConsentRecord(models.Model):
    email = models.EmailField(_("e-mail address"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    # Which contest (or other occasion) a consent of that purpose belongs to; empty for the
    # newsletter, whose consent is one per address.
    scope = models.CharField(_("scope"), max_length=40, blank=True)
    given = models.BooleanField(_("given"), help_text=_("Unticked: this row revokes it."))
    text = models.TextField(_("text shown"))
    text_version = models.CharField(_("text version"), max_length=40)
    text_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)
    language = models.CharField(_("language"), max_length=10)
    source = models.CharField(_("source"), max_length=20, choices=ConsentSource.choices)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by (staff)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent ledger")
        ordering = ("-recorded_at", "-pk")
        indexes = [models.Index(fields=("email", "purpose", "scope", "-recorded_at", "-id"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(text_sha256__regex=r"^[0-9a-f]{64}$"),
                name="consent_record_sha256_is_hex",
            )
        ]

    def __str__(self):
        state = _("given") if self.given else _("revoked")
        return f"{self.email}: {self.get_purpose_display()} {state}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ConsentRecordIsAppendOnly("A consent record is never changed: add a new row.")
        if self.text_sha256 != text_sha256(self.text):
            raise ValueError("text_sha256 must be the SHA-256 of the text shown")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ConsentRecordIsAppendOnly("A consent record is never deleted: revoke with a new row.")


def _subscriber_token() -> str:
    return secrets.token_urlsafe(32)


class Subscriber(models.Model):
    """One address on the newsletter list. `confirmed_at` is the double opt-in (the address's
    owner pressed the button in the confirmation e-mail's page); unsubscribing clears it, so
    that subscribing again needs a new confirmation."""

    email = models.EmailField(_("e-mail address"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10)
    source = models.CharField(_("signed up from"), max_length=20, choices=ConsentSource.choices)
    # The secret in every link of the subscriber's e-mails (confirm, unsubscribe).
    token = models.CharField(max_length=64, unique=True, default=_subscriber_token, editable=False)
    created_at = models.DateTimeField(_("signed up at"))
    confirmation_sent_at = models.DateTimeField(_("confirmation asked at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ("-created_at",)

    def __str__(self):
        return self.email


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class Campaign(models.Model):
    """One issue of the newsletter, written by staff and sent to the confirmed subscribers of
    its language."""

    subject = models.CharField(_("subject"), max_length=200)
    body_text = models.TextField(
        _("text"), help_text=_("The plain-text message; the unsubscribe link is added below it.")
    )
    body_html = models.TextField(
        _("HTML"),
        blank=True,
        help_text=_(
            "Optional HTML version of the same message (no scripts); sent beside the text."
        ),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    state = models.CharField(
        _("state"), max_length=10, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    send_started_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    send_started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sending finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter campaign")
        verbose_name_plural = _("newsletter campaigns")
        ordering = ("-created_at",)

    def __str__(self):
        return self.subject


class CampaignDelivery(models.Model):
    """A campaign sent to one subscriber: inserted in the transaction that sends the message,
    so a retried batch finds it and sends nothing twice."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("campaign delivery")
        verbose_name_plural = _("campaign deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=("campaign", "subscriber"), name="campaign_delivery_once"
            )
        ]

    def __str__(self):
        return f"{self.campaign_id} → {self.subscriber_id}"
