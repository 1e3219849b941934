from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services


@shared_task(
    name="catalog.exchange_rate_fetch",
    autoretry_for=(services.RateFetchError,),
    retry_backoff=300,
    retry_backoff_max=3600,
    max_retries=4,
)
def exchange_rate_fetch():
    """Scheduled by django-celery-beat (migration 0003). Idempotent: one row per date."""
    services.exchange_rate_fetch(url=settings.EXCHANGE_RATE_URL, today=timezone.localdate())
