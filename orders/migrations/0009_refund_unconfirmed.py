"""Refunds get the shop's own status "unconfirmed": asked for, but Mollie gave no answer."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0008_pipeline_staff_roles"),
    ]

    operations = [
        migrations.AlterField(
            model_name="refund",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Refund queued"),
                    ("pending", "Refund pending"),
                    ("processing", "Refund being processed"),
                    ("refunded", "Refunded"),
                    ("failed", "Refund failed"),
                    ("canceled", "Refund canceled"),
                    ("unconfirmed", "Not confirmed by Mollie yet"),
                ],
                default="queued",
                max_length=16,
                verbose_name="status",
            ),
        ),
    ]
