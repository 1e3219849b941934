"""The privacy officer's queue of data-subject requests: overdue ones highlighted, one page per
step (take on, extend, answer, refuse, erase after a preview), each calling one service."""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cestmoi.formatting import deadline_cell, local_date

from . import rules
from .forms import AnswerForm, ExtendForm, RejectForm
from .models import OPEN_STATES, DataRequest, RequestKind, RequestState, RestrictedRecord
from .services.erasure import erasure_plan
from .services.people import person_find
from .services.requests import (
    RequestStepRefused,
    request_complete,
    request_erase,
    request_extend,
    request_reject,
    request_start,
)


class DueFilter(admin.SimpleListFilter):
    title = gettext_lazy("deadline")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            ("soon", gettext_lazy("Due within 5 days or overdue")),
            ("overdue", gettext_lazy("Overdue")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "soon":
            horizon = today + datetime.timedelta(days=rules.REQUEST_DUE_SOON_DAYS)
            return queryset.filter(state__in=OPEN_STATES, due_on__lte=horizon)
        if self.value() == "overdue":
            return queryset.filter(state__in=OPEN_STATES, due_on__lt=today)
        return queryset


def _steps(data_request: DataRequest) -> list[tuple[str, str]]:
    steps = []
    if data_request.state == RequestState.RECEIVED:
        label = {
            RequestKind.EXPORT: _("Approve and prepare the export"),
            RequestKind.ACCESS: _("Approve and send the access answer"),
        }.get(data_request.kind, _("Take on"))
        steps.append(("start", label))
    if data_request.state in OPEN_STATES:
        if data_request.kind == RequestKind.ERASURE:
            steps.append(("erase", _("Preview and erase")))
        if not data_request.extended_by_days:
            steps.append(("extend", _("Extend the deadline")))
        steps.append(("reject", _("Refuse")))
    if data_request.state == RequestState.IN_PROGRESS and data_request.kind in (
        RequestKind.RECTIFICATION,
        RequestKind.QUESTION,
        RequestKind.ERASURE,
    ):
        steps.append(("answer", _("Answer and close")))
    return steps


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    list_display = ("reference", "kind", "email", "state", "filed_at", "due", "extended_by_days")
    list_filter = ("state", DueFilter, "kind")
    search_fields = ("email",)
    date_hierarchy = "filed_at"
    change_form_template = "admin/privacy/datarequest/change_form.html"

    def get_queryset(self, request):
        # Unconfirmed requests are nobody's work yet: they stay out of the queue.
        return super().get_queryset(request).exclude(state=RequestState.AWAITING_CONFIRMATION)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in DataRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record of how a request was answered is kept (privacy.retention)

    @admin.display(description=gettext_lazy("request"), ordering="pk")
    def reference(self, data_request):
        return data_request.reference

    @admin.display(description=gettext_lazy("due on"), ordering="due_on")
    def due(self, data_request):
        if data_request.due_on is None:
            return "—"
        if data_request.state not in OPEN_STATES:
            return local_date(data_request.due_on)
        today = timezone.localdate()
        return deadline_cell(
            data_request.due_on,
            overdue=rules.request_overdue(due_on=data_request.due_on, today=today),
            due_soon=rules.request_due_soon(due_on=data_request.due_on, today=today),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:request_id>/step/<str:step>/",
                view(self.step_view),
                name="privacy_datarequest_step",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        data_request = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if data_request is not None:
            can = self.has_change_permission(request, data_request)
            context.update(
                {
                    "steps": _steps(data_request) if can else [],
                    "show_save": False,
                    "show_save_and_continue": False,
                    "show_save_and_add_another": False,
                }
            )
        return super().change_view(request, object_id, form_url, extra_context=context)

    def step_view(self, request, request_id, step):
        data_request = self.get_queryset(request).filter(pk=request_id).first()
        if data_request is None or step not in dict(_steps(data_request)):
            raise Http404
        if not self.has_change_permission(request, data_request):
            raise PermissionDenied
        label = dict(_steps(data_request))[step]
        posted = request.POST if request.method == "POST" else None
        form = {"extend": ExtendForm, "answer": AnswerForm, "reject": RejectForm}.get(step)
        form = form(posted) if form else None
        if posted is not None and (form is None or form.is_valid()):
            try:
                self._run(step, data_request, form, request.user)
            except RequestStepRefused as error:
                if form is None:
                    messages.error(request, str(error))
                    return redirect(self._change_url(data_request))
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("%(reference)s: %(step)s done.")
                    % {"reference": data_request.reference, "step": label},
                )
                return redirect(self._change_url(data_request))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": data_request,
            "title": f"{data_request.reference}: {label}",
            "form": form,
            "action": label,
        }
        if step == "erase":
            lines, _rows, _needles = erasure_plan(person_find(data_request.email))
            context["plan"] = lines
        return TemplateResponse(request, "admin/privacy/datarequest/step.html", context)

    def _change_url(self, data_request):
        return reverse("admin:privacy_datarequest_change", args=(data_request.pk,))

    def _run(self, step, data_request, form, actor):
        now = timezone.now()
        if step == "start":
            request_start(data_request=data_request, actor=actor, now=now)
        elif step == "extend":
            request_extend(
                data_request=data_request,
                days=form.cleaned_data["days"],
                reason=form.cleaned_data["reason"],
                actor=actor,
                now=now,
            )
        elif step == "answer":
            request_complete(
                data_request=data_request,
                answer=form.cleaned_data["answer"],
                actor=actor,
                now=now,
            )
        elif step == "reject":
            request_reject(
                data_request=data_request,
                reason=form.cleaned_data["reason"],
                actor=actor,
                now=now,
            )
        elif step == "erase":
            request_erase(data_request=data_request, actor=actor, now=now)


@admin.register(RestrictedRecord)
class RestrictedRecordAdmin(admin.ModelAdmin):
    list_display = ("model", "object_id", "hold", "keep_until", "request")
    list_filter = ("hold", "model")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
