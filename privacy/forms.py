"""The privacy center's request form and the staff forms of the request queue."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import RequestKind

NEEDS_DETAILS = (RequestKind.RECTIFICATION, RequestKind.QUESTION)


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What would you like?"), choices=RequestKind.choices, widget=forms.RadioSelect
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("The address you shop or have an account with; we answer there."),
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What should be corrected, or your question."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") in NEEDS_DETAILS and not cleaned.get("details", "").strip():
            self.add_error(
                "details", _("Please tell us what to correct or what you would like to know.")
            )
        return cleaned


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label=_("Extend by (days)"), min_value=1, max_value=rules.REQUEST_EXTENSION_MAX_DAYS
    )
    reason = forms.CharField(
        label=_("Reason (sent to the requester)"), max_length=2000, widget=forms.Textarea
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer (sent to the requester)"), max_length=8000, widget=forms.Textarea
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the request is refused (sent to the requester)"),
        max_length=4000,
        widget=forms.Textarea,
    )
