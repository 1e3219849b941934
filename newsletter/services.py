"""Consents, newsletter sign-ups and campaigns: each action one transaction.

Consent is recorded when it becomes real: when the owner of the address presses the button on
the confirmation page (double opt-in) or subscribes from their verified account. A sign-up form
only asks for that confirmation; it tells nobody whether the address is on the list already
(the same answer either way)."""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from paperwork.emails import Email, email_send_once
from paperwork.outbox import outbox_enqueue

from . import consent_texts, rules
from .models import (
    Campaign,
    CampaignDelivery,
    CampaignState,
    ConsentPurpose,
    ConsentRecord,
    Subscriber,
    text_sha256,
)
from .selectors import consent_current, consent_is_given, newsletter_is_active


class CampaignError(Exception):
    """The campaign cannot be sent now; the message says why, in staff's words."""


def consent_record(
    *,
    email: str,
    purpose: str,
    given: bool,
    text: str,
    text_version: str,
    language: str,
    source: str,
    now: datetime.datetime,
    scope: str = "",
    user=None,
    actor=None,
) -> ConsentRecord:
    """Add one row to the ledger: `text` is exactly what the person was shown."""
    text = str(text)
    return ConsentRecord.objects.create(
        email=email.strip().lower(),
        user=user if user is not None and user.is_authenticated else None,
        purpose=purpose,
        scope=scope,
        given=given,
        text=text,
        text_version=text_version,
        text_sha256=text_sha256(text),
        language=language,
        source=source,
        recorded_at=now,
        recorded_by=actor,
    )


def _newsletter_consent(subscriber: Subscriber, *, given: bool, source, language, now, actor=None):
    shown = consent_texts.NEWSLETTER if given else consent_texts.NEWSLETTER_REVOKE
    with translation.override(language):
        text = str(shown.text)
    return consent_record(
        email=subscriber.email,
        purpose=ConsentPurpose.NEWSLETTER,
        given=given,
        text=text,
        text_version=shown.version,
        language=language,
        source=source,
        now=now,
        user=subscriber.user,
        actor=actor,
    )


def newsletter_subscribe(
    *,
    email: str,
    language: str,
    source: str,
    now: datetime.datetime,
    user=None,
    address_verified: bool = False,
) -> Subscriber:
    """Sign an address up. A verified account's own address is subscribed at once (its owner
    is the one clicking); any other address is sent a confirmation link first."""
    email = email.strip().lower()
    user = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        Subscriber.objects.get_or_create(
            email=email,
            defaults={"language": language, "source": source, "created_at": now, "user": user},
        )
        subscriber = Subscriber.objects.select_for_update().get(email=email)
        if newsletter_is_active(subscriber):
            return subscriber
        subscriber.language = language
        subscriber.source = source
        subscriber.user = subscriber.user or user
        if address_verified:
            _confirm(subscriber, source=source, language=language, now=now)
            return subscriber
        subscriber.confirmed_at = None
        subscriber.confirmation_sent_at = now
        subscriber.save()
        outbox_enqueue(
            "newsletter.send_confirmation",
            key=f"newsletter-confirm-{subscriber.pk}-{now.isoformat()}",
            now=now,
            subscriber_id=subscriber.pk,
            asked_at=now.isoformat(),
        )
    return subscriber


def _confirm(subscriber: Subscriber, *, source, language, now) -> None:
    _newsletter_consent(subscriber, given=True, source=source, language=language, now=now)
    subscriber.confirmed_at = now
    subscriber.unsubscribed_at = None
    subscriber.save()


def newsletter_confirm(*, token: str, language: str, now: datetime.datetime) -> bool:
    """The button on the confirmation page (never the link itself: mail scanners open links).
    Returns whether the address is subscribed now."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(token=token).first()
        if subscriber is None:
            return False
        if newsletter_is_active(subscriber):
            return True
        if not rules.confirmation_is_valid(asked_at=subscriber.confirmation_sent_at, now=now):
            return False
        _confirm(subscriber, source=subscriber.source, language=language, now=now)
    return True


def _unsubscribe(subscriber: Subscriber, *, source, language, now, actor=None) -> None:
    if consent_is_given(email=subscriber.email, purpose=ConsentPurpose.NEWSLETTER):
        _newsletter_consent(
            subscriber, given=False, source=source, language=language, now=now, actor=actor
        )
    subscriber.confirmed_at = None
    subscriber.confirmation_sent_at = None
    subscriber.unsubscribed_at = now
    subscriber.save()


def newsletter_unsubscribe(*, token: str, source: str, language: str, now) -> None:
    """The unsubscribe link or the one-click POST (RFC 8058): effective at once, for any token
    (an unknown one does nothing, and the caller answers the same)."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(token=token).first()
        if subscriber is not None:
            _unsubscribe(subscriber, source=source, language=language, now=now)


def newsletter_unsubscribe_address(
    *, email: str, source: str, language: str, now, actor=None
) -> None:
    """From the account page or by staff on the person's request."""
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update().filter(email=email.strip().lower()).first()
        )
        if subscriber is not None:
            _unsubscribe(subscriber, source=source, language=language, now=now, actor=actor)


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def newsletter_links(subscriber: Subscriber) -> dict:
    return {
        "confirm_url": _absolute(reverse("newsletter:confirm", args=(subscriber.token,))),
        "unsubscribe_url": _absolute(reverse("newsletter:unsubscribe", args=(subscriber.token,))),
    }


def newsletter_confirmation_send(*, subscriber_id: int, asked_at: str) -> bool:
    """The double opt-in e-mail, once per sign-up request (`asked_at`), only while that
    request is the pending one."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False

    def build():
        subscriber.refresh_from_db()
        still_pending = subscriber.confirmed_at is None and (
            subscriber.confirmation_sent_at is not None
            and subscriber.confirmation_sent_at.isoformat() == asked_at
        )
        if not still_pending:
            return None
        return Email(
            subject=_("Please confirm your subscription to C'est Moi's newsletter"),
            template="newsletter/email/confirm",
            context={
                **newsletter_links(subscriber),
                "valid_days": rules.CONFIRMATION_VALID_FOR.days,
            },
        )

    return email_send_once(
        kind="newsletter_confirm",
        about=f"newsletter-subscriber-{subscriber.pk}",
        reference=asked_at,
        recipient=subscriber.email,
        language=subscriber.language,
        build=build,
    )


# --- Campaigns ------------------------------------------------------------------------------
def campaign_send_start(*, campaign_id: int, actor, now: datetime.datetime) -> Campaign:
    """Staff press "send": the campaign goes out in batches from Celery (outbox)."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if campaign.state != CampaignState.DRAFT:
            raise CampaignError(_("This campaign was sent already."))
        campaign.state = CampaignState.SENDING
        campaign.send_started_at = now
        campaign.send_started_by = actor
        campaign.save(update_fields=["state", "send_started_at", "send_started_by"])
        _queue_batch(campaign, after_subscriber_id=0, now=now)
    return campaign


def _queue_batch(campaign: Campaign, *, after_subscriber_id: int, now) -> None:
    outbox_enqueue(
        "newsletter.campaign_send_batch",
        key=f"campaign-{campaign.pk}-after-{after_subscriber_id}",
        now=now,
        campaign_id=campaign.pk,
        after_subscriber_id=after_subscriber_id,
    )


def campaign_batch_send(
    *, campaign_id: int, after_subscriber_id: int, now: datetime.datetime
) -> int:
    """Send the campaign to the next batch of confirmed subscribers of its language (by id,
    after `after_subscriber_id`), queue the next batch, or mark the campaign sent after the
    last. Run again with the same arguments (a retry), it sends nobody twice. Returns how many
    messages it sent."""
    campaign = Campaign.objects.get(pk=campaign_id)
    if campaign.state != CampaignState.SENDING:
        return 0
    batch = list(
        Subscriber.objects.filter(
            pk__gt=after_subscriber_id,
            language=campaign.language,
            confirmed_at__isnull=False,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[: rules.CAMPAIGN_BATCH_SIZE]
    )
    sent = sum(campaign_deliver(campaign=campaign, subscriber_id=pk, now=now) for pk in batch)
    with transaction.atomic():
        if len(batch) == rules.CAMPAIGN_BATCH_SIZE:
            _queue_batch(campaign, after_subscriber_id=batch[-1], now=now)
        else:
            Campaign.objects.filter(pk=campaign.pk, state=CampaignState.SENDING).update(
                state=CampaignState.SENT, sent_at=now
            )
    return sent


def campaign_deliver(*, campaign: Campaign, subscriber_id: int, now) -> bool:
    """One message, at most once: the delivery row is inserted in the transaction that sends
    (a failed send rolls it back, so the retry sends). The subscriber's row is locked, so an
    unsubscribe committed before this point is seen, and one arriving meanwhile waits."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None or subscriber.confirmed_at is None:
            return False
        current = consent_current(email=subscriber.email, purpose=ConsentPurpose.NEWSLETTER)
        if current is None or not current.given:
            return False
        try:
            with transaction.atomic():
                CampaignDelivery.objects.create(
                    campaign=campaign, subscriber=subscriber, sent_at=now
                )
        except IntegrityError:
            return False
        campaign_message(campaign=campaign, subscriber=subscriber).send()
    return True


def campaign_message(*, campaign: Campaign, subscriber: Subscriber) -> EmailMultiAlternatives:
    """The campaign as one subscriber receives it: with their unsubscribe link in the text and
    the one-click unsubscribe headers (RFC 2369 List-Unsubscribe, RFC 8058 One-Click)."""
    links = newsletter_links(subscriber)
    context = {"campaign": campaign, **links}
    with translation.override(campaign.language):
        message = EmailMultiAlternatives(
            subject=campaign.subject,
            body=render_to_string("newsletter/email/campaign.txt", context),
            to=[subscriber.email],
            headers={
                "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            render_to_string("newsletter/email/campaign.html", context), "text/html"
        )
    return message


def campaign_test_send(*, campaign_id: int, recipient: str) -> None:
    """A preview to staff's own address, with links that unsubscribe nobody."""
    campaign = Campaign.objects.get(pk=campaign_id)
    preview = Subscriber(email=recipient, language=campaign.language, token="preview-only")  # noqa: S106
    campaign_message(campaign=campaign, subscriber=preview).send()
