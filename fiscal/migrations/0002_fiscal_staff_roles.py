"""Staff roles: order managers read fiscal receipts and requests and send failed ones again;
customer care reads the receipts (customers ask for them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Order manager": [
        "fiscal.view_fiscalreceipt",
        "fiscal.view_fiscalintent",
        "fiscal.change_fiscalintent",
    ],
    "Customer care": ["fiscal.view_fiscalreceipt"],
}


def _permissions(apps, codes):
    permission_model = apps.get_model("auth", "Permission")
    for code in codes:
        app_label, codename = code.split(".")
        yield permission_model.objects.get(content_type__app_label=app_label, codename=codename)


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now.
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
        ("fiscal", "0001_fiscal_intents_and_receipts"),
        ("orders", "0010_roles_attention_and_paperwork"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
