from smtplib import SMTPException

from django.utils import timezone

from cestmoi.celery import app

from .couriers import CourierUnavailable
from .services.couriers import courier_failure_alert, courier_notify
from .services.digest import delivery_digest_send
from .services.documents import order_documents_issue
from .services.notifying import order_email_send
from .services.paying import reservations_release_expired

# SMTP errors are OSErrors in Python 3; listed for clarity. Retries wait 30 s, 60 s, 120 s… up to
# an hour; the services are idempotent, so a retry never issues or sends anything twice.
RETRY = {
    "autoretry_for": (OSError, SMTPException),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 10,
}


@app.task(name="orders.issue_order_documents", **RETRY)
def issue_order_documents(order_id: int) -> None:
    order_documents_issue(order_id=order_id)


@app.task(name="orders.send_order_email", **RETRY)
def send_order_email(
    order_id: int, kind: str, reference: str = "", amount_rsd=None, amount_eur=None
) -> None:
    order_email_send(
        order_id=order_id,
        kind=kind,
        reference=reference,
        amount_rsd=amount_rsd,
        amount_eur=amount_eur,
    )


def order_paid_notify(order_id: int) -> None:
    """Documents first, then the e-mail that carries them: each step retries on its own."""
    (issue_order_documents.si(order_id) | send_order_email.si(order_id, "order_paid")).apply_async()


@app.task(name="orders.release_expired_reservations")
def release_expired_reservations() -> int:
    return reservations_release_expired(now=timezone.now())


class _CourierNoticeTask(app.Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries ran out (or the courier refused for good): staff arrange it by hand."""
        order_id = args[0] if args else kwargs["order_id"]
        shipment = args[1] if len(args) > 1 else kwargs.get("shipment", 1)
        courier_failure_alert(order_id=order_id, shipment=shipment, error=str(exc))


COURIER_NOTICE_RETRIES = 8


# About three hours of retries (1, 2, 4, … minutes, at most one hour apart) before staff are
# alerted; a notice once sent is never sent again.
@app.task(
    name="orders.notify_courier",
    base=_CourierNoticeTask,
    autoretry_for=(CourierUnavailable,),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=False,
    max_retries=COURIER_NOTICE_RETRIES,
)
def notify_courier(order_id: int, shipment: int = 1) -> None:
    courier_notify(order_id=order_id, shipment=shipment)


@app.task(
    name="orders.send_delivery_digest",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_delivery_digest() -> int:
    return delivery_digest_send(today=timezone.localdate())
