"""The courier services offered when the shop opens (staff edit them in admin), and the
schedule that releases stock held by orders whose payment time ran out."""

from decimal import Decimal

from django.db import migrations

RELEASE_TASK = "orders.release_expired_reservations"
RELEASE_NAME = "Release stock of unpaid orders"
COURIERS = [
    ("Post Express", Decimal("450.00"), "1–2 working days", 1),
    ("D Express", Decimal("390.00"), "1–3 working days", 2),
]


def forwards(apps, schema_editor):
    delivery_method = apps.get_model("orders", "DeliveryMethod")
    for name, price, estimate, position in COURIERS:
        delivery_method.objects.get_or_create(
            name=name,
            defaults={"price": price, "delivery_estimate": estimate, "position": position},
        )
    interval_model = apps.get_model("django_celery_beat", "IntervalSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five_minutes, _ = interval_model.objects.get_or_create(every=5, period="minutes")
    task_model.objects.update_or_create(
        name=RELEASE_NAME,
        defaults={"task": RELEASE_TASK, "interval": every_five_minutes, "enabled": True},
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=RELEASE_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
