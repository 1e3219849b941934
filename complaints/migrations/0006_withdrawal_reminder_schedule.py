"""The daily reminder to customer care of withdrawal deadlines, every morning in Belgrade."""

from django.db import migrations

TASK = "complaints.withdrawal_deadline_reminders"
NAME = "Remind customer care of withdrawal deadlines"


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
        name=NAME, defaults={"task": TASK, "crontab": seven_am, "enabled": True}
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0005_withdrawal_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
