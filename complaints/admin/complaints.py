"""Complaints in admin: the list (overdue and due-soon deadlines highlighted), the read-only
complaint page with its timeline, and the checked steps (answer, consumer's reply, extension,
resolution, registering a complaint received offline), each through the services. Customer
care processes (change and add permissions); order managers only view. The register page
with its CSV and PDF export serves an inspector."""

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

from .. import rules
from ..complaint_selectors import (
    complaint_next_due,
    complaints_due_soon_or_overdue,
    complaints_overdue,
)
from ..models import (
    Complaint,
    ComplaintChannel,
    ComplaintDecision,
    ComplaintPhoto,
    ComplaintRemedy,
    ComplaintReply,
    ComplaintResolution,
    ComplaintState,
)
from ..services import complaint_register
from ..services.complaint_papers import complaint_confirmation
from ..services.complaints import (
    ComplaintStepRefused,
    complaint_answer,
    complaint_extend,
    complaint_order_find,
    complaint_receive,
    complaint_reply_record,
    complaint_resolve,
)


class DueFilter(admin.SimpleListFilter):
    title = gettext_lazy("deadline")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            ("soon", gettext_lazy("Due within 2 days or overdue")),
            ("overdue", gettext_lazy("Overdue")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "soon":
            return queryset.filter(pk__in=complaints_due_soon_or_overdue(today=today))
        if self.value() == "overdue":
            return queryset.filter(pk__in=complaints_overdue(today=today))
        return queryset


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"), choices=ComplaintDecision.choices, widget=forms.RadioSelect
    )
    response = forms.CharField(
        label=gettext_lazy("Response to the consumer's request"),
        widget=forms.Textarea,
        max_length=5000,
    )
    reasons = forms.CharField(
        label=gettext_lazy("Reasons (required when rejected)"),
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )
    proposal = forms.CharField(
        label=gettext_lazy("Concrete proposal (when accepted)"),
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )
    resolution_deadline = forms.DateField(
        label=gettext_lazy("Resolution deadline (when accepted)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label=gettext_lazy("Consumer's reply"),
        choices=ComplaintReply.choices,
        widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label=gettext_lazy("Reply received on (for no reply: today)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ExtendForm(forms.Form):
    new_deadline = forms.DateField(
        label=gettext_lazy("New resolution deadline"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Objective reason"), widget=forms.Textarea, max_length=2000
    )
    consumer_consented = forms.BooleanField(
        label=gettext_lazy("The consumer consented to the extension"), required=False
    )


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label=gettext_lazy("Resolved by"),
        choices=ComplaintResolution.choices,
        widget=forms.RadioSelect,
    )
    refund_amount_rsd = forms.DecimalField(
        label=gettext_lazy("Amount to refund, RSD (price reduction or termination)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        min_value=0,
    )
    return_costs_rsd = forms.DecimalField(
        label=gettext_lazy("Justified return costs borne by the shop, RSD"),
        required=False,
        max_digits=10,
        decimal_places=2,
        min_value=0,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea, max_length=2000
    )


class RegisterForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("Received"),
        choices=[c for c in ComplaintChannel.choices if c[0] != ComplaintChannel.ONLINE],
    )
    order_number = forms.CharField(
        label=gettext_lazy("Order number"), max_length=40, required=False
    )
    full_name = forms.CharField(label=gettext_lazy("Name and surname"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail (for the confirmation)"), required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40, required=False)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=300, required=False)
    goods = forms.CharField(label=gettext_lazy("Goods"), widget=forms.Textarea, max_length=2000)
    description = forms.CharField(
        label=gettext_lazy("Defect"), widget=forms.Textarea, max_length=5000
    )
    remedy = forms.ChoiceField(label=gettext_lazy("Request"), choices=ComplaintRemedy.choices)
    repair_consent = forms.BooleanField(label=gettext_lazy("Consents to repair"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("remedy") == ComplaintRemedy.REPAIR and not data.get("repair_consent"):
            self.add_error("repair_consent", _("Repair only with the consumer's explicit consent."))
        return data


def _posted(request):
    return request.POST if request.method == "POST" else None


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "received_at",
        "full_name",
        "state",
        "channel",
        "remedy",
        "next_due",
        "checks",
    )
    list_filter = ("state", DueFilter, "channel", "decision", "remedy")
    search_fields = ("number", "full_name", "email", "order_number_given")
    date_hierarchy = "received_at"
    change_form_template = "admin/complaints/complaint/change_form.html"
    change_list_template = "admin/complaints/complaint/change_list.html"
    list_select_related = ("order",)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Complaint._meta.fields] + ["lines"]

    def has_add_permission(self, request):
        return False  # complaints received offline are registered through `register_view`

    def has_delete_permission(self, request, obj=None):
        return False  # the register is kept at least 2 years; nothing is deleted

    @admin.display(description=gettext_lazy("next deadline"))
    def next_due(self, complaint):
        due = complaint_next_due(complaint)
        if due is None:
            return "—"
        today = timezone.localdate()
        return deadline_cell(
            due,
            overdue=rules.complaint_overdue(due=due, today=today),
            due_soon=rules.complaint_due_soon(due=due, today=today),
        )

    @admin.display(description=gettext_lazy("checks"), boolean=True)
    def checks(self, complaint):
        return not complaint.problems

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("register/", view(self.register_view), name="complaints_complaint_register"),
            path(
                "register.csv",
                view(self.register_csv_view),
                name="complaints_complaint_register_csv",
            ),
            path(
                "register.pdf",
                view(self.register_pdf_view),
                name="complaints_complaint_register_pdf",
            ),
            path("receive/", view(self.receive_view), name="complaints_complaint_receive"),
            path("photo/<int:photo_id>/", view(self.photo_view), name="complaints_complaint_photo"),
            path(
                "<int:complaint_id>/confirmation.pdf",
                view(self.confirmation_view),
                name="complaints_complaint_confirmation",
            ),
            path(
                "<int:complaint_id>/step/<str:step>/",
                view(self.step_view),
                name="complaints_complaint_step",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        complaint = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if complaint is not None:
            can = self.has_change_permission(request, complaint)
            context.update(
                {
                    "timeline": complaint.events.select_related("actor"),
                    "photos": complaint.photos.all(),
                    "steps": [
                        (step, label)
                        for step, (label, states) in STEPS.items()
                        if complaint.state in states
                    ]
                    if can
                    else [],
                    "next_due": complaint_next_due(complaint),
                    "show_save": False,
                    "show_save_and_continue": False,
                    "show_save_and_add_another": False,
                }
            )
        return super().change_view(request, object_id, form_url, extra_context=context)

    # --- Steps ------------------------------------------------------------------------------
    def _page(self, request, *, title, form, complaint=None, action):
        return TemplateResponse(
            request,
            "admin/complaints/complaint/step.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": complaint,
                "title": title,
                "form": form,
                "action": action,
            },
        )

    def step_view(self, request, complaint_id, step):
        if step not in STEPS:
            raise Http404
        complaint = Complaint.objects.filter(pk=complaint_id).first()
        if complaint is None:
            raise Http404
        if not self.has_change_permission(request, complaint):
            raise PermissionDenied
        label, _states = STEPS[step]
        form_class, run = STEP_ACTIONS[step]
        today = timezone.localdate()
        initial = {
            "received_on": today,
            "resolution_deadline": rules.complaint_resolution_latest(
                timezone.localdate(complaint.received_at)
            ),
            # A termination refunds the price of the items complained about.
            "refund_amount_rsd": sum(line.line_total for line in complaint.lines.all()) or None,
        }
        form = form_class(_posted(request), initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                run(
                    complaint=complaint,
                    data=form.cleaned_data,
                    actor=request.user,
                    now=timezone.now(),
                )
            except ComplaintStepRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Complaint %(number)s: %(step)s recorded.")
                    % {"number": complaint.number, "step": label},
                )
                return redirect(reverse("admin:complaints_complaint_change", args=(complaint.pk,)))
        return self._page(
            request,
            title=f"{complaint.number}: {label}",
            form=form,
            complaint=complaint,
            action=label,
        )

    def receive_view(self, request):
        if not self.has_view_permission(request) or not request.user.has_perm(
            "complaints.add_complaint"
        ):
            raise PermissionDenied
        form = RegisterForm(_posted(request))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            order = (
                complaint_order_find(number=data["order_number"], email=data["email"])
                if data["order_number"] and data["email"]
                else None
            )
            complaint = complaint_receive(
                now=timezone.now(),
                channel=data["channel"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                address=data["address"],
                order=order,
                order_number_given=data["order_number"],
                goods=data["goods"],
                description=data["description"],
                remedy=data["remedy"],
                repair_consent=data["repair_consent"],
                language=order.language if order else "sr-latn",
                registered_by=request.user,
            )
            messages.success(
                request, _("Complaint %(number)s registered.") % {"number": complaint.number}
            )
            return redirect(reverse("admin:complaints_complaint_change", args=(complaint.pk,)))
        return self._page(
            request,
            title=_("Register a complaint received by post, in person, by phone or orally"),
            form=form,
            action=_("Register the complaint"),
        )

    def confirmation_view(self, request, complaint_id):
        """The confirmation of receipt, to print and hand over or post when the consumer gave
        no e-mail address (the same stored PDF the e-mail carries)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        complaint = Complaint.objects.filter(pk=complaint_id).first()
        if complaint is None:
            raise Http404
        document = complaint_confirmation(complaint)
        with document.file.open("rb") as pdf:
            response = HttpResponse(pdf.read(), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{document.filename}"'
        return response

    def photo_view(self, request, photo_id):
        """Photos are personal data: served to staff who may view complaints, never from MEDIA_URL."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        photo = ComplaintPhoto.objects.filter(pk=photo_id).first()
        if photo is None:
            raise Http404
        with photo.image.open("rb") as image:
            return HttpResponse(image.read(), content_type="image/jpeg")

    # --- The register ---------------------------------------------------------------------
    def _register_queryset(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return Complaint.objects.all()

    def register_view(self, request):
        complaints = self._register_queryset(request)
        return TemplateResponse(
            request,
            "admin/complaints/complaint/register.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Register of received complaints"),
                "columns": [label for _key, label in complaint_register.COLUMNS],
                "rows": [
                    [row[key] for key, _l in complaint_register.COLUMNS]
                    for row in complaint_register.register_rows(complaints)
                ],
            },
        )

    def register_csv_view(self, request):
        content = complaint_register.register_csv(self._register_queryset(request))
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="complaint-register.csv"'
        return response

    def register_pdf_view(self, request):
        pdf = complaint_register.register_pdf(self._register_queryset(request), now=timezone.now())
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="complaint-register.pdf"'
        return response


def _answer(*, complaint, data, actor, now):
    complaint_answer(complaint_id=complaint.pk, actor=actor, now=now, **data)


def _reply(*, complaint, data, actor, now):
    complaint_reply_record(complaint_id=complaint.pk, actor=actor, now=now, **data)


def _extend(*, complaint, data, actor, now):
    complaint_extend(complaint_id=complaint.pk, actor=actor, now=now, **data)


def _resolve(*, complaint, data, actor, now):
    complaint_resolve(complaint_id=complaint.pk, actor=actor, now=now, **data)


RESOLVING = (ComplaintState.AGREED, ComplaintState.DISAGREED)
STEPS = {
    "answer": (gettext_lazy("Answer"), (ComplaintState.RECEIVED,)),
    "reply": (gettext_lazy("Record the consumer's reply"), (ComplaintState.ANSWERED,)),
    "extend": (gettext_lazy("Extend the deadline (once)"), (ComplaintState.ANSWERED, *RESOLVING)),
    "resolve": (gettext_lazy("Resolve"), RESOLVING),
}
STEP_ACTIONS = {
    "answer": (AnswerForm, _answer),
    "reply": (ReplyForm, _reply),
    "extend": (ExtendForm, _extend),
    "resolve": (ResolveForm, _resolve),
}
