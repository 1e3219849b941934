from django.utils import timezone

from cestmoi.celery import app

from .services.digest import delivery_digest_send
from .services.notifying import order_confirmation_send
from .services.paying import reservations_release_expired


# SMTP errors are OSErrors: retry with growing pauses; the service never sends twice.
@app.task(
    name="orders.send_order_confirmation",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=10,
)
def send_order_confirmation(order_id: int) -> None:
    order_confirmation_send(order_id=order_id)


@app.task(name="orders.release_expired_reservations")
def release_expired_reservations() -> int:
    return reservations_release_expired(now=timezone.now())


@app.task(
    name="orders.send_delivery_digest",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_delivery_digest() -> int:
    return delivery_digest_send(today=timezone.localdate())
