from django.contrib import admin

from .models import LegalDocument


@admin.register(LegalDocument)
class LegalDocumentAdmin(admin.ModelAdmin):
    list_display = ("kind", "version", "title", "published_on")
    list_filter = ("kind",)
    search_fields = ("title", "body")
    ordering = ("kind", "-version")
    readonly_fields = ("created_at",)

    def get_readonly_fields(self, request, obj=None):
        # A published version may already be accepted by customers: keep its identity fixed.
        if obj is not None:
            return (*self.readonly_fields, "kind", "version")
        return self.readonly_fields
