"""Celery tasks of the fiscal app: each loads by id and calls a service. The orders app queues
the first three by name through the outbox (settings.ORDER_EVENT_TASKS); the outbox retries
them with the backoff declared here and calls `give_up` when retries run out."""

from django.db import DatabaseError
from django.utils import timezone

from cestmoi.celery import app

from .services import (
    IssuanceInProgress,
    ReferenceNotIssued,
    fiscal_intent_give_up,
    fiscal_intent_issue,
    fiscal_plan_give_up,
    fiscal_plan_paid,
    fiscal_plan_refund,
    fiscal_plan_shipped,
    fiscal_receipt_email_send,
)
from .vsdc import VsdcUnavailable

# 30 s, 60 s, 120 s… up to an hour apart: about eight hours of attempts before staff are
# told, long enough to ride out a processor outage or a certificate being renewed.
RETRY = {"retry_backoff": 30, "retry_backoff_max": 3600, "max_retries": 14}


class _PlanTask(app.Task):
    def give_up(self, *, error: str, order_id: int, **arguments) -> None:
        fiscal_plan_give_up(order_id=order_id, error=error)


class _IssueTask(app.Task):
    def give_up(self, *, error: str, intent_id: str) -> None:
        fiscal_intent_give_up(intent_id=intent_id, error=error, now=timezone.now())


# A plan that cannot be made (FiscalPlanError) is not retried: staff are told at once.
PLAN = {"base": _PlanTask, "retried_errors": (DatabaseError,), **RETRY}


@app.task(name="fiscal.order_paid", **PLAN)
def order_paid(order_id: int) -> None:
    fiscal_plan_paid(order_id=order_id, now=timezone.now())


@app.task(name="fiscal.order_shipped", **PLAN)
def order_shipped(order_id: int) -> None:
    fiscal_plan_shipped(order_id=order_id, now=timezone.now())


@app.task(name="fiscal.refund_completed", **PLAN)
def refund_completed(order_id: int, refund_id: int) -> None:
    fiscal_plan_refund(order_id=order_id, refund_id=refund_id, now=timezone.now())


# A receipt the processor refuses (VsdcRejected) is not retried: the same request would be
# refused again.
@app.task(
    name="fiscal.issue_receipt",
    base=_IssueTask,
    retried_errors=(VsdcUnavailable, IssuanceInProgress, ReferenceNotIssued, DatabaseError),
    **RETRY,
)
def issue_receipt(intent_id: str) -> None:
    fiscal_intent_issue(intent_id=intent_id, now=timezone.now())


@app.task(name="fiscal.send_receipt_email", **RETRY)
def send_receipt_email(receipt_id: int) -> None:
    fiscal_receipt_email_send(receipt_id=receipt_id)
