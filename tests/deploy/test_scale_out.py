"""What several nodes need: work split into queues by kind, pooled database connections."""

import json

import pytest
import redis
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone

from cestmoi.celery import app
from paperwork.outbox import DELIVER_TASK, outbox_enqueue
from tests.foundation.test_settings import run_python
from tests.paperwork.test_outbox_drills import _database_url

# Every task the shop has, and the queue it goes to once CELERY_QUEUES_BY_KIND is on.
EXPECTED_QUEUES = {
    "orders.send_order_email": "mail",
    "orders.send_delivery_digest": "mail",
    "complaints.complaint_send_email": "mail",
    "complaints.complaint_deadline_reminders": "mail",
    "orders.issue_order_documents": "documents",
    "orders.issue_credit_note": "documents",
    "complaints.withdrawal_send_email": "mail",
    "complaints.withdrawal_deadline_reminders": "mail",
    "privacy.request_send_email": "mail",
    "privacy.request_deadline_reminders": "mail",
    "newsletter.send_confirmation": "mail",
    "newsletter.campaign_send_batch": "mail",
    "contact.send_reply": "mail",
    "privacy.request_build_export": "documents",
    "privacy.request_build_access_answer": "documents",
    "orders.notify_courier": "courier",
    "fiscal.issue_receipt": "fiscal",
    "fiscal.order_paid": "fiscal",
    "fiscal.order_shipped": "fiscal",
    "fiscal.refund_completed": "fiscal",
    "fiscal.send_receipt_email": "fiscal",
    "fiscal.any_task_of_the_fiscal_app": "fiscal",
    "paperwork.outbox_sweep": "celery",
    "paperwork.outbox_deliver": "celery",
    "orders.release_expired_reservations": "celery",
    "orders.reconcile_unconfirmed_refunds": "celery",
    "catalog.exchange_rate_fetch": "celery",
    "privacy.retention_apply": "celery",
}


def queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def test_tasks_go_to_the_queue_of_their_kind(settings):
    settings.CELERY_QUEUES_BY_KIND = True
    assert {name: queue_of(name) for name in EXPECTED_QUEUES} == EXPECTED_QUEUES
    shop_tasks = {name for name in app.tasks if not name.startswith(("celery.", "tests."))}
    assert shop_tasks <= set(EXPECTED_QUEUES), "a new task: give it its queue here"


def test_without_queues_by_kind_every_task_is_on_the_default_queue(settings):
    settings.CELERY_QUEUES_BY_KIND = False
    assert {queue_of(name) for name in EXPECTED_QUEUES} == {app.conf.task_default_queue}


@pytest.mark.django_db(transaction=True)
def test_the_outbox_hands_an_email_to_the_mail_queue_on_the_real_broker(settings):
    """The outbox's delivery task runs the item's task, so it must travel on that task's queue:
    a worker started with `-Q mail` then sends the e-mails and only them."""
    settings.CELERY_QUEUES_BY_KIND = True
    broker = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    previous_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with transaction.atomic():
            item = outbox_enqueue(
                "orders.send_order_email", key="scale-out:mail", now=timezone.now(), order_id=0
            )
        on_mail_queue = [json.loads(raw)["headers"] for raw in broker.lrange("mail", 0, -1)]
        assert [
            headers["task"] for headers in on_mail_queue if headers["argsrepr"] == f"({item.pk},)"
        ] == [DELIVER_TASK]
    finally:
        app.conf.task_always_eager = previous_eager
        for raw in broker.lrange("mail", 0, -1):
            if json.loads(raw)["headers"]["argsrepr"] == f"({item.pk},)":
                broker.lrem("mail", 1, raw)
        broker.close()


POOL_PROBE = (
    "import django, json; django.setup(); from django.db import connection;"
    "cursor = connection.cursor(); cursor.execute('SELECT 1');"
    "print(json.dumps({'pool': connection.pool is not None,"
    " 'max_size': connection.pool.max_size, 'answer': cursor.fetchone()[0]}))"
)


def _env(**extra):
    return {"DJANGO_SETTINGS_MODULE": "cestmoi.settings", "DATABASE_URL": _database_url(), **extra}


@pytest.mark.django_db
def test_database_connections_come_from_a_pool_when_configured():
    result = run_python(POOL_PROBE, _env(DATABASE_POOL_MAX_SIZE="4"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"pool": True, "max_size": 4, "answer": 1}


def test_a_pool_with_persistent_connections_is_refused():
    result = run_python(
        "import django; django.setup()",
        _env(DATABASE_POOL_MAX_SIZE="4", DATABASE_CONN_MAX_AGE="60"),
    )
    assert result.returncode != 0
    assert "not both" in result.stderr


def test_errors_go_to_sentry_without_personal_data_when_a_dsn_is_set():
    probe = (
        "import django, json, sentry_sdk; django.setup(); client = sentry_sdk.get_client();"
        "print(json.dumps({'active': client.is_active(),"
        " 'pii': client.options['send_default_pii'],"
        " 'bodies': client.options['max_request_body_size'],"
        " 'locals': client.options['include_local_variables']}))"
    )
    dsn = "https://public@127.0.0.1:9/1"  # never contacted: nothing fails in this probe
    result = run_python(probe, {"DJANGO_SETTINGS_MODULE": "cestmoi.settings", "SENTRY_DSN": dsn})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "active": True,
        "pii": False,
        "bodies": "never",
        "locals": False,
    }
    without = run_python(probe, {"DJANGO_SETTINGS_MODULE": "cestmoi.settings"})
    assert json.loads(without.stdout)["active"] is False
