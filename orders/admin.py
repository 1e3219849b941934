from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_documents import OrderDocumentInline, SentEmailInline
from .admin_refunds import CourierNotificationInline, RefundAdminMixin, RefundInline
from .models import DeliveryMethod, Order, OrderEvent, OrderLine, Payment


@admin.register(DeliveryMethod)
class DeliveryMethodAdmin(admin.ModelAdmin):
    list_display = ("name", "price", "delivery_estimate", "is_active", "position")
    list_editable = ("is_active", "position")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ("product_name", "option", "sku", "unit_price", "quantity", "line_total")
    readonly_fields = fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = (
        "provider_payment_id",
        "status",
        "amount_eur",
        "eur_rsd_rate",
        "rate_date",
        "amount_refunded_eur",
        "created_at",
        "paid_at",
    )
    readonly_fields = fields


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ("created_at", "kind", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    verbose_name_plural = _("Timeline")


@admin.register(Order)
class OrderAdmin(RefundAdminMixin, admin.ModelAdmin):
    """Orders are contracts: what the customer accepted is shown, never edited here."""

    list_display = ("number", "created_at", "full_name", "email", "status", "total")
    list_filter = ("status", "created_at", "delivery_name")
    search_fields = ("number", "full_name", "email", "phone")
    date_hierarchy = "created_at"
    list_select_related = True
    inlines = (
        OrderLineInline,
        PaymentInline,
        RefundInline,
        CourierNotificationInline,
        OrderDocumentInline,
        SentEmailInline,
        OrderEventInline,
    )
    fieldsets = (
        (None, {"fields": ("number", "status", "stock_reservation", "reserved_until", "user")}),
        (
            _("Customer and delivery"),
            {"fields": ("full_name", "email", "phone", "street", "postal_code", "city", "country")},
        ),
        (
            _("Amounts (RSD, VAT included)"),
            {
                "fields": (
                    "subtotal",
                    "delivery_name",
                    "delivery_price",
                    "total",
                    "vat_total",
                    "refund_link",
                )
            },
        ),
        (_("Contract"), {"fields": ("terms", "terms_accepted_at", "created_at", "paid_at")}),
    )

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Order._meta.fields] + ["refund_link"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
