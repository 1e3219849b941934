"""What the shop sends out, kept as a record: the outbox of side effects still to happen, the
log of e-mails sent and stored PDF documents. Nothing here knows about orders, complaints or
privacy requests: those apps name what a row is about with their own `kind` and `reference`."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Waiting to be done")
    DONE = "done", _("Done")
    FAILED = "failed", _("Gave up")


class OutboxItem(models.Model):
    """A side effect (an e-mail, a document, a notice to a courier) written in the same
    transaction as the change that causes it, so that it cannot be lost when the broker or a
    worker is down: Celery is only told about it after commit, and a periodic sweep hands
    over again whatever is still pending when `next_attempt_at` has passed."""

    task_name = models.CharField(_("task"), max_length=100)
    arguments = models.JSONField(_("arguments"), default=dict)
    # One item per side effect: asking twice for the same e-mail or document adds nothing.
    key = models.CharField(_("key"), max_length=200, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")
        indexes = [
            models.Index(
                fields=("next_attempt_at",),
                condition=Q(state="pending"),
                name="outbox_pending_due",
            )
        ]

    def __str__(self):
        return self.key


class SentEmail(models.Model):
    """One e-mail of a kind about one thing: `about` names the record (an order number, a
    complaint number), `reference` tells apart e-mails of the same kind about it (a refund, a
    tracking number). The unique constraint is what makes sending at most once."""

    kind = models.CharField(_("e-mail"), max_length=40)
    about = models.CharField(_("about"), max_length=40, db_index=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recipient = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        ordering = ("sent_at", "pk")
        verbose_name = _("e-mail sent")
        verbose_name_plural = _("e-mails sent")
        constraints = [
            models.UniqueConstraint(fields=("kind", "about", "reference"), name="sent_email_once")
        ]

    def __str__(self):
        return f"{self.kind} {self.about} {self.reference}".strip()


class DocumentIsImmutable(Exception):
    pass


class IssuedDocument(models.Model):
    """What every stored document shares: once issued it is a record of what the customer was
    given, so it is never changed or deleted (corrections are new documents)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise DocumentIsImmutable(f"{self} was issued and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DocumentIsImmutable(f"{self} was issued and cannot be deleted.")

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


def _document_path(document: "Document", filename: str) -> str:
    # A random folder keeps paths unguessable should MEDIA_ROOT ever be served.
    return f"documents/{document.kind}/{secrets.token_hex(8)}/{filename}"


class Document(IssuedDocument):
    """A PDF given to someone on a durable medium (an acknowledgement, a receipt): issued once
    per (kind, reference), stored, never changed or rendered again."""

    kind = models.CharField(_("document"), max_length=40)
    reference = models.CharField(_("reference"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=10)
    file = models.FileField(_("PDF"), upload_to=_document_path, max_length=200)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [models.UniqueConstraint(fields=("kind", "reference"), name="document_once")]

    def __str__(self):
        return f"{self.title} {self.reference}"
