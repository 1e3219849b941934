"""The privacy officer's role: sees and handles data-subject requests and the records an
erasure kept, nothing else (least privilege: no orders, no customers, no deleting requests)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Privacy officer": [
        "privacy.view_datarequest",
        "privacy.change_datarequest",
        "privacy.view_restrictedrecord",
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
    dependencies = [("privacy", "0001_data_requests")]

    operations = [migrations.RunPython(forwards, backwards)]
