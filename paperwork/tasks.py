from django.utils import timezone

from cestmoi.celery import app

from .outbox import outbox_deliver, outbox_sweep


@app.task(name="paperwork.outbox_deliver")
def outbox_deliver_task(item_id: int) -> None:
    outbox_deliver(item_id=item_id, now=timezone.now())


@app.task(name="paperwork.outbox_sweep")
def outbox_sweep_task() -> int:
    return outbox_sweep(now=timezone.now())
