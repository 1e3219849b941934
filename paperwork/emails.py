"""E-mails sent at most once per (kind, about, reference), for any app.

The log row is inserted before the message is sent, in the same transaction: a second sender
of the same e-mail waits on the row's unique key and then finds it taken, and a failed send
rolls the row back so that the retry sends. Delivery is at least once, not exactly once: if the
process dies after the SMTP server accepted the message and before the commit, the retry
sends it again (that window is one COMMIT; logging first and sending after could lose it)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import SentEmail


@dataclass(frozen=True)
class Email:
    """What an e-mail says: `template` names a pair `<template>.txt` and `<template>.html`."""

    subject: str
    template: str
    context: dict
    attachments: Iterable = ()  # stored documents: anything with `.file` and `.filename`


def email_send_once(
    *,
    kind: str,
    about: str,
    reference: str = "",
    recipient: str,
    language: str,
    build: Callable[[], Email | None],
) -> bool:
    """Send the e-mail `build()` describes, unless this one was sent already; returns whether
    it was sent now. `build` runs in `language` and may return None when, by the time the
    e-mail would go out, it no longer should."""
    if SentEmail.objects.filter(kind=kind, about=about, reference=reference).exists():
        return False
    with transaction.atomic():
        with translation.override(language):
            email = build()
            if email is None:
                return False
            message = _message(email, recipient)
        try:
            with transaction.atomic():
                SentEmail.objects.create(
                    kind=kind,
                    about=about,
                    reference=reference,
                    recipient=recipient,
                    subject=email.subject[:255],
                    sent_at=timezone.now(),
                )
        except IntegrityError:
            return False
        message.send()
    return True


def _message(email: Email, recipient: str) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=render_to_string(f"{email.template}.txt", email.context),
        to=[recipient],
    )
    message.attach_alternative(
        render_to_string(f"{email.template}.html", email.context), "text/html"
    )
    for document in email.attachments:
        with document.file.open("rb") as pdf:
            message.attach(document.filename, pdf.read(), "application/pdf")
    return message


def emails_about(about: str):
    """The e-mails sent about one record (an order, a complaint), oldest first."""
    return SentEmail.objects.filter(about=about)
