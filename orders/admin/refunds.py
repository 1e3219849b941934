"""Refunds and courier notices on the order page in admin: a refund form (amount, reason,
confirmation) and read-only lists. OrderAdmin mixes `RefundAdminMixin` in and lists the inlines."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cestmoi.formatting import amount as local_amount
from cestmoi.forms import posted
from cestmoi.read_only_admin import ReadOnlyAdmin

from ..models import CourierNotification, Order, Refund
from ..payments import ProviderRefundStatus
from ..services.refunds import (
    RefundError,
    RefundUnconfirmed,
    order_refundable,
    refund_create,
    refund_in_charged_currency,
    refund_retry,
)
from .base import ReadOnlyInline

REFUND_PERMISSION = "orders.add_refund"


class RefundForm(forms.Form):
    amount_rsd = forms.DecimalField(
        label=gettext_lazy("Amount to refund (RSD)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=255)

    def __init__(self, *args, refundable_rsd: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.refundable_rsd = refundable_rsd

    def clean_amount_rsd(self):
        amount = self.cleaned_data["amount_rsd"]
        if amount > self.refundable_rsd:
            raise forms.ValidationError(
                _("At most RSD %(left)s can still be refunded.")
                % {"left": local_amount(self.refundable_rsd)}
            )
        return amount


class RefundAdminMixin:
    """Adds /admin/orders/order/<id>/refund/ and a "Refund…" link (the `refund_link` field)."""

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/refund/",
                self.admin_site.admin_view(self.refund_view),
                name="orders_order_refund",
            )
        ]
        return own + super().get_urls()

    @admin.display(description=gettext_lazy("Refund"))
    def refund_link(self, obj):
        left = order_refundable(obj) if obj and obj.pk else None
        if left is None or left.rsd <= 0:
            return _("Nothing to refund")
        return format_html(
            '<a class="button" href="{}">{}</a> {}',
            reverse("admin:orders_order_refund", args=(obj.pk,)),
            _("Refund…"),
            _("up to RSD %(left)s") % {"left": local_amount(left.rsd)},
        )

    def refund_view(self, request, object_id):
        if not request.user.has_perm(REFUND_PERMISSION):
            raise PermissionDenied
        order = get_object_or_404(Order, pk=object_id)
        change_url = reverse("admin:orders_order_change", args=(order.pk,))
        left = order_refundable(order)
        if left is None or left.rsd <= 0:
            messages.error(request, _("Nothing is left to refund on this order."))
            return redirect(change_url)
        form = RefundForm(
            posted(request),
            refundable_rsd=left.rsd,
            initial={"amount_rsd": left.rsd},
        )
        confirming = False
        if request.method == "POST" and form.is_valid():
            amount = form.cleaned_data["amount_rsd"]
            if request.POST.get("confirmed") != "yes":
                confirming = True
            else:
                try:
                    refund = refund_create(
                        order=order,
                        amount_rsd=amount,
                        reason=form.cleaned_data["reason"],
                        actor=request.user,
                    )
                except RefundUnconfirmed as error:
                    messages.warning(request, str(error))
                    return redirect(change_url)
                except RefundError as error:
                    messages.error(request, str(error))
                    return redirect(request.path)
                messages.success(request, _refund_sent_message(refund))
                return redirect(change_url)
        amount_eur = None
        if confirming and left.payment.currency == "EUR":
            amount_eur = refund_in_charged_currency(
                left=left, amount_rsd=form.cleaned_data["amount_rsd"]
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Refund order %(number)s") % {"number": order.number},
            "order": order,
            "form": form,
            "left": left,
            "confirming": confirming,
            "amount_eur": amount_eur,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/orders/order/refund.html", context)


def _refund_sent_message(refund) -> str:
    facts = {
        "rsd": local_amount(refund.amount_rsd),
        "status": refund.get_status_display().lower(),
    }
    if refund.amount_eur is None:
        return (
            _(
                "Refund of RSD %(rsd)s sent to the bank; it is %(status)s. The order changes "
                "when the bank reports the refund as completed."
            )
            % facts
        )
    return _(
        "Refund of RSD %(rsd)s (EUR %(eur)s) sent to Mollie; it is %(status)s. "
        "The order changes when Mollie reports the refund as completed."
    ) % {**facts, "eur": local_amount(refund.amount_eur)}


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = (
        "created_at",
        "amount_rsd",
        "amount_eur",
        "status",
        "provider_refund_id",
        "reason",
        "created_by",
        "last_error",
    )
    readonly_fields = fields


class CourierNotificationInline(ReadOnlyInline):
    model = CourierNotification
    fields = ("shipment", "backend", "status", "attempts", "last_error", "sent_at")
    readonly_fields = fields


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    """Every refund across orders (the dashboard's "refunds in progress" opens this list).
    Refunds are made from the order's refund form and change only through Mollie; one Mollie
    has not confirmed can be checked with Mollie from here."""

    list_display = ("created_at", "order", "amount_rsd", "amount_eur", "status", "created_by")
    list_filter = ("status", "created_at")
    search_fields = ("order__number", "provider_refund_id")
    list_select_related = ("order", "created_by")
    actions = ("check_with_mollie",)

    def has_refund_permission(self, request):
        return request.user.has_perm(REFUND_PERMISSION)

    @admin.action(
        description=gettext_lazy("Check unconfirmed refunds with the payment provider"),
        permissions=["refund"],
    )
    def check_with_mollie(self, request, queryset):
        for refund in queryset.select_related("order", "payment"):
            facts = {
                "amount": f"{refund.payment.currency} {local_amount(refund.amount_charged)}",
                "number": refund.order.number,
            }
            try:
                refund = refund_retry(refund_id=refund.pk, actor=request.user, now=timezone.now())
            except RefundUnconfirmed as error:
                messages.warning(request, f"{refund.order.number}: {error}")
            except RefundError as error:
                messages.error(request, f"{refund.order.number}: {error}")
            else:
                if refund.status == ProviderRefundStatus.FAILED:
                    messages.warning(
                        request,
                        _(
                            "Order %(number)s: the payment provider never made the refund of "
                            "%(amount)s. Nothing was refunded; the amount can be refunded again."
                        )
                        % facts,
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Order %(number)s: the payment provider has the refund of "
                            "%(amount)s (%(status)s)."
                        )
                        % {**facts, "status": refund.get_status_display().lower()},
                    )
