from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname

from catalog import rules, selectors, services
from catalog.forms import ProductImageForm
from catalog.models import Category, Collection, Product, ProductImage, Variant
from catalog.templatetags.catalog import largest_jpeg_url
from catalog.translation import ProductTranslationOptions

# A published product shows these to every shopper: each must exist in both languages.
SHOPPER_FACING_FIELDS = ("name", "description")

# Each language's address from that language's name (the Serbian one reads "prsten-...").
SLUGS_FROM_NAMES = {"slug": ["name_en"], "slug_sr_latn": ["name_sr_latn"]}


def untranslated_languages(product: Product) -> list[str]:
    """The languages (their names) in which a shopper-facing text of `product` is empty."""
    names = dict(settings.LANGUAGES)
    return [
        str(names[language])
        for language in settings.MODELTRANSLATION_LANGUAGES
        if any(
            not getattr(product, build_localized_fieldname(field, language))
            for field in SHOPPER_FACING_FIELDS
            if field in ProductTranslationOptions.fields
        )
    ]


class LabelledInlineFormSet(BaseInlineFormSet):
    """Every input of a tabular inline row carries its column's name (the delete box too): a
    table header is no label to a screen reader, and axe counts such inputs unlabelled."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside the related links
            widget.attrs.setdefault("aria-label", field.label)


class LabelledTabularInline(TranslationTabularInline):
    formset = LabelledInlineFormSet


class VariantInline(LabelledTabularInline):
    model = Variant
    extra = 1
    fields = ["sku", "option", "price", "stock", "is_active", "position"]


class ProductImageInline(LabelledTabularInline):
    model = ProductImage
    form = ProductImageForm
    extra = 1
    fields = ["preview", "image", "alt_text", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if not obj.pk or not obj.image:
            return "—"
        thumb = obj.renditions[0]["jpeg"] if obj.renditions else obj.image.name
        return format_html(
            '<a href="{}"><img src="{}" alt="{}" class="admin-photo-preview" width="120"></a>',
            largest_jpeg_url(obj),
            obj.image.storage.url(thumb),
            obj.alt_text,
        )


class LowStockFilter(admin.SimpleListFilter):
    title = _("stock")
    parameter_name = "stock"

    def lookups(self, request, model_admin):
        return [
            ("low", _("Low (%(n)s or fewer of a variant)") % {"n": rules.LOW_STOCK_THRESHOLD}),
            ("out", _("A variant is sold out")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "low":
            return queryset.filter(pk__in=selectors.low_stock_product_ids())
        if self.value() == "out":
            return queryset.filter(variants__is_active=True, variants__stock=0).distinct()
        return queryset


@admin.register(Product)
class ProductAdmin(TranslationAdmin):
    """Each translated field shows once per language side by side (name [en], name
    [sr-latn]); Serbian is required, English falls back to it when left empty."""

    list_display = [
        "name",
        "category",
        "material",
        "total_stock",
        "is_published",
        "is_personalised",
        "created_at",
    ]
    list_filter = [
        "is_published",
        LowStockFilter,
        "is_personalised",
        "material",
        "category",
        "collections",
    ]
    list_select_related = ["category__parent"]
    search_fields = ["name", "slug", "slug_sr_latn", "variants__sku", "description"]
    prepopulated_fields = SLUGS_FROM_NAMES
    autocomplete_fields = ["category"]
    # Ticks, not the two-box filter widget: its script labels a plain <span> (an ARIA error).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    date_hierarchy = "created_at"
    actions = ["publish", "unpublish"]
    inlines = [VariantInline, ProductImageInline]
    list_per_page = 50
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "slug_sr_latn", "category", "collections", "is_published"]},
        ),
        (_("Text"), {"fields": ["description", "care_instructions"]}),
        (
            _("Declaration"),
            {
                "fields": [
                    "material",
                    "fineness",
                    "stones",
                    "weight_grams",
                    "dimensions",
                    "country_of_origin",
                    "manufacturer",
                    "importer",
                ]
            },
        ),
        (_("Engraving and withdrawal"), {"fields": ["is_personalised", "engraving_max_length"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(stock_sum=selectors.stock_totals())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        product = self.get_object(request, object_id) if request.method == "GET" else None
        if product is not None:
            self._warn_if_untranslated(request, product)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._warn_if_untranslated(request, obj)

    def _warn_if_untranslated(self, request, product):
        missing = untranslated_languages(product)
        if product.is_published and missing:
            self.message_user(
                request,
                _(
                    "“%(product)s” is published but its name or description is missing in: "
                    "%(languages)s. Shoppers reading that language see the other one."
                )
                % {"product": product, "languages": ", ".join(missing)},
                messages.WARNING,
            )

    @admin.display(description=_("stock"), ordering="stock_sum")
    def total_stock(self, obj):
        return obj.stock_sum

    def save_formset(self, request, form, formset, change):
        if formset.model is not ProductImage:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for photo in formset.deleted_objects:
            photo.delete()
        for photo_form in formset.forms:
            if photo_form in formset.deleted_forms or not photo_form.has_changed():
                continue
            upload = (
                photo_form.cleaned_data.get("image") if "image" in photo_form.changed_data else None
            )
            services.product_image_save(photo=photo_form.instance, upload=upload)
        return None

    @admin.action(description=_("Publish the selected products"))
    def publish(self, request, queryset):
        self._report(request, services.products_set_published(products=queryset, published=True))

    @admin.action(description=_("Unpublish the selected products"))
    def unpublish(self, request, queryset):
        self._report(request, services.products_set_published(products=queryset, published=False))

    def _report(self, request, count):
        self.message_user(
            request,
            ngettext("%(count)d product changed.", "%(count)d products changed.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "parent", "position", "slug"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "slug_sr_latn"]
    prepopulated_fields = SLUGS_FROM_NAMES
    autocomplete_fields = ["parent"]
    list_editable = ["position"]


@admin.register(Collection)
class CollectionAdmin(TranslationAdmin):
    list_display = ["name", "is_published", "position", "slug"]
    list_filter = ["is_published"]
    search_fields = ["name", "slug", "slug_sr_latn"]
    prepopulated_fields = SLUGS_FROM_NAMES
    list_editable = ["is_published", "position"]


@admin.register(Variant)
class VariantAdmin(admin.ModelAdmin):
    """Stock keeping across products: find what runs low and restock it in place."""

    list_display = ["sku", "product", "option", "price", "stock", "is_active"]
    list_editable = ["stock", "is_active"]
    list_filter = ["is_active", "product__material"]
    list_select_related = ["product"]
    search_fields = ["sku", "product__name"]
    autocomplete_fields = ["product"]
    ordering = ["stock", "sku"]
