"""Read queries of the consent ledger and the newsletter list."""

import datetime

from django.db.models import QuerySet

from .models import ConsentPurpose, ConsentRecord, Subscriber
from .rules import CONFIRMATION_VALID_FOR


def consent_current(*, email: str, purpose: str, scope: str = "") -> ConsentRecord | None:
    """The latest row of one consent: its current state (None: never asked)."""
    return (
        ConsentRecord.objects.filter(email=email.strip().lower(), purpose=purpose, scope=scope)
        .order_by("-recorded_at", "-pk")
        .first()
    )


def consent_is_given(*, email: str, purpose: str, scope: str = "") -> bool:
    current = consent_current(email=email, purpose=purpose, scope=scope)
    return current is not None and current.given


def consent_history(*, email: str) -> QuerySet[ConsentRecord]:
    """Every consent row of one address, newest first (the account page, data requests)."""
    return ConsentRecord.objects.filter(email=email.strip().lower())


def newsletter_is_active(subscriber: Subscriber | None) -> bool:
    return (
        subscriber is not None
        and subscriber.confirmed_at is not None
        and consent_is_given(email=subscriber.email, purpose=ConsentPurpose.NEWSLETTER)
    )


def subscriber_of(email: str) -> Subscriber | None:
    return Subscriber.objects.filter(email=email.strip().lower()).first()


def subscribers_unconfirmed_due_for_deletion(now: datetime.datetime) -> QuerySet[Subscriber]:
    """Sign-ups never confirmed whose link has expired: for the retention table (privacy).
    They carry no consent (the ledger records a consent only on confirmation)."""
    return Subscriber.objects.filter(
        confirmed_at__isnull=True,
        unsubscribed_at__isnull=True,
        confirmation_sent_at__lt=now - CONFIRMATION_VALID_FOR,
    )
