"""What a withdrawing consumer receives on a durable medium: the acknowledgement (e-mail with a
PDF stating the statement's content and the date and time it was received, Art. 11a of
Directive 2011/83 as amended by 2023/2673), the decline e-mail, and the signed link to the
statement's page."""

import hashlib

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from legal import consumer_law as law
from legal.seller import SELLER
from paperwork.documents import document_issue
from paperwork.emails import Email, email_send_once
from paperwork.pdf import render_pdf

from ..models import WithdrawalEventKind, WithdrawalStatement
from .withdrawals import withdrawal_email_recorded

ACKNOWLEDGEMENT = "withdrawal_acknowledgement"
ACKNOWLEDGEMENT_EMAIL = "withdrawal_received"
DECLINE_EMAIL = "withdrawal_declined"

_signer = signing.Signer(salt="complaints.withdrawal-page")


def withdrawal_access_key(statement: WithdrawalStatement) -> str:
    return _signer.signature(statement.public_id)


def withdrawal_link(statement: WithdrawalStatement) -> str:
    """The statement page's path with its signed key: works without signing in."""
    return (
        f"{reverse('complaints:withdrawal_detail', args=(statement.number,))}"
        f"?key={withdrawal_access_key(statement)}"
    )


def withdrawal_visible_to(statement: WithdrawalStatement, *, user, key: str | None) -> bool:
    if user.is_authenticated and statement.order_id and statement.order.user_id == user.pk:
        return True
    return bool(key) and constant_time_compare(key, withdrawal_access_key(statement))


def withdrawal_context(statement: WithdrawalStatement) -> dict:
    """What the statement's page, PDF and e-mails show: its lines and the deadlines that apply."""
    lines = list(statement.lines.select_related("order_line"))
    return {
        "statement": statement,
        "lines": lines,
        "accepted_lines": [line for line in lines if line.accepted],
        "refused_lines": [line for line in lines if not line.accepted],
        "received_at": timezone.localtime(statement.received_at),
        "seller": SELLER,
        **law.deadlines(),
        "statement_url": settings.SITE_URL + withdrawal_link(statement),
    }


def withdrawal_acknowledgement(statement: WithdrawalStatement):
    """The acknowledgement PDF, issued once and stored."""
    return document_issue(
        kind=ACKNOWLEDGEMENT,
        reference=statement.number,
        title=_("Acknowledgement of withdrawal"),
        language=statement.language,
        filename=f"{statement.number}-acknowledgement.pdf",
        build=lambda: render_pdf(
            "complaints/withdrawal/pdf/acknowledgement.html",
            {
                **withdrawal_context(statement),
                "title": _("Acknowledgement of withdrawal"),
                "number": statement.number,
            },
        ),
    )


def _address_key(email: str) -> str:
    # SentEmail.reference holds 100 characters; an address may have 254.
    return hashlib.sha256(email.encode()).hexdigest()


def withdrawal_email_send(*, statement_id: int, kind: str) -> bool:
    """Send the statement's e-mail of `kind` once; returns whether it was sent now.

    The acknowledgement goes out at most once a day per address, so that the public form
    cannot be used to mail strangers: its once-key is the address and the day, and the unique
    key of the e-mail log makes that hold under concurrent workers too. A statement whose
    acknowledgement is withheld is recorded all the same, its page shows the same content and
    PDF, and the timeline says why no e-mail went."""
    statement = WithdrawalStatement.objects.get(pk=statement_id)
    if kind == "declined":
        sent = email_send_once(
            kind=DECLINE_EMAIL,
            about=statement.number,
            recipient=statement.email,
            language=statement.language,
            build=lambda: _declined(statement),
        )
        if sent:
            withdrawal_email_recorded(
                statement_id=statement.pk, kind=WithdrawalEventKind.DECLINE_SENT, now=timezone.now()
            )
        return sent
    if (
        statement.acknowledged_at is not None
        or statement.events.filter(kind=WithdrawalEventKind.ACKNOWLEDGEMENT_WITHHELD).exists()
    ):
        return False  # handed over again by the outbox: decided already
    sent = email_send_once(
        kind=ACKNOWLEDGEMENT_EMAIL,
        about=f"wd-ack-{timezone.localdate(statement.received_at).isoformat()}",
        reference=_address_key(statement.email),
        recipient=statement.email,
        language=statement.language,
        build=lambda: _received(statement),
    )
    withdrawal_email_recorded(
        statement_id=statement.pk,
        kind=(
            WithdrawalEventKind.ACKNOWLEDGED
            if sent
            else WithdrawalEventKind.ACKNOWLEDGEMENT_WITHHELD
        ),
        now=timezone.now(),
    )
    return sent


def _received(statement: WithdrawalStatement) -> Email:
    return Email(
        subject=_("We received your withdrawal %(number)s") % {"number": statement.number},
        template="complaints/withdrawal/email/received",
        context=withdrawal_context(statement),
        attachments=(withdrawal_acknowledgement(statement),),
    )


def _declined(statement: WithdrawalStatement) -> Email:
    decline = statement.events.filter(kind=WithdrawalEventKind.DECLINED).last()
    return Email(
        subject=_("Your withdrawal %(number)s") % {"number": statement.number},
        template="complaints/withdrawal/email/declined",
        context={**withdrawal_context(statement), "decline_reason": decline.note},
    )
