"""Celery tasks of the privacy app: each loads by id and calls an idempotent service. The
outbox runs them by name and retries them with the backoff declared here."""

from django.utils import timezone

from cestmoi.celery import app

from .retention import retention_apply
from .services.papers import (
    request_access_answer_build,
    request_email_send,
    request_export_build,
)
from .services.reminders import request_deadline_reminders_send

# 30 s, 60 s, 120 s… up to an hour between attempts; e-mails are sent at most once.
RETRY = {"retry_backoff": 30, "retry_backoff_max": 3600, "max_retries": 10}


@app.task(name="privacy.request_send_email", **RETRY)
def request_send_email(request_id: int, kind: str) -> None:
    request_email_send(request_id=request_id, kind=kind)


@app.task(name="privacy.request_build_export", **RETRY)
def request_build_export(request_id: int) -> None:
    request_export_build(request_id=request_id, now=timezone.now())


@app.task(name="privacy.request_build_access_answer", **RETRY)
def request_build_access_answer(request_id: int) -> None:
    request_access_answer_build(request_id=request_id, now=timezone.now())


@app.task(
    name="privacy.request_deadline_reminders",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def request_deadline_reminders() -> int:
    return request_deadline_reminders_send(today=timezone.localdate())


@app.task(name="privacy.retention_apply")
def retention_apply_task() -> dict[str, int]:
    return retention_apply(now=timezone.now())
