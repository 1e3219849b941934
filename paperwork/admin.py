"""Staff see what the shop sent and what is still waiting to go out; failed background work
can be started again from here."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cestmoi.read_only_admin import ReadOnlyAdmin

from .models import OutboxItem, OutboxState, SentEmail
from .outbox import outbox_retry


@admin.register(OutboxItem)
class OutboxItemAdmin(ReadOnlyAdmin):
    list_display = ("key", "state", "attempts", "next_attempt_at", "created_at", "done_at")
    list_filter = ("state", "task_name")
    search_fields = ("key",)
    readonly_fields = [field.name for field in OutboxItem._meta.fields]
    actions = ("retry",)
    show_full_result_count = False

    @admin.action(description=_("Try again"), permissions=("retry",))
    def retry(self, request, queryset):
        count = outbox_retry(
            item_ids=list(queryset.filter(state=OutboxState.FAILED).values_list("pk", flat=True)),
            now=timezone.now(),
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d task will be tried again within a minute.",
                "%(count)d tasks will be tried again within a minute.",
                count,
            )
            % {"count": count},
        )

    def has_retry_permission(self, request):
        return request.user.has_perm("paperwork.change_outboxitem")


@admin.register(SentEmail)
class SentEmailAdmin(ReadOnlyAdmin):
    list_display = ("sent_at", "kind", "about", "recipient", "subject")
    list_filter = ("kind",)
    search_fields = ("about", "recipient")
    readonly_fields = [field.name for field in SentEmail._meta.fields]
    show_full_result_count = False
