"""Staff roles for contact messages and contests: customer care reads contact messages, replies
and adds notes (the change permission); marketing runs contests and draws their winners."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Customer care": [
        "contact.view_contactmessage",
        "contact.change_contactmessage",
        "contact.view_contactreply",
        "contact.view_contactnote",
    ],
    "Marketing": [
        "contact.view_contest",
        "contact.add_contest",
        "contact.change_contest",
        "contact.delete_contest",
        "contact.view_contestentry",
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
    dependencies = [("contact", "0001_contact_messages_and_contests")]

    operations = [migrations.RunPython(forwards, backwards)]
