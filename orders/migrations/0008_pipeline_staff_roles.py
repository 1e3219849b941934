"""Staff roles, least privilege (privacy policy: employees access personal data only as far as
their work needs). Users and groups are edited by superusers only, so no group holds an auth
permission. Complaints and withdrawals and the privacy app have no models yet: their issues
add their own permissions to "Customer care" and "Privacy officer"."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Order manager": [
        "orders.view_order",
        "orders.change_order",
        "orders.view_orderline",
        "orders.view_orderevent",
        "orders.add_orderevent",
        "orders.view_payment",
        "orders.view_deliverymethod",
        "orders.change_deliverymethod",
        "orders.view_customerblock",
        "orders.add_customerblock",
        "orders.change_customerblock",
        # Refunds to the same card, courier hand-over, the order's documents and e-mails.
        "orders.view_refund",
        "orders.add_refund",
        "orders.view_couriernotification",
        "orders.view_orderdocument",
    ],
    "Catalog editor": [
        *(
            f"catalog.{action}_{model}"
            for model in ("product", "variant", "productimage", "category", "collection")
            for action in ("view", "add", "change", "delete")
        ),
        "catalog.view_exchangerate",
    ],
    # Answers customers about their orders (complaints, withdrawals): reads orders, writes notes.
    "Customer care": [
        "orders.view_order",
        "orders.view_orderline",
        "orders.view_orderevent",
        "orders.add_orderevent",
        "orders.view_payment",
        "orders.view_customerblock",
        "orders.view_refund",
        "orders.view_orderdocument",
    ],
    # Answers data-subject requests: reads what the shop holds about a person, changes nothing.
    "Privacy officer": [
        "accounts.view_user",
        "accounts.view_address",
        "orders.view_order",
        "orders.view_orderline",
        "orders.view_orderevent",
        "orders.view_payment",
        "orders.view_customerblock",
    ],
}


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions.append(
                permission_model.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(permissions)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0007_pipeline_digest_schedule"),
        ("catalog", "0003_exchange_rate_schedule"),
        ("accounts", "0002_phone_and_address_book"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
