"""Celery tasks of the orders app: each loads by id and calls a service. Side effects of a
change are queued through the outbox (`paperwork.outbox`), which runs these tasks by name,
retries them with the backoff declared here and calls `give_up` when retries run out."""

from django.utils import timezone

from cestmoi.celery import app

from .couriers import CourierUnavailable
from .services.couriers import courier_failure_alert, courier_notify
from .services.digest import delivery_digest_send
from .services.documents import credit_note_for_refund, order_documents_issue
from .services.emails import order_email_send
from .services.paying import reservations_release_expired
from .services.refunds import refunds_reconcile_unconfirmed

# 30 s, 60 s, 120 s… up to an hour between attempts; the services are idempotent, so a retry
# never issues or sends anything twice.
RETRY = {"retry_backoff": 30, "retry_backoff_max": 3600, "max_retries": 10}


@app.task(name="orders.issue_order_documents", **RETRY)
def issue_order_documents(order_id: int) -> None:
    order_documents_issue(order_id=order_id)


@app.task(name="orders.issue_credit_note", **RETRY)
def issue_credit_note(refund_id: int) -> None:
    credit_note_for_refund(refund_id=refund_id)


@app.task(name="orders.send_order_email", **RETRY)
def send_order_email(order_id: int, kind: str, reference: str = "") -> None:
    order_email_send(order_id=order_id, kind=kind, reference=reference)


class _CourierNoticeTask(app.Task):
    def give_up(self, *, error: str, order_id: int, shipment: int = 1) -> None:
        """Retries ran out (or the courier refused for good): staff arrange it by hand."""
        courier_failure_alert(order_id=order_id, shipment=shipment, error=error)


COURIER_NOTICE_RETRIES = 8


# About three hours of attempts (1, 2, 4, … minutes, at most one hour apart) before staff are
# alerted; a notice once sent is never sent again.
@app.task(
    name="orders.notify_courier",
    base=_CourierNoticeTask,
    retried_errors=(CourierUnavailable,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=COURIER_NOTICE_RETRIES,
)
def notify_courier(order_id: int, shipment: int = 1) -> None:
    courier_notify(order_id=order_id, shipment=shipment)


@app.task(name="orders.release_expired_reservations")
def release_expired_reservations() -> int:
    return reservations_release_expired(now=timezone.now())


@app.task(name="orders.reconcile_unconfirmed_refunds")
def reconcile_unconfirmed_refunds() -> int:
    return refunds_reconcile_unconfirmed(now=timezone.now())


@app.task(
    name="orders.send_delivery_digest",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_delivery_digest() -> int:
    return delivery_digest_send(today=timezone.localdate())
