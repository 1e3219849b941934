"""Staff read every fiscal receipt and request, send failed ones again, and check each day's
receipts against the day's paid orders, shipments and refunds (the reconciliation list)."""

import datetime

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cestmoi.formatting import local_date
from cestmoi.read_only_admin import ReadOnlyAdmin

from .models import FiscalIntent, FiscalReceipt, IntentStatus
from .selectors import reconciliation
from .services import fiscal_intents_retry

# E-fiscalization in Serbia began in 2022; nothing before it is reconciled.
FIRST_DAY = datetime.date(2022, 1, 1)


def _order_link(obj):
    url = reverse("admin:orders_order_change", args=[obj.order_id])
    return format_html('<a href="{}">{}</a>', url, obj.order.number)


@admin.register(FiscalReceipt)
class FiscalReceiptAdmin(ReadOnlyAdmin):
    list_display = ("invoice_number", "kind", "order_link", "total_amount", "sdc_date_time")
    list_filter = ("kind", ("sdc_date_time", admin.DateFieldListFilter))
    search_fields = ("invoice_number", "order__number")
    list_select_related = ("order",)
    readonly_fields = [field.name for field in FiscalReceipt._meta.fields]
    show_full_result_count = False
    change_list_template = "admin/fiscal/fiscalreceipt/change_list.html"

    @admin.display(description=_("order"), ordering="order__number")
    def order_link(self, receipt):
        return _order_link(receipt)

    def get_urls(self):
        return [
            path(
                "reconciliation/",
                self.admin_site.admin_view(self.reconciliation_view),
                name="fiscal_reconciliation",
            ),
            *super().get_urls(),
        ]

    def reconciliation_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        try:
            day = parse_date(request.GET.get("day", "")) or today
        except ValueError:  # shaped like a date but none (2026-02-30)
            day = today
        if not FIRST_DAY <= day <= today:
            day = today
        context = {
            **self.admin_site.each_context(request),
            "title": _("Fiscal receipts of %(day)s") % {"day": local_date(day)},
            "opts": self.model._meta,
            "day": day,
            "previous_day": day - datetime.timedelta(days=1) if day > FIRST_DAY else None,
            "next_day": day + datetime.timedelta(days=1) if day < today else None,
            **reconciliation(day, timezone.get_current_timezone()),
        }
        return TemplateResponse(request, "admin/fiscal/reconciliation.html", context)


@admin.register(FiscalIntent)
class FiscalIntentAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "kind",
        "order_link",
        "amount",
        "status",
        "attempts",
        "last_error",
    )
    list_filter = ("status", "kind")
    search_fields = ("order__number", "id")
    list_select_related = ("order",)
    readonly_fields = [field.name for field in FiscalIntent._meta.fields]
    actions = ("issue_again",)
    show_full_result_count = False

    @admin.display(description=_("order"), ordering="order__number")
    def order_link(self, intent):
        return _order_link(intent)

    @admin.action(description=_("Issue again"), permissions=("retry",))
    def issue_again(self, request, queryset):
        count = fiscal_intents_retry(
            intent_ids=list(
                queryset.filter(status=IntentStatus.FAILED).values_list("pk", flat=True)
            ),
            now=timezone.now(),
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d receipt will be issued again (the processor is asked about it first).",
                "%(count)d receipts will be issued again (the processor is asked about them first).",
                count,
            )
            % {"count": count},
        )

    def has_retry_permission(self, request):
        return request.user.has_perm("fiscal.change_fiscalintent")
