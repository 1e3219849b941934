"""The privacy officer reads the records an erasure keeps or that answer a request about
consents: withdrawal statements (kept for accounting), fraud flags (kept for fraud prevention,
like the customer blocks she already reads), the consent ledger (the proof of consent a person
may ask for) and the newsletter subscribers (an objection to direct marketing). View only:
customer care and marketing change them. Contact messages and contest entries stay with
customer care and marketing: they are erased with the person, and the export lists them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Privacy officer": [
        "complaints.view_withdrawalstatement",
        "orders.view_fraudflag",
        "newsletter.view_consentrecord",
        "newsletter.view_subscriber",
    ],
}


def _permissions(apps, codes):
    permission_model = apps.get_model("auth", "Permission")
    for code in codes:
        app_label, codename = code.split(".")
        yield permission_model.objects.get(content_type__app_label=app_label, codename=codename)


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    for name, codes in GRANTS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, codes))


def backwards(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    for name, codes in GRANTS.items():
        group = group_model.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, codes))


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0003_privacy_schedules"),
        ("complaints", "0005_withdrawal_roles"),
        ("orders", "0015_fraud_flag_roles"),
        ("newsletter", "0002_staff_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
