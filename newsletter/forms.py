from django import forms
from django.utils.translation import gettext_lazy as _

from . import consent_texts


class NewsletterSignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=consent_texts.NEWSLETTER.text,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
