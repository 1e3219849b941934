"""The Celery application. Configuration lives in settings under the CELERY_ prefix."""

import fnmatch
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cestmoi.settings")

app = Celery("cestmoi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The queue of each kind of work, by task name (first match wins). Tasks of the outbox go to the
# queue of the task they run (paperwork.outbox); anything else stays on the default queue.
QUEUE_BY_TASK_NAME = (
    ("fiscal.*", "fiscal"),
    ("*courier*", "courier"),
    ("*document*", "documents"),
    ("*credit_note*", "documents"),
    ("privacy.request_build_*", "documents"),
    ("newsletter.*", "mail"),
    ("contact.send_*", "mail"),
    ("*email*", "mail"),
    ("*digest*", "mail"),
    ("*reminder*", "mail"),
)
QUEUES_BY_KIND = sorted({queue for _, queue in QUEUE_BY_TASK_NAME})


def queue_of_task(task_name: str) -> str | None:
    """The queue of the task's kind while CELERY_QUEUES_BY_KIND is on; None: the default queue.
    Read at every call, so tests may switch the setting."""
    from django.conf import settings

    if not settings.CELERY_QUEUES_BY_KIND:
        return None
    for pattern, queue in QUEUE_BY_TASK_NAME:
        if fnmatch.fnmatchcase(task_name, pattern):
            return queue
    return None


def route_by_kind(name, args, kwargs, options, task=None, **kw):
    """CELERY_TASK_ROUTES' router."""
    queue = queue_of_task(name)
    return {"queue": queue} if queue else None
