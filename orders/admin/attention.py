"""The "needs attention" list: timeline events a person must deal with (a duplicate payment
to refund, stock that ran short after payment, a courier that could not be notified, a refund
that failed at the provider). They stay on the dashboard until marked handled."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import NeedsAttention
from ..services.timeline import order_events_handle


class HandledFilter(admin.SimpleListFilter):
    title = _("handled")
    parameter_name = "handled"

    def lookups(self, request, model_admin):
        return [("no", _("Not yet")), ("yes", _("Handled"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(handled_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(handled_at__isnull=False)
        return queryset


@admin.register(NeedsAttention)
class NeedsAttentionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "order_link", "kind", "note", "handled_at", "handled_by")
    list_filter = (HandledFilter, "kind")
    search_fields = ("order__number", "note")
    actions = ("mark_handled",)
    list_select_related = ("order", "handled_by")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(needs_attention=True)

    @admin.display(description=_("order"), ordering="order__number")
    def order_link(self, event):
        url = reverse("admin:orders_order_change", args=(event.order_id,))
        return format_html('<a href="{}">{}</a>', url, event.order.number)

    @admin.action(description=_("Mark as handled"), permissions=("change",))
    def mark_handled(self, request, queryset):
        count = order_events_handle(
            event_ids=list(queryset.values_list("pk", flat=True)),
            actor=request.user,
            now=timezone.now(),
        )
        self.message_user(
            request,
            ngettext("%(count)d event marked handled.", "%(count)d events marked handled.", count)
            % {"count": count},
        )

    def has_add_permission(self, request):
        return False

    # The proxy's own permissions are not given to any role: the order event's are.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("orders.view_orderevent")

    def has_change_permission(self, request, obj=None):
        # The list is read-only; "change" only allows the mark-handled action.
        return request.user.has_perm("orders.change_orderevent") and obj is None

    def has_delete_permission(self, request, obj=None):
        return False
