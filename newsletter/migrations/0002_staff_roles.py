"""Staff roles for the newsletter: marketing writes, tests and sends campaigns and sees the
list; customer care records an unsubscribe asked for by phone or letter and reads the consent
ledger (customers ask what they agreed to). Nobody may edit or delete a consent record."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Marketing": [
        "newsletter.view_campaign",
        "newsletter.add_campaign",
        "newsletter.change_campaign",
        "newsletter.delete_campaign",
        "newsletter.view_subscriber",
    ],
    "Customer care": [
        "newsletter.view_subscriber",
        "newsletter.change_subscriber",
        "newsletter.view_consentrecord",
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
    dependencies = [("newsletter", "0001_consent_ledger_and_newsletter")]

    operations = [migrations.RunPython(forwards, backwards)]
