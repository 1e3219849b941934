"""Celery tasks of the newsletter: each loads by id and calls an idempotent service. The outbox
runs them by name and retries them with the backoff declared here."""

from django.utils import timezone

from cestmoi.celery import app

from .services import campaign_batch_send, newsletter_confirmation_send

# 30 s, 60 s, 120 s… up to an hour between attempts; nothing is sent twice.
RETRY = {"retry_backoff": 30, "retry_backoff_max": 3600, "max_retries": 10}


@app.task(name="newsletter.send_confirmation", **RETRY)
def send_confirmation(subscriber_id: int, asked_at: str) -> None:
    newsletter_confirmation_send(subscriber_id=subscriber_id, asked_at=asked_at)


@app.task(name="newsletter.campaign_send_batch", **RETRY)
def campaign_send_batch(campaign_id: int, after_subscriber_id: int) -> None:
    campaign_batch_send(
        campaign_id=campaign_id, after_subscriber_id=after_subscriber_id, now=timezone.now()
    )
