# The cart's models, taken over from the orders app (orders 0013 lets go of them). The tables
# were created by orders 0001 and keep their names, so this only tells Django about them:
# nothing is created in the database, on a fresh one or an existing one.

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("catalog", "0003_exchange_rate_schedule"),
        ("orders", "0013_cart_moves_to_cart_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Cart",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "user",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="cart",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="customer",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "cart",
                        "verbose_name_plural": "carts",
                        "db_table": "orders_cart",
                    },
                ),
                migrations.CreateModel(
                    name="CartLine",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "quantity",
                            models.PositiveIntegerField(
                                validators=[django.core.validators.MinValueValidator(1)]
                            ),
                        ),
                        ("added_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "cart",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="lines",
                                to="cart.cart",
                            ),
                        ),
                        (
                            "variant",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="catalog.variant",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "orders_cartline",
                        "ordering": ("added_at", "pk"),
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("cart", "variant"), name="cart_line_variant_once"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("quantity__gte", 1)),
                                name="cart_line_quantity_gte_1",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
