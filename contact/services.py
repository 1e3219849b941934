"""Contact messages and contests: each action one transaction; e-mails through the outbox.

The retention table (privacy) asks this app what is due for deletion through
`messages_due_for_deletion(now)` and `contest_entries_due_for_deletion(now)`."""

import datetime
import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from newsletter.models import ConsentPurpose, ConsentSource
from newsletter.services import consent_record
from paperwork.emails import Email, email_send_once
from paperwork.outbox import outbox_enqueue

from . import rules
from .models import (
    ContactMessage,
    ContactMessageState,
    ContactNote,
    ContactReply,
    Contest,
    ContestEntry,
)


class ContestError(Exception):
    """The contest step is not possible now; the message says why."""


# --- Contact messages -----------------------------------------------------------------------
def contact_message_receive(
    *, name: str, email: str, subject: str, body: str, language: str, user, now
) -> ContactMessage:
    return ContactMessage.objects.create(
        name=name.strip(),
        email=email.strip().lower(),
        subject=subject.strip(),
        body=body.strip(),
        language=language,
        user=user if user is not None and user.is_authenticated else None,
        received_at=now,
        last_activity_at=now,
    )


def contact_reply_send(*, message_id: int, body: str, actor, now) -> ContactReply:
    """Customer care's answer: kept with the message and e-mailed (after commit, once)."""
    if not body.strip():
        raise ValueError("An empty reply")
    with transaction.atomic():
        message = ContactMessage.objects.select_for_update().get(pk=message_id)
        reply = ContactReply.objects.create(
            message=message, body=body.strip(), sent_by=actor, written_at=now
        )
        message.state = ContactMessageState.ANSWERED
        message.last_activity_at = now
        message.save(update_fields=["state", "last_activity_at"])
        outbox_enqueue(
            "contact.send_reply", key=f"contact-reply-{reply.pk}", now=now, reply_id=reply.pk
        )
    return reply


def contact_reply_email_send(*, reply_id: int) -> bool:
    reply = ContactReply.objects.select_related("message").get(pk=reply_id)
    message = reply.message
    subject = message.subject or _("Your message to C'est Moi")
    return email_send_once(
        kind="contact_reply",
        about=f"contact-message-{message.pk}",
        reference=str(reply.pk),
        recipient=message.email,
        language=message.language,
        build=lambda: Email(
            subject=f"Re: {subject}",
            template="contact/email/reply",
            context={"message": message, "reply": reply},
        ),
    )


def contact_note_add(*, message_id: int, text: str, actor, now) -> ContactNote:
    if not text.strip():
        raise ValueError("An empty note")
    with transaction.atomic():
        message = ContactMessage.objects.select_for_update().get(pk=message_id)
        note = ContactNote.objects.create(
            message=message, text=text.strip(), author=actor, written_at=now
        )
        message.last_activity_at = now
        message.save(update_fields=["last_activity_at"])
    return note


def contact_message_close(*, message_id: int) -> None:
    ContactMessage.objects.filter(pk=message_id).update(state=ContactMessageState.CLOSED)


def messages_due_for_deletion(now: datetime.datetime) -> QuerySet[ContactMessage]:
    """Messages whose retention has ended (rules.CONTACT_MESSAGE_RETENTION after the last
    reply or note); deleting one deletes its replies and notes with it."""
    return ContactMessage.objects.filter(last_activity_at__lt=now - rules.CONTACT_MESSAGE_RETENTION)


# --- Contests -------------------------------------------------------------------------------
def contest_scope(contest: Contest) -> str:
    """The consent ledger's scope of a contest's consent."""
    return f"contest-{contest.pk}"


def contest_enter(
    *,
    contest_id: int,
    full_name: str,
    address: str,
    email: str,
    consent_given: bool,
    language: str,
    user,
    now: datetime.datetime,
) -> ContestEntry:
    """An entry with its consent (a ledger row with the contest's exact text). An address that
    has entered already keeps its first entry; the entrant sees the same thanks either way."""
    if not consent_given:
        raise ContestError(_("To enter, tick the consent."))
    email = email.strip().lower()
    with transaction.atomic():
        contest = Contest.objects.select_for_update().get(pk=contest_id)
        if now >= contest.ends_at or contest.drawn_at is not None:
            raise ContestError(_("This contest is closed."))
        existing = ContestEntry.objects.filter(contest=contest, email=email).first()
        if existing is not None:
            return existing
        consent = consent_record(
            email=email,
            purpose=ConsentPurpose.CONTEST,
            scope=contest_scope(contest),
            given=True,
            text=contest.consent_text,
            text_version=contest_scope(contest),
            language=language,
            source=ConsentSource.CONTEST_FORM,
            now=now,
            user=user,
        )
        return ContestEntry.objects.create(
            contest=contest,
            full_name=full_name.strip(),
            address=address.strip(),
            email=email,
            consent=consent,
            entered_at=now,
        )


def contest_draw(*, contest_id: int, actor, now: datetime.datetime) -> list[ContestEntry]:
    """Draw the winners once, after the entries close, and record the seed (rules.contest_winners
    repeats the draw from it)."""
    with transaction.atomic():
        contest = Contest.objects.select_for_update().get(pk=contest_id)
        if contest.drawn_at is not None:
            raise ContestError(_("The winners of this contest were drawn already."))
        if now < contest.ends_at:
            raise ContestError(_("Draw the winners only after the entries close."))
        entry_ids = list(contest.entries.values_list("pk", flat=True))
        if not entry_ids:
            raise ContestError(_("Nobody entered this contest."))
        contest.draw_seed = secrets.token_hex(16)
        contest.drawn_at = now
        contest.drawn_by = actor
        contest.save(update_fields=["draw_seed", "drawn_at", "drawn_by"])
        winners = rules.contest_winners(
            entry_ids=entry_ids, seed=contest.draw_seed, count=contest.winners_count
        )
        for rank, entry_id in enumerate(winners, start=1):
            ContestEntry.objects.filter(pk=entry_id).update(winner_rank=rank)
    return list(contest.entries.filter(winner_rank__isnull=False).order_by("winner_rank"))


def contest_entries_due_for_deletion(now: datetime.datetime) -> QuerySet[ContestEntry]:
    return ContestEntry.objects.filter(contest__entries_kept_until__lt=now)
