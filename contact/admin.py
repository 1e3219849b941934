"""Contact messages (customer care reads, replies by e-mail and notes; nothing is edited) and
contests (marketing creates them and draws the winners)."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import rules
from .models import ContactMessage, ContactNote, ContactReply, Contest, ContestEntry
from .services import (
    ContestError,
    contact_message_close,
    contact_note_add,
    contact_reply_send,
    contest_draw,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ContactReplyInline(ReadOnlyInline):
    model = ContactReply
    fields = ("written_at", "sent_by", "body")
    readonly_fields = fields


class ContactNoteInline(ReadOnlyInline):
    model = ContactNote
    fields = ("written_at", "author", "text")
    readonly_fields = fields


class ContactMessageForm(forms.ModelForm):
    reply = forms.CharField(
        label=gettext_lazy("Reply to the customer"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("E-mailed to the customer on saving, and kept with the message."),
    )
    note = forms.CharField(
        label=gettext_lazy("Add a staff note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Only staff see notes; they are kept and never edited."),
    )

    class Meta:
        model = ContactMessage
        fields = ()


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    form = ContactMessageForm
    list_display = ("received_at", "name", "email", "subject", "state", "last_activity_at")
    list_filter = ("state", "received_at")
    search_fields = ("email", "name", "subject")
    inlines = (ContactReplyInline, ContactNoteInline)
    actions = ("close_messages",)
    readonly_fields = (
        "received_at",
        "name",
        "email",
        "user",
        "language",
        "subject",
        "body",
        "state",
        "last_activity_at",
        "kept_until",
    )
    fieldsets = (
        (None, {"fields": readonly_fields}),
        (gettext_lazy("Answer"), {"fields": ("reply", "note")}),
    )

    @admin.display(description=gettext_lazy("kept until"))
    def kept_until(self, message):
        return message.last_activity_at + rules.CONTACT_MESSAGE_RETENTION

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        if form.cleaned_data.get("note", "").strip():
            contact_note_add(
                message_id=obj.pk, text=form.cleaned_data["note"], actor=request.user, now=now
            )
        if form.cleaned_data.get("reply", "").strip():
            contact_reply_send(
                message_id=obj.pk, body=form.cleaned_data["reply"], actor=request.user, now=now
            )
            messages.success(
                request, _("The reply is on its way to %(email)s.") % {"email": obj.email}
            )

    @admin.action(description=gettext_lazy("Close the selected messages"), permissions=("change",))
    def close_messages(self, request, queryset):
        for message in queryset:
            contact_message_close(message_id=message.pk)
        self.message_user(request, _("The messages are closed."))


class ContestEntryInline(ReadOnlyInline):
    model = ContestEntry
    fields = ("winner_rank", "full_name", "email", "address", "entered_at", "consent")
    readonly_fields = fields
    ordering = ("winner_rank", "pk")


class ContestForm(forms.ModelForm):
    class Meta:
        model = Contest
        fields = (
            "title",
            "description",
            "consent_text",
            "ends_at",
            "winners_count",
            "entries_kept_until",
        )

    def clean(self):
        cleaned = super().clean()
        ends_at = cleaned.get("ends_at") or (self.instance.ends_at if self.instance.pk else None)
        kept_until = cleaned.get("entries_kept_until")
        if ends_at and not kept_until and "entries_kept_until" not in self.errors:
            cleaned["entries_kept_until"] = ends_at + rules.CONTEST_ENTRIES_KEPT_AFTER_END
            self.instance.entries_kept_until = cleaned["entries_kept_until"]
        elif ends_at and kept_until and kept_until <= ends_at:
            self.add_error(
                "entries_kept_until", _("Keep the entries until after the contest closes.")
            )
        return cleaned


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    form = ContestForm
    list_display = ("title", "ends_at", "winners_count", "entry_count", "drawn_at")
    inlines = (ContestEntryInline,)
    actions = ("draw_winners",)
    fields = (
        "title",
        "description",
        "consent_text",
        "ends_at",
        "winners_count",
        "entries_kept_until",
        "drawn_at",
        "drawn_by",
        "draw_seed",
    )

    @admin.display(description=gettext_lazy("entries"))
    def entry_count(self, contest):
        return contest.entries.count()

    def get_changeform_initial_data(self, request):
        return {
            "consent_text": _(
                "I agree that C'est Moi uses my name, address and e-mail address to run this "
                "contest and hand over the prize."
            )
        }

    def get_readonly_fields(self, request, obj=None):
        fixed = ["drawn_at", "drawn_by", "draw_seed"]
        if obj is not None and obj.entries.exists():
            # What entrants agreed to, and the rules they entered under, stay as they were.
            fixed += ["consent_text", "ends_at", "winners_count"]
        return fixed

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.entries.exists()

    @admin.action(description=gettext_lazy("Draw the winners"), permissions=("change",))
    def draw_winners(self, request, queryset):
        for contest in queryset:
            try:
                winners = contest_draw(
                    contest_id=contest.pk, actor=request.user, now=timezone.now()
                )
            except ContestError as error:
                self.message_user(request, f"{contest}: {error}", messages.ERROR)
                continue
            self.log_change(request, contest, _("Winners drawn."))
            self.message_user(
                request,
                _("%(contest)s: winners %(winners)s.")
                % {"contest": contest, "winners": ", ".join(str(entry) for entry in winners)},
                messages.SUCCESS,
            )
