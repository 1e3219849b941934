"""The sites framework's record is what allauth names in e-mails and rate-limit keys: make it the
shop instead of Django's example.com."""

from django.db import migrations


def name_the_site(apps, schema_editor):
    site_model = apps.get_model("sites", "Site")
    site_model.objects.update_or_create(
        pk=1, defaults={"domain": "www.cestmoi.rs", "name": "C'est Moi Art Jewelry"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_phone_and_address_book"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
