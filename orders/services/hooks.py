"""Work that other apps want done when an order is paid, shipped or refunded, without the
orders app knowing them: `settings.ORDER_EVENT_TASKS` maps each event to Celery task names
(the fiscal receipts' tasks, for one), and each gets an outbox item in the transaction of the
change, so it runs after commit, exactly once per event, like the order's own e-mails. The
tasks are named, never imported, which keeps the apps' dependencies one way (orders knows
nothing of the apps that listen)."""

import datetime
import enum

from django.conf import settings

from paperwork.outbox import outbox_enqueue


class OrderHook(enum.StrEnum):
    PAID = "order_paid"  # arguments: order_id
    SHIPPED = "order_shipped"  # order_id (once per order, however often it is shipped)
    REFUND_COMPLETED = "refund_completed"  # order_id, refund_id


def order_hooks_enqueue(hook: OrderHook, *, key: str, now: datetime.datetime, **arguments) -> None:
    """Queue every task configured for `hook`; call inside the transaction of the change.
    `key` names the event (the same event queued twice runs once)."""
    for task_name in settings.ORDER_EVENT_TASKS.get(str(hook), ()):
        outbox_enqueue(task_name, key=f"{task_name}:{key}", now=now, **arguments)
