"""Tasks are enqueued after commit, and a real worker on the real Redis broker runs them."""

import time
import uuid

import pytest
from django.core.cache import cache
from django.db import transaction

from cestmoi.celery import app


@app.task(name="tests.mark_done")
def mark_done(key):
    cache.set(key, "done", 120)


def wait_for(key, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cache.get(key) == "done":
            return True
        time.sleep(0.05)
    return False


def test_task_enqueued_on_commit_runs_on_a_real_worker(celery_worker):
    key = f"celery-test-{uuid.uuid4().hex}"
    with transaction.atomic():
        transaction.on_commit(lambda: mark_done.delay(key))
        assert cache.get(key) is None  # not before the commit
    assert wait_for(key)


def test_task_is_not_sent_when_the_transaction_rolls_back(celery_worker):
    rolled_back, sentinel = (f"celery-test-{uuid.uuid4().hex}" for _ in range(2))
    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(lambda: mark_done.delay(rolled_back))
        raise RuntimeError("the order could not be saved")
    with transaction.atomic():
        transaction.on_commit(lambda: mark_done.delay(sentinel))
    # The solo worker runs tasks in order: once the later task has run, the earlier one would have.
    assert wait_for(sentinel)
    assert cache.get(rolled_back) is None
