from django.contrib import admin

from catalog.models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["date", "eur_rsd", "source", "updated_at"]
    list_filter = ["source"]
    date_hierarchy = "date"
    ordering = ["-date"]
