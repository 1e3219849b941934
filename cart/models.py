"""Shopping carts: a guest's is found through the session, a customer's through the account."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.engraving import MAX_ENGRAVING_LENGTH


class Cart(models.Model):
    """A shopping cart: a guest's is found through the session, a customer's through `user`."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cart",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The tables were created when carts lived in the orders app; they keep their names.
        db_table = "orders_cart"
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self):
        return f"Cart {self.pk}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    # Normalised by catalog.engraving; the same piece with another text is another line.
    engraving = models.CharField(_("engraving"), max_length=MAX_ENGRAVING_LENGTH, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "orders_cartline"
        ordering = ("added_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("cart", "variant", "engraving"), name="cart_line_variant_engraving_once"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="cart_line_quantity_gte_1"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.variant_id}"
