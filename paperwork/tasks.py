from django.utils import timezone

from cestmoi.celery import app

from .outbox import DELIVER_TASK, outbox_deliver, outbox_sweep


@app.task(name=DELIVER_TASK)
def outbox_deliver_task(item_id: int) -> None:
    outbox_deliver(item_id=item_id, now=timezone.now())


@app.task(name="paperwork.outbox_sweep")
def outbox_sweep_task() -> int:
    return outbox_sweep(now=timezone.now())
