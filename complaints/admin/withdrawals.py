"""Withdrawal statements in admin: the list (goods and refunds due highlighted), the read-only
statement with its items and timeline, and the checked steps (goods or proof of sending
received, refund through the refund service, decline, registering a statement received by post
or in person), each through the services. Customer care processes (change and add
permissions); order managers only view."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cestmoi.formatting import deadline_cell
from orders.models import Order

from .. import rules
from ..models import WithdrawalLine, WithdrawalStatement, WithdrawalStatus
from ..services.withdrawal_papers import withdrawal_acknowledgement
from ..services.withdrawals import (
    WithdrawalStepRefused,
    withdrawal_decline,
    withdrawal_goods_back,
    withdrawal_receive,
    withdrawal_refund,
    withdrawal_refund_proposal,
)
from ..withdrawal_forms import StaffWithdrawalForm
from ..withdrawal_selectors import (
    withdrawal_next_due,
    withdrawals_due_soon_or_overdue,
    withdrawals_overdue,
)
from .complaints import DueFilter


class WithdrawalDueFilter(DueFilter):
    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "soon":
            return queryset.filter(pk__in=withdrawals_due_soon_or_overdue(today=today))
        if self.value() == "overdue":
            return queryset.filter(pk__in=withdrawals_overdue(today=today))
        return queryset


class GoodsBackForm(forms.Form):
    how = forms.ChoiceField(
        label=gettext_lazy("What came first"),
        choices=[
            ("goods", gettext_lazy("Goods received back")),
            ("proof", gettext_lazy("Proof of sending received")),
        ],
        widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label=gettext_lazy("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea, max_length=2000
    )


class RefundForm(forms.Form):
    confirmed = forms.BooleanField(
        label=gettext_lazy("Refund this amount to the card the order was paid with")
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (the consumer reads it)"), widget=forms.Textarea, max_length=2000
    )


def _posted(request):
    return request.POST if request.method == "POST" else None


class WithdrawalLineInline(admin.TabularInline):
    model = WithdrawalLine
    fields = ("order_line", "quantity", "delivered_on", "period_ends", "refusal")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WithdrawalStatement)
class WithdrawalStatementAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "received_at",
        "full_name",
        "order_number_given",
        "status",
        "channel",
        "next_due",
        "checks",
    )
    list_filter = ("status", WithdrawalDueFilter, "channel")
    search_fields = ("number", "full_name", "email", "order_number_given")
    date_hierarchy = "received_at"
    inlines = (WithdrawalLineInline,)
    change_form_template = "admin/complaints/withdrawalstatement/change_form.html"
    change_list_template = "admin/complaints/withdrawalstatement/change_list.html"
    list_select_related = ("order",)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in WithdrawalStatement._meta.fields]

    def has_add_permission(self, request):
        return False  # statements received offline are registered through `receive_view`

    def has_delete_permission(self, request, obj=None):
        return False  # a statement received is a record of what the consumer stated

    @admin.display(description=gettext_lazy("next date"))
    def next_due(self, statement):
        due = withdrawal_next_due(statement)
        if due is None:
            return "—"
        today = timezone.localdate()
        return deadline_cell(
            due,
            overdue=rules.complaint_overdue(due=due, today=today),
            due_soon=rules.complaint_due_soon(due=due, today=today),
        )

    @admin.display(description=gettext_lazy("checks"), boolean=True)
    def checks(self, statement):
        return not statement.problems

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "receive/", view(self.receive_view), name="complaints_withdrawalstatement_receive"
            ),
            path(
                "<int:statement_id>/acknowledgement.pdf",
                view(self.acknowledgement_view),
                name="complaints_withdrawalstatement_acknowledgement",
            ),
            path(
                "<int:statement_id>/step/<str:step>/",
                view(self.step_view),
                name="complaints_withdrawalstatement_step",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        statement = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if statement is not None:
            can = self.has_change_permission(request, statement)
            context.update(
                {
                    "timeline": statement.events.select_related("actor"),
                    "steps": [
                        (step, label)
                        for step, (label, states) in STEPS.items()
                        if statement.status in states
                    ]
                    if can
                    else [],
                    "next_due": withdrawal_next_due(statement),
                    "show_save": False,
                    "show_save_and_continue": False,
                    "show_save_and_add_another": False,
                }
            )
        return super().change_view(request, object_id, form_url, extra_context=context)

    def _page(self, request, *, title, form, statement=None, action, intro=""):
        return TemplateResponse(
            request,
            "admin/complaints/withdrawalstatement/step.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": statement,
                "title": title,
                "form": form,
                "action": action,
                "intro": intro,
            },
        )

    def step_view(self, request, statement_id, step):
        if step not in STEPS:
            raise Http404
        statement = WithdrawalStatement.objects.filter(pk=statement_id).first()
        if statement is None:
            raise Http404
        if not self.has_change_permission(request, statement):
            raise PermissionDenied
        label, _states = STEPS[step]
        form_class, run = STEP_ACTIONS[step]
        form = form_class(_posted(request), initial={"received_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                run(
                    statement=statement,
                    data=form.cleaned_data,
                    actor=request.user,
                    now=timezone.now(),
                )
            except WithdrawalStepRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Withdrawal %(number)s: %(step)s recorded.")
                    % {"number": statement.number, "step": label},
                )
                return redirect(
                    reverse("admin:complaints_withdrawalstatement_change", args=(statement.pk,))
                )
        intro = ""
        if step == "refund":
            proposal = withdrawal_refund_proposal(statement)
            intro = _(
                "Refund %(amount)s RSD: the withdrawn items %(lines)s RSD and the standard "
                "delivery cost %(delivery)s RSD (refunded once the whole order is withdrawn from)."
            ) % {
                "amount": proposal.amount,
                "lines": proposal.lines_total,
                "delivery": proposal.delivery,
            }
        return self._page(
            request,
            title=f"{statement.number}: {label}",
            form=form,
            statement=statement,
            action=label,
            intro=intro,
        )

    def receive_view(self, request):
        """A statement received by post or in person. The order (looked up by its number
        first, `?order=`) gives the items to tick; without one the goods are written out."""
        if not request.user.has_perm("complaints.add_withdrawalstatement"):
            raise PermissionDenied
        received_at = timezone.now()
        number = request.GET.get("order", "").strip()
        order = None
        if number:
            order = Order.objects.filter(number__iexact=number).first()
        form = StaffWithdrawalForm(
            _posted(request),
            order=order,
            initial={
                "sent_on": timezone.localdate(),
                "order_number": number,
                **({"full_name": order.full_name, "email": order.email} if order else {}),
            },
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            statement = withdrawal_receive(
                received_at=received_at,
                channel=data["channel"],
                sent_on=data["sent_on"],
                full_name=data["full_name"],
                email=data["email"],
                address=data["address"],
                order=order,
                order_number_given=data.get("order_number", ""),
                lines=form.stated_lines(),
                goods=data.get("goods", ""),
                reason=data["reason"],
                language=order.language if order else "sr-latn",
                registered_by=request.user,
            )
            messages.success(
                request, _("Withdrawal %(number)s registered.") % {"number": statement.number}
            )
            return redirect(
                reverse("admin:complaints_withdrawalstatement_change", args=(statement.pk,))
            )
        intro = (
            _("Order %(number)s: tick the items the statement names.") % {"number": order.number}
            if order
            else _(
                "Look up the order by its number to tick the items; without an order, write "
                "out the goods the statement names."
            )
        )
        return self._page(
            request,
            title=_("Register a withdrawal received by post or in person"),
            form=form,
            action=_("Register the withdrawal"),
            intro=intro,
        )

    def acknowledgement_view(self, request, statement_id):
        """The acknowledgement, to print and post or hand over when no e-mail was given."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        statement = WithdrawalStatement.objects.filter(pk=statement_id).first()
        if statement is None:
            raise Http404
        document = withdrawal_acknowledgement(statement)
        with document.file.open("rb") as pdf:
            response = HttpResponse(pdf.read(), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{document.filename}"'
        return response


def _goods_back(*, statement, data, actor, now):
    withdrawal_goods_back(statement_id=statement.pk, actor=actor, now=now, **data)


def _refund(*, statement, data, actor, now):
    withdrawal_refund(statement_id=statement.pk, actor=actor, now=now)


def _decline(*, statement, data, actor, now):
    withdrawal_decline(statement_id=statement.pk, actor=actor, now=now, **data)


OPEN = (WithdrawalStatus.RECEIVED, WithdrawalStatus.GOODS_BACK)
STEPS = {
    "goods_back": (
        gettext_lazy("Goods or proof of sending received"),
        (WithdrawalStatus.RECEIVED,),
    ),
    "refund": (gettext_lazy("Refund"), OPEN),
    "decline": (gettext_lazy("Decline"), OPEN),
}
STEP_ACTIONS = {
    "goods_back": (GoodsBackForm, _goods_back),
    "refund": (RefundForm, _refund),
    "decline": (DeclineForm, _decline),
}
