"""The consumer's withdrawal forms (Art. 11a of Directive 2011/83, added by 2023/2673): only
what identifies the contract (name, order number, the e-mail for the acknowledgement), the
items, an optional reason. Field errors (no name, no valid e-mail) send the form back with what
was typed; the checks a statement can fail (late, personalised, order not identified) never
stop it: the service stores it with the reasons."""

from django import forms
from django.utils.translation import gettext_lazy as _

from legal import consumer_law as law
from orders.models import Order

from .models import WithdrawalChannel
from .services.withdrawals import StatedLine


class IdentifyContractForm(forms.Form):
    """The first step from the footer link, for a consumer who did not come from an order page."""

    full_name = forms.CharField(label=_("Name and surname"), max_length=150)
    order_number = forms.CharField(label=_("Order number"), max_length=40)
    email = forms.EmailField(label=_("The e-mail you ordered with"), max_length=254)


class WithdrawalForm(forms.Form):
    full_name = forms.CharField(label=_("Name and surname"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send the acknowledgement of your withdrawal here."),
    )
    order_number = forms.CharField(label=_("Order number"), max_length=40, required=False)
    goods = forms.CharField(
        label=_("Which items do you withdraw from?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lines = forms.MultipleChoiceField(
        label=_("Which items do you withdraw from?"), widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, order: Order | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        if order is None:
            del self.fields["lines"]
            return
        del self.fields["goods"], self.fields["order_number"]
        self.order_lines = list(order.lines.all())
        self.fields["lines"].choices = [
            (str(line.pk), self._line_label(line)) for line in self.order_lines
        ]
        for line in self.order_lines:
            if line.quantity > 1:
                self.fields[f"quantity_{line.pk}"] = forms.IntegerField(
                    label=_("How many of %(item)s?") % {"item": line.product_name},
                    min_value=1,
                    max_value=line.quantity,
                    initial=line.quantity,
                    required=False,
                )

    @staticmethod
    def _line_label(line) -> str:
        label = f"{line.quantity} × {line.product_name} {line.option}".strip()
        if line.engraving:
            label += ", " + _("Engraving: “%(text)s”") % {"text": line.engraving}
        if law.withdrawal_line_excluded(is_personalised=line.is_personalised):
            return str(
                _("%(item)s (personalised: excluded from the right of withdrawal)")
                % {"item": label}
            )
        return label

    def stated_lines(self) -> list[StatedLine]:
        if self.order is None:
            return []
        wanted = {int(pk) for pk in self.cleaned_data.get("lines", [])}
        return [
            StatedLine(
                order_line=line,
                quantity=self.cleaned_data.get(f"quantity_{line.pk}") or line.quantity,
            )
            for line in self.order_lines
            if line.pk in wanted
        ]


class StaffWithdrawalForm(WithdrawalForm):
    """A statement received by post or in person, as staff register it: the channel, the day
    the consumer sent it (the postmark decides whether it was on time), the address."""

    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[c for c in WithdrawalChannel.choices if c[0] != WithdrawalChannel.ONLINE],
    )
    sent_on = forms.DateField(
        label=_("Sent on (postmark, or the day handed in)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)

    field_order = ("channel", "sent_on", "full_name", "email", "address")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = False
        self.fields["email"].label = _("E-mail (for the acknowledgement)")
        self.fields["email"].help_text = ""
