from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .. import rules
from ..couriers import CourierError
from ..models import CourierBackendChoice, CustomerBlock, DeliveryMethod, Order, OrderLine, Payment
from ..services.blocks import customer_block, customer_block_lift
from ..services.couriers import courier_test_notice_send
from . import attention  # noqa: F401 - registers the "needs attention" list
from .base import ReadOnlyInline
from .documents import OrderDocumentInline, emails_sent
from .fraud import fraud_flags_of_order
from .pipeline import DeliveryRiskFilter, OrderPipelineMixin, delivery_risk_of
from .refunds import CourierNotificationInline, RefundAdminMixin, RefundInline


class DeliveryMethodForm(forms.ModelForm):
    # Declared for assume_scheme: an address typed without a scheme means https.
    courier_api_url = forms.URLField(
        label=_("courier's API URL"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_(
            "Required for notices by the courier's web API: the address the shop posts "
            "each pick-up request to (https://…)."
        ),
    )

    class Meta:
        model = DeliveryMethod
        fields = (
            "name",
            "price",
            "delivery_estimate",
            "tracking_url_template",
            "is_active",
            "position",
            "notification_backend",
            "courier_email",
            "courier_api_url",
        )
        help_texts = {
            "notification_backend": _(
                "How the shop tells the courier that a parcel is ready to be picked up. "
                "“No automatic notice”: staff call or write to the courier themselves."
            ),
            "courier_email": _(
                "Required for notices by e-mail: the pick-up request with the shipping label "
                "PDF goes to this address."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        backend = cleaned.get("notification_backend")
        # A typed value that is no address or URL at all already has its error.
        has_email = bool(cleaned.get("courier_email")) or "courier_email" in self.errors
        if backend == CourierBackendChoice.EMAIL and not has_email:
            self.add_error(
                "courier_email", _("Give the courier's e-mail address: notices are sent there.")
            )
        url = cleaned.get("courier_api_url")
        if url and not settings.DEBUG and not url.startswith("https://"):
            # In production the recipient's name, phone and address travel only over https.
            self.add_error("courier_api_url", _("The courier's API URL must start with https://."))
        elif url and not url.startswith(("http://", "https://")):
            self.add_error(
                "courier_api_url", _("The courier's API URL must start with https:// or http://.")
            )
        elif (
            backend == CourierBackendChoice.HTTP
            and not url
            and "courier_api_url" not in self.errors
        ):
            self.add_error(
                "courier_api_url", _("Give the courier's API URL: notices are posted there.")
            )
        return cleaned


@admin.register(DeliveryMethod)
class DeliveryMethodAdmin(TranslationAdmin):
    form = DeliveryMethodForm
    list_display = (
        "name",
        "price",
        "delivery_estimate",
        "notification_backend",
        "is_active",
        "position",
    )
    list_editable = ("is_active", "position")
    actions = ("send_test_notice",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "price",
                    "delivery_estimate",
                    "tracking_url_template",
                    "is_active",
                    "position",
                )
            },
        ),
        (
            _("Courier notification"),
            {
                "fields": ("notification_backend", "courier_email", "courier_api_url"),
                "description": _(
                    "When an order is ready to ship, the courier is asked to pick it up. "
                    "After saving, check the set-up with the list's action “Send a TEST "
                    "pick-up notice”."
                ),
            },
        ),
    )

    @admin.action(description=_("Send a TEST pick-up notice"), permissions=("change",))
    def send_test_notice(self, request, queryset):
        for method in queryset:
            try:
                shipment = courier_test_notice_send(method_id=method.pk, actor=request.user)
            except CourierError as error:
                self.message_user(
                    request,
                    _("The test notice to %(courier)s failed: %(error)s")
                    % {"courier": method.name, "error": error},
                    messages.ERROR,
                )
            else:
                self.log_change(request, method, _("Test pick-up notice sent."))
                self.message_user(
                    request,
                    _("A test notice (%(number)s) was sent to %(courier)s by %(backend)s.")
                    % {
                        "number": shipment.order_number,
                        "courier": method.name,
                        "backend": method.get_notification_backend_display(),
                    },
                    messages.SUCCESS,
                )


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ("product_name", "option", "engraving", "sku", "unit_price", "quantity", "line_total")
    readonly_fields = fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = (
        "provider",
        "provider_payment_id",
        "status",
        "currency",
        "amount_rsd",
        "amount_eur",
        "eur_rsd_rate",
        "rate_date",
        "amount_refunded",
        "created_at",
        "paid_at",
    )
    readonly_fields = fields


class OrderChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # Only the columns the list shows: the list stays one query per page at any size.
        return super().get_queryset(request, exclude_parameters).only(*OrderAdmin.list_columns)


@admin.register(Order)
class OrderAdmin(RefundAdminMixin, OrderPipelineMixin, admin.ModelAdmin):
    """Orders are contracts: what the customer accepted is shown, never edited here. Staff
    change an order's status only through the pipeline buttons (admin_pipeline) and refund
    through the refund form (admin_refunds)."""

    # Status and total come right after the number so that they stay in view at 1280 px; the
    # e-mail and courier are on the order's page and in the search.
    list_display = (
        "number",
        "status",
        "total",
        "money_status",
        "created_at",
        "full_name",
        "days_since_purchase",
        "delivery_risk",
    )
    list_columns = (
        "number",
        "created_at",
        "full_name",
        "email",
        "total",
        "status",
        "money_status",
        "delivery_name",
        "paid_at",
    )
    list_filter = (
        "status",
        "money_status",
        DeliveryRiskFilter,
        "created_at",
        "delivery_method",
    )
    search_fields = ("number", "full_name", "email", "phone")
    search_help_text = _("Order number, name, e-mail address or phone (+381…).")
    list_select_related = False
    list_per_page = 50
    # No date_hierarchy: its year/month/day links cost a scan of every order per page view
    # (60-170 ms at 100,000 orders); the "placed at" filter covers dates.
    # The exact count of a search over 100,000 orders costs a query of its own.
    show_full_result_count = False
    inlines = (
        OrderLineInline,
        PaymentInline,
        RefundInline,
        CourierNotificationInline,
        OrderDocumentInline,
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "number",
                    "status",
                    "money_status",
                    "stock_reservation",
                    "reserved_until",
                    "user",
                )
            },
        ),
        (
            _("Shipping"),
            {"fields": ("shipped_at", "tracking_number", "tracking_url", "delivered_on")},
        ),
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
        (
            _("Contract"),
            {"fields": ("terms", "terms_language", "terms_accepted_at", "created_at", "paid_at")},
        ),
        (_("E-mails sent to the customer"), {"fields": ("emails_sent",)}),
        (_("Suspected fraud"), {"fields": ("suspected_fraud",)}),
    )

    emails_sent = emails_sent
    suspected_fraud = fraud_flags_of_order

    def get_changelist(self, request, **kwargs):
        return OrderChangeList

    def get_fieldsets(self, request, obj=None):
        # The e-mail log is shown only to staff who may read it (not the privacy officer).
        if request.user.has_perm("paperwork.view_sentemail"):
            return self.fieldsets
        return [
            fieldset for fieldset in self.fieldsets if "emails_sent" not in fieldset[1]["fields"]
        ]

    @admin.display(description=_("days since purchase"))
    def days_since_purchase(self, order):
        if order.paid_at is None:
            return "–"
        return rules.days_since_purchase(order.paid_at, timezone.localdate())

    @admin.display(description=_("deadline"))
    def delivery_risk(self, order):
        risk = delivery_risk_of(order, timezone.localdate())
        if risk is None or risk == rules.DeliveryRisk.OK:
            return ""
        return format_html('<span class="risk risk-{}">{}</span>', risk, risk.label)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Order._meta.fields] + [
            "refund_link",
            "emails_sent",
            "suspected_fraud",
        ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CustomerBlockForm(forms.ModelForm):
    class Meta:
        model = CustomerBlock
        fields = ("email", "user", "reason")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("user"):
            raise ValidationError(_("Give the e-mail address or the account to block."))
        return cleaned


@admin.register(CustomerBlock)
class CustomerBlockAdmin(admin.ModelAdmin):
    """Blocks are added and lifted here, never edited or deleted; admin's history logs each."""

    form = CustomerBlockForm
    list_display = ("__str__", "user", "reason", "created_at", "created_by", "lifted_at")
    list_filter = (("lifted_at", admin.EmptyFieldListFilter),)
    search_fields = ("email", "user__email", "reason")
    raw_id_fields = ("user",)
    actions = ("lift_blocks",)
    fields = ("email", "user", "reason", "created_at", "created_by", "lifted_at", "lifted_by")
    readonly_fields = ("created_at", "created_by", "lifted_at", "lifted_by")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return self.fields
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        block = customer_block(
            email=obj.email, user=obj.user, reason=obj.reason, actor=request.user
        )
        obj.pk = block.pk

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Lift the selected blocks"), permissions=("change",))
    def lift_blocks(self, request, queryset):
        for block in queryset.filter(lifted_at__isnull=True):
            customer_block_lift(block_id=block.pk, actor=request.user)
            self.log_change(request, block, _("Block lifted."))
        self.message_user(request, _("The blocks were lifted."))
