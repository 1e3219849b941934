from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from legal.delivery_area import normalize_postal_code
from newsletter import consent_texts
from newsletter.models import ConsentSource
from newsletter.services import newsletter_subscribe

from .models import Address, User

# Shared wording of every phone field (the checkout's guest form should use these too); ours,
# because django-phonenumber-field has no Serbian translation of its own message.
PHONE_HELP = _("A Serbian number such as 064 123 4567, or any number with its country code (+…).")
PHONE_INVALID = _(
    "Enter a valid phone number, e.g. 064 123 4567, or one with its country code, "
    "e.g. +43 1 5134550."
)


class SignupNewsletterChoice(forms.Form):
    """Added to allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS): the newsletter box, never
    pre-ticked and no condition of the account. Ticked, the address gets the newsletter's own
    confirmation link; consent is recorded only when its button is pressed."""

    newsletter = forms.BooleanField(label=consent_texts.NEWSLETTER.text, required=False)

    def signup(self, request, user):
        if self.cleaned_data.get("newsletter"):
            newsletter_subscribe(
                email=user.email,
                language=get_language(),
                source=ConsentSource.SIGNUP,
                user=user,
                now=timezone.now(),
            )


def _autocomplete(form: forms.Form, hints: dict[str, str]) -> None:
    for name, hint in hints.items():
        form.fields[name].widget.attrs["autocomplete"] = hint


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone"]
        labels = {"full_name": _("Name and surname"), "phone": _("Phone")}
        help_texts = {"phone": PHONE_HELP}
        error_messages = {"phone": {"invalid": PHONE_INVALID}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _autocomplete(self, {"full_name": "name", "phone": "tel"})


class AddressForm(forms.ModelForm):
    # Wider than the stored five digits so that a typed "11 000" reaches clean_postal_code.
    postal_code = forms.CharField(label=_("Postal code"), max_length=10)

    class Meta:
        model = Address
        fields = ["name", "street", "postal_code", "city", "phone"]
        labels = {
            "name": _("Recipient's name and surname"),
            "street": _("Street and number"),
            "city": _("City"),
            "phone": _("Phone for the courier"),
        }
        help_texts = {"phone": PHONE_HELP}
        error_messages = {"phone": {"invalid": PHONE_INVALID}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _autocomplete(
            self,
            {
                "name": "name",
                "street": "street-address",
                "postal_code": "postal-code",
                "city": "address-level2",
                "phone": "tel",
            },
        )
        self.fields["postal_code"].widget.attrs["inputmode"] = "numeric"

    def clean_postal_code(self):
        return normalize_postal_code(self.cleaned_data["postal_code"])
