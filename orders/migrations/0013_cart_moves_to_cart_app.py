# Cart and CartLine now belong to the `cart` app. Only Django's idea of the models moves: their
# tables (orders_cart, orders_cartline), constraints and indexes stay as they are, and
# cart/migrations/0001_initial.py takes them over under the same table names.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0012_refund_reconcile_schedule"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CartLine"),
                migrations.DeleteModel(name="Cart"),
            ],
            database_operations=[],
        ),
    ]
