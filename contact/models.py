"""Contact messages (privacy policy, "Contact us": the conversation and staff's annotations are
kept) and contests (name, address and e-mail, with the contest's own consent). Replies and
notes are append-only: what was sent or noted stays as it was."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cestmoi.formatting import local_datetime


class AppendOnly(Exception):
    """Replies and notes are a record: never changed or deleted one by one."""


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly(f"A {self._meta.verbose_name} is never changed: add a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(f"A {self._meta.verbose_name} is never deleted on its own.")


class ContactMessageState(models.TextChoices):
    NEW = "new", _("New")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class ContactMessage(models.Model):
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("message"))
    language = models.CharField(_("language"), max_length=10)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received at"))
    state = models.CharField(
        _("state"), max_length=10, choices=ContactMessageState.choices, default="new"
    )
    # The retention period runs from the conversation's last reply or note (contact.rules).
    last_activity_at = models.DateTimeField(_("last activity"), db_index=True)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ("-received_at",)

    def __str__(self):
        return f"{self.name} <{self.email}>: {self.subject or self.body[:40]}"


class ContactReply(AppendOnlyModel):
    message = models.ForeignKey(ContactMessage, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("reply"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ("written_at", "pk")

    def __str__(self):
        return local_datetime(self.written_at)


class ContactNote(AppendOnlyModel):
    message = models.ForeignKey(ContactMessage, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("staff note")
        verbose_name_plural = _("staff notes")
        ordering = ("written_at", "pk")

    def __str__(self):
        return local_datetime(self.written_at)


class Contest(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    consent_text = models.TextField(
        _("consent text"),
        help_text=_(
            "Shown beside the unticked checkbox every entrant must tick; each entry records it "
            "exactly. It cannot be changed once someone has entered."
        ),
    )
    ends_at = models.DateTimeField(_("entries close at"))
    winners_count = models.PositiveSmallIntegerField(_("number of winners"), default=1)
    entries_kept_until = models.DateTimeField(
        _("entries kept until"),
        blank=True,
        help_text=_(
            "After this moment the entrants' data is deleted (retention table). Left empty: "
            "90 days after the entries close."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    draw_seed = models.CharField(_("draw seed"), max_length=64, blank=True, editable=False)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True, editable=False)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ("-ends_at",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entries_kept_until__gt=models.F("ends_at")),
                name="contest_entries_kept_after_the_end",
            )
        ]

    def __str__(self):
        return self.title


class ContestEntry(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    full_name = models.CharField(_("name and surname"), max_length=150)
    address = models.TextField(_("address"))
    email = models.EmailField(_("e-mail address"))
    consent = models.ForeignKey(
        "newsletter.ConsentRecord",
        verbose_name=_("consent"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"))
    winner_rank = models.PositiveSmallIntegerField(_("winner"), null=True, blank=True)

    class Meta:
        verbose_name = _("contest entry")
        verbose_name_plural = _("contest entries")
        ordering = ("contest", "pk")
        constraints = [
            models.UniqueConstraint(fields=("contest", "email"), name="contest_entry_once"),
            models.UniqueConstraint(
                fields=("contest", "winner_rank"), name="contest_winner_rank_once"
            ),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"
