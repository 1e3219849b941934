"""Every morning in Belgrade: remind the privacy officers of requests due soon or overdue, and
apply the retention table."""

from django.db import migrations

SCHEDULES = {
    "Remind the privacy officers of request deadlines": ("privacy.request_deadline_reminders", "7"),
    "Apply the personal-data retention table": ("privacy.retention_apply", "3"),
}


def forwards(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (task, hour) in SCHEDULES.items():
        crontab, _ = crontab_model.objects.get_or_create(
            minute="0",
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Europe/Belgrade",
        )
        task_model.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "enabled": True}
        )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=list(SCHEDULES)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_privacy_officer_role"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
