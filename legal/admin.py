from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import LegalDocument


@admin.register(LegalDocument)
class LegalDocumentAdmin(TranslationAdmin):
    """Title and text per language side by side; what the owner should check is shown on top."""

    list_display = ("kind", "version", "title", "published_on", "needs_owner_review")
    list_filter = ("kind",)
    search_fields = ("title", "body")
    ordering = ("kind", "-version")
    readonly_fields = ("created_at",)

    def get_readonly_fields(self, request, obj=None):
        # A published version may already be accepted by customers: keep its identity fixed.
        if obj is not None:
            return (*self.readonly_fields, "kind", "version")
        return self.readonly_fields

    @admin.display(description=_("for the owner to check"), boolean=True)
    def needs_owner_review(self, obj):
        return bool(obj.owner_review)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        document = self.get_object(request, object_id) if request.method == "GET" else None
        if document is not None and document.owner_review:
            self.message_user(
                request,
                _("This version has points for the owner to check: see “for the owner to check”."),
                messages.WARNING,
            )
        return super().change_view(request, object_id, form_url, extra_context)
