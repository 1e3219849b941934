"""Celery tasks of the complaints app: each loads by id and calls an idempotent service. The
outbox runs them by name and retries them with the backoff declared here."""

from django.utils import timezone

from cestmoi.celery import app

from .services.complaint_papers import complaint_email_send
from .services.complaint_reminders import complaint_deadline_reminders_send
from .services.withdrawal_papers import withdrawal_email_send
from .services.withdrawal_reminders import withdrawal_deadline_reminders_send

# 30 s, 60 s, 120 s… up to an hour between attempts; e-mails are sent at most once.
RETRY = {"retry_backoff": 30, "retry_backoff_max": 3600, "max_retries": 10}


@app.task(name="complaints.complaint_send_email", **RETRY)
def complaint_send_email(complaint_id: int, kind: str) -> None:
    complaint_email_send(complaint_id=complaint_id, kind=kind)


@app.task(
    name="complaints.complaint_deadline_reminders",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def complaint_deadline_reminders() -> int:
    return complaint_deadline_reminders_send(today=timezone.localdate())


@app.task(name="complaints.withdrawal_send_email", **RETRY)
def withdrawal_send_email(statement_id: int, kind: str) -> None:
    withdrawal_email_send(statement_id=statement_id, kind=kind)


@app.task(
    name="complaints.withdrawal_deadline_reminders",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def withdrawal_deadline_reminders() -> int:
    return withdrawal_deadline_reminders_send(today=timezone.localdate())
