"""Staff roles for the typed timeline and the paperwork app: order managers mark events
needing attention handled and restart background work that gave up; order managers and
customer care read the e-mail log (customers ask what they were sent)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Order manager": [
        "orders.change_orderevent",
        "paperwork.view_outboxitem",
        "paperwork.change_outboxitem",
        "paperwork.view_sentemail",
    ],
    "Customer care": ["paperwork.view_sentemail"],
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
        ("orders", "0009_fulfilment_money_timeline"),
        ("paperwork", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
