"""Staff roles for withdrawals: customer care processes them (register statements received by
post or in person, goods or proof received, refund, decline); order managers only view them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Customer care": [
        "complaints.view_withdrawalstatement",
        "complaints.change_withdrawalstatement",
        "complaints.add_withdrawalstatement",
    ],
    "Order manager": ["complaints.view_withdrawalstatement"],
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
        ("complaints", "0004_withdrawals"),
        ("orders", "0010_roles_attention_and_paperwork"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
