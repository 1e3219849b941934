"""Data-subject requests (the privacy center) and the records an erasure had to keep.

A request holds as little as it needs: the address it came from and will be answered at, the
kind, what the person wrote, its dates and the outcome. It is anonymised itself when its own
retention period ends (privacy.retention)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Tell me what you store about me")
    EXPORT = "export", _("Send me a copy of my data (JSON and PDF)")
    RECTIFICATION = "rectification", _("Correct my data")
    ERASURE = "erasure", _("Delete my data")
    QUESTION = "question", _("A question about my data")


class RequestState(models.TextChoices):
    """Allowed moves are the functions of privacy.services.requests, one per transition."""

    AWAITING_CONFIRMATION = "awaiting_confirmation", _("Waiting for the e-mail confirmation")
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being handled")
    COMPLETED = "completed", _("Answered")
    REJECTED = "rejected", _("Refused")


OPEN_STATES = (RequestState.RECEIVED, RequestState.IN_PROGRESS)


def _public_id():
    return secrets.token_urlsafe(16)


def _export_path(request: "DataRequest", filename: str) -> str:
    # A random folder keeps paths unguessable should MEDIA_ROOT ever be served.
    return f"privacy/exports/{secrets.token_hex(12)}/{filename}"


class DataRequest(models.Model):
    public_id = models.CharField(max_length=40, unique=True, default=_public_id, editable=False)
    kind = models.CharField(_("request"), max_length=20, choices=RequestKind.choices)
    state = models.CharField(
        _("state"),
        max_length=24,
        choices=RequestState.choices,
        default=RequestState.AWAITING_CONFIRMATION,
    )
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    details = models.TextField(_("details"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    filed_at = models.DateTimeField(_("filed at"))
    # The request counts as received once the person has confirmed the address (or was signed
    # in with it verified): the 30 days run from then.
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    extended_by_days = models.PositiveSmallIntegerField(_("extended by (days)"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField(_("answer to the requester"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    export_file = models.FileField(_("export"), upload_to=_export_path, max_length=200, blank=True)
    export_expires_at = models.DateTimeField(_("export available until"), null=True, blank=True)
    # What the erasure deleted, anonymised and kept (with why), and what the re-scan found.
    erasure_result = models.JSONField(_("erasure result"), default=dict, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        ordering = ("due_on", "filed_at", "pk")
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        indexes = [models.Index(fields=("state", "due_on"), name="data_request_state_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(extended_by_days__lte=60), name="data_request_extension_at_most_60"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def reference(self) -> str:
        return f"DSR-{self.pk}"


class RestrictedRecord(models.Model):
    """A row an erasure could not anonymise in full because a law makes the shop keep part of
    it: which row, under which legal hold (a `privacy.registry.Hold` key), until when. The retention
    task anonymises the kept fields on `keep_until` and deletes this row."""

    model = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record"), max_length=40)
    hold = models.CharField(_("kept because"), max_length=40)
    keep_until = models.DateField(_("kept until"))
    request = models.ForeignKey(
        DataRequest,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="restricted_records",
    )
    created_at = models.DateTimeField(_("restricted at"), auto_now_add=True)

    class Meta:
        ordering = ("keep_until", "pk")
        verbose_name = _("restricted record")
        verbose_name_plural = _("restricted records")
        constraints = [
            models.UniqueConstraint(
                fields=("model", "object_id", "hold"), name="restricted_record_once"
            )
        ]

    def __str__(self):
        return f"{self.model} {self.object_id} ({self.hold}) → {self.keep_until}"
