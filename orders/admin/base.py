from django.contrib import admin


class ReadOnlyInline(admin.TabularInline):
    """What happened to an order is shown, never edited, in its admin page."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
