"""The outbox's own rules, without a broker: how long it waits between attempts, that one side
effect is one row, that nothing outlives a rolled-back change, and what staff can restart."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from orders.tasks import COURIER_NOTICE_RETRIES, notify_courier
from paperwork.models import OutboxItem, OutboxState
from paperwork.outbox import outbox_deliver, outbox_enqueue, outbox_retry, retry_delay

UNKNOWN_TASK = "paperwork.no_such_task"


def test_retry_delay_doubles_from_30_seconds_up_to_an_hour():
    delays = [
        retry_delay(attempts=attempts, backoff=30, backoff_max=3600).total_seconds()
        for attempts in range(1, 11)
    ]
    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]


def test_the_courier_notice_is_retried_for_about_three_hours_before_staff_are_alerted():
    assert (notify_courier.retry_backoff, notify_courier.retry_backoff_max) == (60, 3600)
    assert notify_courier.max_retries == COURIER_NOTICE_RETRIES == 8
    waits = [
        retry_delay(
            attempts=attempts,
            backoff=notify_courier.retry_backoff,
            backoff_max=notify_courier.retry_backoff_max,
        )
        for attempts in range(1, COURIER_NOTICE_RETRIES + 1)
    ]
    # 1 + 2 + 4 + 8 + 16 + 32 + 60 + 60 minutes between the 9 attempts.
    assert [wait.total_seconds() / 60 for wait in waits] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert sum(waits, datetime.timedelta()) == datetime.timedelta(minutes=183)


@pytest.mark.django_db
def test_asking_twice_with_the_same_key_is_one_item(django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        first = outbox_enqueue(UNKNOWN_TASK, key="drill:once", now=now, order_id=1)
        second = outbox_enqueue(UNKNOWN_TASK, key="drill:once", now=now, order_id=2)
    assert first.pk == second.pk
    assert OutboxItem.objects.count() == 1
    assert OutboxItem.objects.get().arguments == {"order_id": 1}
    assert len(callbacks) == 1  # handed over once


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_item_and_hands_nothing_over(
    django_capture_on_commit_callbacks,
):
    class ChangeFailed(Exception):
        pass

    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(ChangeFailed),
        transaction.atomic(),
    ):
        outbox_enqueue(UNKNOWN_TASK, key="drill:rolled-back", now=timezone.now())
        raise ChangeFailed
    assert not OutboxItem.objects.exists()
    assert callbacks == []


@pytest.mark.django_db(transaction=True)
def test_enqueueing_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        outbox_enqueue(UNKNOWN_TASK, key="drill:no-transaction", now=timezone.now())


@pytest.mark.django_db
def test_a_task_this_process_does_not_know_stays_pending_with_the_error(
    django_capture_on_commit_callbacks,
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox_enqueue(UNKNOWN_TASK, key="drill:unknown", now=now, order_id=1)
    item = OutboxItem.objects.get()
    assert (item.state, item.attempts) == (OutboxState.PENDING, 1)
    assert item.last_error == f"LookupError: No task {UNKNOWN_TASK!r} is registered in this process"
    assert now < item.next_attempt_at <= now + datetime.timedelta(hours=1)

    outbox_deliver(item_id=item.pk, now=item.next_attempt_at)  # no exception escapes
    item.refresh_from_db()
    assert (item.state, item.attempts) == (OutboxState.PENDING, 2)


@pytest.mark.django_db
def test_staff_restart_failed_items_from_the_start():
    now = timezone.now()
    failed = OutboxItem.objects.create(
        task_name=UNKNOWN_TASK,
        key="drill:failed",
        state=OutboxState.FAILED,
        attempts=9,
        last_error="CourierUnavailable: HTTP 503",
        next_attempt_at=now - datetime.timedelta(days=1),
    )
    done = OutboxItem.objects.create(
        task_name=UNKNOWN_TASK,
        key="drill:done",
        state=OutboxState.DONE,
        attempts=1,
        next_attempt_at=now,
        done_at=now,
    )
    assert outbox_retry(item_ids=[failed.pk, done.pk], now=now) == 1
    failed.refresh_from_db()
    assert (failed.state, failed.attempts, failed.last_error) == (OutboxState.PENDING, 0, "")
    assert failed.next_attempt_at == now
    done.refresh_from_db()
    assert done.state == OutboxState.DONE
