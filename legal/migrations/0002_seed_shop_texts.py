from django.db import migrations

from legal.seed import seed_shop_texts


def seed(apps, schema_editor):
    seed_shop_texts(apps.get_model("legal", "LegalDocument"))


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
