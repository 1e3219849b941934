from django import forms
from django.utils.translation import gettext_lazy as _


class CartAddForm(forms.Form):
    variant = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField(min_value=1, max_value=99, initial=1)
    # Checked against the product's own rules by the cart service (catalog.engraving); the
    # bound here only keeps a pasted essay out of the error message.
    engraving = forms.CharField(
        required=False,
        strip=False,
        max_length=1000,
        error_messages={"max_length": _("The text to engrave is far too long.")},
    )


class CartQuantityForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=0,
        max_value=99,
        error_messages={"invalid": _("Enter a whole number.")},
    )
