"""Driving the outbox in tests the way beat does, with the clock moved forward."""

import datetime

from django.db import transaction

from paperwork.models import OutboxItem, OutboxState
from paperwork.outbox import outbox_sweep


def enqueued(capture, enqueue) -> None:
    """Run `enqueue()` in a transaction and hand its items over on commit (eager tasks)."""
    with capture(execute=True), transaction.atomic():
        enqueue()


def run_outbox_until_settled(now: datetime.datetime, *, rounds: int = 30) -> datetime.datetime:
    """Sweep at each pending item's next attempt until nothing is pending; returns the time
    the last sweep ran at."""
    for _ in range(rounds):
        item = (
            OutboxItem.objects.filter(state=OutboxState.PENDING).order_by("next_attempt_at").first()
        )
        if item is None:
            return now
        now = max(now, item.next_attempt_at)
        outbox_sweep(now=now)
    raise AssertionError("the outbox did not settle")
