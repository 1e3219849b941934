from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from legal.delivery_area import SERBIA, delivery_refusal, normalize_postal_code
from newsletter import consent_texts

from .models import DeliveryMethod

NEW_ADDRESS = "new"


class DeliveryAddressForm(forms.Form):
    """Step 1: who receives the parcel and where. Six fields for a guest, fewer for a customer
    choosing an address from their address book."""

    full_name = forms.CharField(label=_("Name and surname"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), help_text=_("We send the order confirmation here."))
    phone = PhoneNumberField(
        label=_("Phone"),
        help_text=_("For the courier. For example 064 123 4567 or +381 64 123 4567."),
        error_messages={"invalid": _("Enter a phone number we can call, e.g. 064 123 4567.")},
    )
    street = forms.CharField(label=_("Street and number"), max_length=200)
    city = forms.CharField(label=_("City"), max_length=100)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10)

    def __init__(self, *args, saved_addresses=(), account_email=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.saved_addresses = {str(address.pk): address for address in saved_addresses}
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", type="tel")
        self.fields["street"].widget.attrs["autocomplete"] = "street-address"
        self.fields["city"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["postal_code"].widget.attrs.update(
            autocomplete="postal-code", inputmode="numeric"
        )
        if account_email:
            # A customer's confirmation goes to their account's address.
            del self.fields["email"]
            self.account_email = account_email
        if self.saved_addresses:
            choices = [
                (pk, f"{a.name}, {a.street}, {a.postal_code} {a.city}")
                for pk, a in self.saved_addresses.items()
            ]
            self.fields = {
                "saved_address": forms.ChoiceField(
                    label=_("Deliver to"),
                    choices=[*choices, (NEW_ADDRESS, _("A new address"))],
                    widget=forms.RadioSelect,
                ),
                **self.fields,
            }
            for name in ("full_name", "phone", "street", "city", "postal_code"):
                self.fields[name].required = False

    def clean_postal_code(self):
        return normalize_postal_code(self.cleaned_data.get("postal_code", ""))

    def clean(self):
        cleaned = super().clean()
        saved = self.saved_addresses.get(cleaned.get("saved_address", NEW_ADDRESS))
        if saved is not None:
            cleaned.update(
                full_name=saved.name,
                phone=saved.phone,
                street=saved.street,
                city=saved.city,
                postal_code=saved.postal_code,
            )
        else:
            for name in ("full_name", "phone", "street", "city", "postal_code"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required."))
        postal_code = cleaned.get("postal_code")
        if postal_code:
            refusal = delivery_refusal(country_code=SERBIA, postal_code=postal_code)
            if refusal is not None:
                field = "postal_code" if saved is None else "saved_address"
                self.add_error(field, str(refusal.label))
        if hasattr(self, "account_email"):
            cleaned["email"] = self.account_email
        return cleaned

    def contact_data(self) -> dict:
        data = self.cleaned_data
        return {
            "full_name": data["full_name"].strip(),
            "email": data["email"].strip().lower(),
            "phone": data["phone"].as_e164,
            "street": data["street"].strip(),
            "city": data["city"].strip(),
            "postal_code": data["postal_code"],
        }


class DeliveryMethodForm(forms.Form):
    delivery_method = forms.ModelChoiceField(
        label=_("Courier service"),
        queryset=DeliveryMethod.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Please choose a courier service."),
            "invalid_choice": _("Please choose one of the courier services offered."),
        },
    )

    def __init__(self, *args, methods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivery_method"].queryset = methods


class TermsForm(forms.Form):
    accept_terms = forms.BooleanField(
        label=_("I have read and agree to the Terms of Use"),
        error_messages={"required": _("To continue, please read and accept the Terms of Use.")},
    )
    # Unticked by default, and not a condition of buying (GDPR Art. 7(4)): the address is sent
    # a confirmation link after the order is placed; the order itself records nothing of it.
    newsletter = forms.BooleanField(
        label=consent_texts.NEWSLETTER.text,
        required=False,
    )


class ConfirmOrderForm(forms.Form):
    checkout_key = forms.UUIDField(widget=forms.HiddenInput)
