"""The consent ledger (read only: evidence), the subscriber list (staff record an unsubscribe
asked for by phone or letter) and campaigns (marketing writes, tests and sends them)."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Campaign, CampaignState, ConsentRecord, ConsentSource, Subscriber
from .selectors import newsletter_is_active
from .services import (
    CampaignError,
    campaign_send_start,
    campaign_test_send,
    newsletter_unsubscribe_address,
)


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    """Append-only: rows are added by the services, never here, and never changed."""

    list_display = ("recorded_at", "email", "purpose", "scope", "given", "source", "text_version")
    list_filter = ("purpose", "given", "source")
    search_fields = ("email",)
    search_help_text = gettext_lazy("The exact e-mail address.")
    date_hierarchy = "recorded_at"

    def get_search_results(self, request, queryset, search_term):
        # The ledger is looked up by exact address (its index), never scanned with LIKE.
        if not search_term:
            return queryset, False
        return queryset.filter(email=search_term.strip().lower()), False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "language", "source", "created_at", "confirmed_at", "unsubscribed_at")
    list_filter = (
        "language",
        "source",
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("unsubscribed_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("email",)
    actions = ("unsubscribe_on_request",)
    readonly_fields = (
        "email",
        "user",
        "language",
        "source",
        "created_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
        "receives_newsletter",
    )
    fields = readonly_fields

    @admin.display(description=gettext_lazy("receives the newsletter"), boolean=True)
    def receives_newsletter(self, subscriber):
        return newsletter_is_active(subscriber)

    def has_add_permission(self, request):
        # Nobody is put on the list by staff: only the address's owner can give consent.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description=gettext_lazy("Unsubscribe (the person asked us by phone, letter or e-mail)"),
        permissions=("change",),
    )
    def unsubscribe_on_request(self, request, queryset):
        for subscriber in queryset:
            newsletter_unsubscribe_address(
                email=subscriber.email,
                source=ConsentSource.ADMIN,
                language=subscriber.language,
                now=timezone.now(),
                actor=request.user,
            )
            self.log_change(request, subscriber, _("Unsubscribed on the person's request."))
        self.message_user(request, _("The selected addresses are unsubscribed."))


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("subject", "language", "state", "created_at", "send_started_at", "sent_at")
    list_filter = ("state", "language")
    search_fields = ("subject",)
    actions = ("send_test_to_me", "send_campaign")
    fields = (
        "subject",
        "language",
        "body_text",
        "body_html",
        "state",
        "created_by",
        "send_started_by",
        "send_started_at",
        "sent_at",
        "messages_sent",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(delivery_count=Count("deliveries"))

    @admin.display(description=gettext_lazy("messages sent"))
    def messages_sent(self, campaign):
        return getattr(campaign, "delivery_count", 0)

    def get_readonly_fields(self, request, obj=None):
        done = ("state", "created_by", "send_started_by", "send_started_at", "sent_at")
        if obj is not None and obj.state != CampaignState.DRAFT:
            return (*self.fields,)
        return (*done, "messages_sent")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.state == CampaignState.DRAFT

    @admin.action(description=gettext_lazy("Send a test to my own address"), permissions=("view",))
    def send_test_to_me(self, request, queryset):
        for campaign in queryset:
            campaign_test_send(campaign_id=campaign.pk, recipient=request.user.email)
        self.message_user(request, _("Test sent to %(email)s.") % {"email": request.user.email})

    @admin.action(
        description=gettext_lazy("Send to the confirmed subscribers of its language"),
        permissions=("change",),
    )
    def send_campaign(self, request, queryset):
        for campaign in queryset:
            try:
                campaign_send_start(campaign_id=campaign.pk, actor=request.user, now=timezone.now())
            except CampaignError as error:
                self.message_user(request, f"{campaign}: {error}", messages.ERROR)
            else:
                self.log_change(request, campaign, _("Sending started."))
                self.message_user(
                    request,
                    _("“%(subject)s” is being sent in batches.") % {"subject": campaign.subject},
                    messages.SUCCESS,
                )
