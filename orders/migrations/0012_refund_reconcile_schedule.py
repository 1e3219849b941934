"""Every five minutes, refunds Mollie has not confirmed are settled from Mollie's own list."""

from django.db import migrations

RECONCILE_TASK = "orders.reconcile_unconfirmed_refunds"
RECONCILE_NAME = "Settle unconfirmed refunds with Mollie"


def forwards(apps, schema_editor):
    interval_model = apps.get_model("django_celery_beat", "IntervalSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five_minutes, _ = interval_model.objects.get_or_create(every=5, period="minutes")
    task_model.objects.update_or_create(
        name=RECONCILE_NAME,
        defaults={"task": RECONCILE_TASK, "interval": every_five_minutes, "enabled": True},
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name=RECONCILE_NAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0011_refund_unconfirmed_and_event_kinds"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
