"""The transactional outbox: side effects recorded with the change that causes them.

`outbox_enqueue` is called inside that change's transaction. After commit the item is handed
to Celery; if the broker is down at that moment nothing is lost, because the row is there and
`outbox_sweep` (every minute, from beat) hands over every pending item whose
`next_attempt_at` has passed. A worker that dies in the middle of an item leaves it pending:
the sweep hands it over again once its lease (`LEASE`) has run out. The tasks behind the
items are idempotent (each guards its own work with its own locks and unique keys), so an
item handed over twice does its work once.

Failed attempts are retried with the task's own `retry_backoff`, `retry_backoff_max` and
`max_retries` (the usual Celery task options, read here rather than by Celery). A task that
declares `retried_errors` is retried only for those; any other error is final at once. After
the last attempt the item is marked failed and the task's `give_up(error=..., **arguments)`
is called if it has one."""

import datetime
import functools
import logging

from celery import current_app
from django.db import IntegrityError, transaction
from django.utils import timezone

from cestmoi.celery import queue_of_task

from .models import OutboxItem, OutboxState

logger = logging.getLogger(__name__)

# Longer than CELERY_TASK_TIME_LIMIT (300 s): an item still pending after its lease is
# presumed lost (broker restarted empty, worker killed) and handed over again.
LEASE = datetime.timedelta(minutes=10)
SWEEP_BATCH = 500
DELIVER_TASK = "paperwork.outbox_deliver"
UNKNOWN_TASK_RETRIES = 30


def outbox_enqueue(task_name: str, *, key: str, now: datetime.datetime, **arguments) -> OutboxItem:
    """Record that the Celery task `task_name` must run with `arguments` (JSON values); call
    inside the causing transaction. Asking again with the same `key` adds nothing. Tasks are
    named, not imported, so that services never import the tasks that call them."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_enqueue belongs inside the transaction of the change")
    # Inserted first and looked up only when the key is taken: almost every key is new, and
    # this saves the look-up that get_or_create makes before every insert.
    try:
        with transaction.atomic():
            item = OutboxItem.objects.create(
                key=key, task_name=task_name, arguments=arguments, next_attempt_at=now + LEASE
            )
    except IntegrityError:
        return OutboxItem.objects.get(key=key)
    transaction.on_commit(functools.partial(_hand_over, item.pk, task_name, now))
    return item


def _deliver_later(item_id: int, task_name: str) -> None:
    # By name, like the items' own tasks: this module is what paperwork.tasks calls. The
    # delivery goes to the queue of the item's own task (CELERY_TASK_ROUTES' rule), so that
    # each kind of work (mail, documents, courier...) is done by the workers of its queue.
    queue = queue_of_task(task_name)
    current_app.tasks[DELIVER_TASK].apply_async((item_id,), **({"queue": queue} if queue else {}))


def _hand_over(item_id: int, task_name: str, now: datetime.datetime) -> None:
    try:
        _deliver_later(item_id, task_name)
    except Exception:
        # The change has committed; whatever the broker's trouble, the sweep will retry.
        logger.warning(
            "Outbox item %s not handed to the broker; the sweep will", item_id, exc_info=True
        )
        OutboxItem.objects.filter(pk=item_id, state=OutboxState.PENDING).update(next_attempt_at=now)


def outbox_deliver(*, item_id: int, now: datetime.datetime) -> None:
    """Run the item's task once. The attempt is claimed and committed first, so that the task
    runs outside any transaction of ours (its own records of failure survive its error) and a
    worker killed in the middle leaves the item pending until its lease runs out."""
    with transaction.atomic():
        item = (
            OutboxItem.objects.select_for_update(skip_locked=True)
            .filter(pk=item_id, state=OutboxState.PENDING)
            .first()
        )
        if item is None:
            return
        item.attempts += 1
        item.next_attempt_at = now + LEASE
        item.save(update_fields=["attempts", "next_attempt_at"])
    task = current_app.tasks.get(item.task_name)
    try:
        if task is None:
            raise LookupError(f"No task {item.task_name!r} is registered in this process")
        task.run(**item.arguments)
    except Exception as error:
        with transaction.atomic():
            _attempt_failed(item, task, error, now)
            item.save()
        return
    OutboxItem.objects.filter(pk=item.pk).update(
        state=OutboxState.DONE, done_at=timezone.now(), last_error=""
    )


def _attempt_failed(item: OutboxItem, task, error: Exception, now) -> None:
    logger.warning("Outbox item %s failed (attempt %s): %s", item.key, item.attempts, error)
    item.last_error = f"{type(error).__name__}: {error}"[:2000]
    if task is None and item.attempts <= UNKNOWN_TASK_RETRIES:
        # Not the item's fault (a worker older than the code that queued it, mid-deploy):
        # it stays pending and is tried again with the default backoff, for about a day.
        item.next_attempt_at = now + retry_delay(
            attempts=item.attempts, backoff=60, backoff_max=3600
        )
        return
    retried = getattr(task, "retried_errors", (Exception,))
    if isinstance(error, retried) and item.attempts <= (getattr(task, "max_retries", 0) or 0):
        item.next_attempt_at = now + retry_delay(
            attempts=item.attempts,
            backoff=int(task.retry_backoff or 60),
            backoff_max=int(task.retry_backoff_max or 3600),
        )
        return
    item.state = OutboxState.FAILED
    give_up = getattr(task, "give_up", None)
    if give_up is not None:
        try:
            with transaction.atomic():
                give_up(error=item.last_error, **item.arguments)
        except Exception:
            logger.exception("The give-up handler of outbox item %s failed", item.key)


def retry_delay(*, attempts: int, backoff: int, backoff_max: int) -> datetime.timedelta:
    """backoff, 2 × backoff, 4 × backoff… seconds after the 1st, 2nd, 3rd… failed attempt,
    never more than backoff_max."""
    return datetime.timedelta(seconds=min(backoff * 2 ** (attempts - 1), backoff_max))


def outbox_sweep(*, now: datetime.datetime) -> int:
    """Hand over again the pending items that are due; returns how many."""
    due = list(
        OutboxItem.objects.filter(state=OutboxState.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", "task_name")[:SWEEP_BATCH]
    )
    for item_id, task_name in due:
        # Bumped first: a delivery that fails fast sets its own next attempt.
        OutboxItem.objects.filter(pk=item_id).update(next_attempt_at=now + LEASE)
        _deliver_later(item_id, task_name)
    return len(due)


def outbox_retry(*, item_ids, now: datetime.datetime) -> int:
    """Staff: try failed items again from the start."""
    return OutboxItem.objects.filter(pk__in=item_ids, state=OutboxState.FAILED).update(
        state=OutboxState.PENDING, attempts=0, next_attempt_at=now, last_error=""
    )
