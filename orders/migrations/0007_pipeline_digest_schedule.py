"""The daily e-mail to staff about late and at-risk orders, every morning in Belgrade."""

from django.db import migrations

DIGEST_TASK = "orders.send_delivery_digest"
DIGEST_NAME = "E-mail staff the late and at-risk orders"


def forwards(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    seven_am, _ = crontab_model.objects.get_or_create(
        minute="0",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Belgrade",
    )
    task_model.objects.update_or_create(
        name=DIGEST_NAME, defaults={"task": DIGEST_TASK, "crontab": seven_am, "enabled": True}
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=DIGEST_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0006_pipeline_tracking_blocks_indexes"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
