"""The staff side of the order pipeline in admin: the buttons and confirmation pages of the
order page, its timeline and notes, and the order list's delivery-deadline column and filter.
Every change goes through `orders.services.staff`."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cestmoi.formatting import amount as local_amount

from .. import rules
from ..models import FulfilmentStatus, MoneyStatus, Order, OrderEvent, OrderEventKind
from ..payments import ProviderPaymentStatus, ProviderRefundStatus
from ..selectors import UNSHIPPED, orders_by_delivery_risk
from ..services import staff

S = FulfilmentStatus

# What the from/to columns of a timeline row name, by the row's kind.
_STATE_LABELS = {
    OrderEventKind.STATUS_CHANGED: dict(FulfilmentStatus.choices),
    OrderEventKind.PLACED: dict(FulfilmentStatus.choices),
    OrderEventKind.NOTE: dict(FulfilmentStatus.choices),
    OrderEventKind.COURIER_REQUESTED: dict(FulfilmentStatus.choices),
    OrderEventKind.MONEY_STATUS_CHANGED: dict(MoneyStatus.choices),
    OrderEventKind.PAYMENT_CHANGED: dict(ProviderPaymentStatus.choices),
    OrderEventKind.REFUND_CHANGED: dict(ProviderRefundStatus.choices),
}


def timeline_rows(order: Order) -> list[dict]:
    rows = []
    events = OrderEvent.objects.filter(order=order).select_related("actor", "handled_by")
    for event in events.order_by("created_at", "pk"):
        labels = _STATE_LABELS.get(event.kind, {})
        rows.append(
            {
                "event": event,
                "kind": event.get_kind_display(),
                "from": labels.get(event.from_status, event.from_status),
                "to": labels.get(event.to_status, event.to_status),
            }
        )
    return rows


class DeliveryRiskFilter(admin.SimpleListFilter):
    title = gettext_lazy("delivery deadline")
    parameter_name = "risk"

    def lookups(self, request, model_admin):
        return [
            (rules.DeliveryRisk.LATE, gettext_lazy("Late (not shipped within 30 days)")),
            (rules.DeliveryRisk.AT_RISK, gettext_lazy("At risk (day 25 or later)")),
        ]

    def queryset(self, request, queryset):
        if self.value() in (rules.DeliveryRisk.LATE, rules.DeliveryRisk.AT_RISK):
            return orders_by_delivery_risk(queryset, self.value(), today=timezone.localdate())
        # Anything else in the query string shows the whole list.
        return queryset


def delivery_risk_of(order: Order, today) -> rules.DeliveryRisk | None:
    if order.status not in UNSHIPPED or order.paid_at is None:
        return None
    return rules.delivery_risk(order.paid_at, today)


def _posted(request):
    # An empty POST (no note typed) must still bind the form.
    return request.POST if request.method == "POST" else None


class MoveForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note (staff only)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    tracking_number = forms.CharField(
        label=gettext_lazy("Tracking number"), required=False, max_length=64
    )

    delivered_on = forms.DateField(
        label=gettext_lazy("Delivered on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "The day the customer received the parcel (today if left empty). The withdrawal "
            "period and the liability for defects run from it."
        ),
    )

    def __init__(self, *args, to="", **kwargs):
        super().__init__(*args, **kwargs)
        if to == S.SHIPPED:
            self.fields["tracking_number"].required = True
        else:
            del self.fields["tracking_number"]
        if to != S.DELIVERED:
            del self.fields["delivered_on"]


class DeliveryDateForm(forms.Form):
    delivered_on = forms.DateField(
        label=gettext_lazy("Delivered on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=gettext_lazy("Why it changes"), max_length=500, widget=forms.TextInput()
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Internal note"), widget=forms.Textarea(attrs={"rows": 3})
    )


class OrderPipelineMixin:
    """Mixed into OrderAdmin: pipeline URLs under /admin/orders/order/<id>/..."""

    change_form_template = "admin/orders/order/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:order_id>/move/<str:to>/", view(self.move_view), name="orders_order_move"),
            path("<int:order_id>/note/", view(self.note_view), name="orders_order_note"),
            path(
                "<int:order_id>/delivery-date/",
                view(self.delivery_date_view),
                name="orders_order_delivery_date",
            ),
            path(
                "<int:order_id>/cancel-refund/",
                view(self.cancel_refund_view),
                name="orders_order_cancel_refund",
            ),
            path(
                "<int:order_id>/notify-courier/",
                view(self.courier_view),
                name="orders_order_notify_courier",
            ),
            *super().get_urls(),
        ]

    # --- Order page ---------------------------------------------------------------------
    def change_view(self, request, object_id, form_url="", extra_context=None):
        order = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if order is not None:
            context.update(self.pipeline_context(request, order))
        return super().change_view(request, object_id, form_url, extra_context=context)

    def pipeline_context(self, request, order):
        can_move = self.has_change_permission(request, order)
        risk = delivery_risk_of(order, timezone.localdate())
        return {
            "moves": [(to, S(to).label) for to in staff.staff_moves_from(order.status)]
            if can_move
            else [],
            "can_cancel_with_refund": can_move and order.status in staff.CANCELABLE_WITH_REFUND,
            "can_notify_courier": can_move and order.status == S.IN_PREPARATION,
            "delivery_failed": order.status == S.DELIVERY_FAILED,
            "can_note": request.user.has_perm("orders.add_orderevent"),
            "note_form": NoteForm(),
            "timeline": timeline_rows(order),
            "delivery_form": DeliveryDateForm(initial={"delivered_on": order.delivered_on}),
            "can_correct_delivery": can_move and order.status == S.DELIVERED,
            "risk": risk,
            "deadline": rules.delivery_deadline(order.paid_at) if risk else None,
        }

    # --- Pipeline views -----------------------------------------------------------------
    def _order_or_404(self, request, order_id):
        order = Order.objects.filter(pk=order_id).first()
        if order is None:
            raise Http404(_("No such order."))
        if not self.has_change_permission(request, order):
            raise PermissionDenied
        return order

    def _back(self, order):
        return redirect(reverse("admin:orders_order_change", args=(order.pk,)))

    def _confirm_page(self, request, order, *, title, form, action, warning=""):
        return TemplateResponse(
            request,
            "admin/orders/order/confirm_action.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": order,
                "title": title,
                "form": form,
                "action": action,
                "warning": warning,
            },
        )

    def move_view(self, request, order_id, to):
        order = self._order_or_404(request, order_id)
        if to not in staff.STAFF_MOVES:
            raise Http404(_("No such change of status."))
        form = MoveForm(_posted(request), to=to)
        if request.method == "POST" and form.is_valid():
            try:
                staff.order_staff_move(
                    order_id=order.pk,
                    to=to,
                    actor=request.user,
                    now=timezone.now(),
                    note=form.cleaned_data["note"],
                    tracking_number=form.cleaned_data.get("tracking_number", ""),
                    delivered_on=form.cleaned_data.get("delivered_on"),
                )
            except staff.StaffActionError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("Order %(number)s is now %(status)s.")
                    % {"number": order.number, "status": S(to).label},
                )
            return self._back(order)
        if to not in staff.staff_moves_from(order.status):
            messages.error(
                request,
                _("Order %(number)s is %(status)s; it cannot become %(to)s.")
                % {"number": order.number, "status": order.get_status_display(), "to": S(to).label},
            )
            return self._back(order)
        warning = (
            _("The customer is e-mailed at once that delivery is impossible.")
            if to == S.DELIVERY_FAILED
            else _("The customer is e-mailed the tracking link.")
            if to == S.SHIPPED
            else ""
        )
        return self._confirm_page(
            request,
            order,
            title=_("Order %(number)s: %(from)s → %(to)s")
            % {"number": order.number, "from": order.get_status_display(), "to": S(to).label},
            form=form,
            action=_("Confirm: %(to)s") % {"to": S(to).label},
            warning=warning,
        )

    def cancel_refund_view(self, request, order_id):
        order = self._order_or_404(request, order_id)
        form = MoveForm(_posted(request))
        if request.method == "POST" and form.is_valid():
            try:
                staff.order_cancel_with_refund(
                    order_id=order.pk, actor=request.user, note=form.cleaned_data["note"]
                )
            except staff.StaffActionError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("Order %(number)s is cancelled and its full refund started.")
                    % {"number": order.number},
                )
            return self._back(order)
        return self._confirm_page(
            request,
            order,
            title=_("Cancel order %(number)s with a full refund") % {"number": order.number},
            form=form,
            action=_("Cancel and refund %(total)s RSD") % {"total": local_amount(order.total)},
            warning=_("The whole amount paid goes back to the customer's card."),
        )

    def courier_view(self, request, order_id):
        order = self._order_or_404(request, order_id)
        if request.method == "POST":
            try:
                staff.order_courier_notify(order_id=order.pk, actor=request.user)
            except staff.StaffActionError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("%(courier)s will be notified in a moment.")
                    % {"courier": order.delivery_name},
                )
            return self._back(order)
        return self._confirm_page(
            request,
            order,
            title=_("Order %(number)s is ready to ship") % {"number": order.number},
            form=None,
            action=_("Notify %(courier)s") % {"courier": order.delivery_name},
            warning=_(
                "The courier receives the recipient's name, phone and address, the parcel "
                "count and weight, and the order number."
            ),
        )

    def note_view(self, request, order_id):
        order = Order.objects.filter(pk=order_id).first()
        if order is None:
            raise Http404(_("No such order."))
        if not request.user.has_perm("orders.add_orderevent"):
            raise PermissionDenied
        if request.method != "POST":
            return self._back(order)
        form = NoteForm(request.POST)
        if form.is_valid():
            staff.order_note_add(
                order_id=order.pk, actor=request.user, note=form.cleaned_data["note"]
            )
            messages.success(request, _("The note was added to the timeline."))
        else:
            messages.error(request, _("Write the note first."))
        return self._back(order)

    def delivery_date_view(self, request, order_id):
        order = self._order_or_404(request, order_id)
        if request.method != "POST":
            return self._back(order)
        form = DeliveryDateForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the delivery date and the reason for the change."))
            return self._back(order)
        try:
            staff.order_delivery_date_correct(
                order_id=order.pk,
                actor=request.user,
                delivered_on=form.cleaned_data["delivered_on"],
                reason=form.cleaned_data["reason"],
                now=timezone.now(),
            )
        except staff.StaffActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The delivery date was corrected."))
        return self._back(order)
