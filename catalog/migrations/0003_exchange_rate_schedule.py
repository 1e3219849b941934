"""Fetch the NBS middle rate every morning after the bank publishes it (about 08:00), and again
at noon in case the morning fetch failed."""

from django.db import migrations

TASK = "catalog.exchange_rate_fetch"
NAME = "Fetch the EUR exchange rate (NBS middle rate)"


def schedule(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = crontab_model.objects.get_or_create(
        minute="15",
        hour="8,12",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Belgrade",
    )
    task_model.objects.update_or_create(
        name=NAME, defaults={"task": TASK, "crontab": crontab, "enabled": True}
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_search_indexes"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
