from django import forms
from django.utils.translation import gettext_lazy as _


class ContactMessageForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    subject = forms.CharField(label=_("Subject (optional)"), max_length=200, required=False)
    body = forms.CharField(label=_("Your message"), max_length=5000, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class ContestEntryForm(forms.Form):
    full_name = forms.CharField(label=_("Name and surname"), max_length=150)
    address = forms.CharField(
        label=_("Address"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    consent = forms.BooleanField(
        error_messages={"required": _("To enter, tick the consent.")},
    )

    def __init__(self, *args, consent_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Never pre-ticked (the default): the entrant ticks it.
        self.fields["consent"].label = consent_text
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
