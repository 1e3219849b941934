from django import forms
from django.utils.translation import gettext_lazy as _


class CartAddForm(forms.Form):
    variant = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField(min_value=1, max_value=99, initial=1)


class CartQuantityForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=0,
        max_value=99,
        error_messages={"invalid": _("Enter a whole number.")},
    )
