"""Catalog content in English and Serbian (Latin): django-modeltranslation adds a plain column
per language (name_en, name_sr_latn), so full-text indexes and listings read them directly."""

from django.utils.translation import get_language
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.translator import TranslationOptions, register

from cestmoi.scripts import in_active_script

from .models import Category, Collection, Product, ProductImage, Variant


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Collection)
class CollectionTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Product)
class ProductTranslationOptions(TranslationOptions):
    # The declaration's free texts too: a Serbian shopper reads "Srbija", "granat".
    fields = (
        "name",
        "description",
        "care_instructions",
        "stones",
        "dimensions",
        "country_of_origin",
        "manufacturer",
        "importer",
    )


@register(Variant)
class VariantTranslationOptions(TranslationOptions):
    fields = ("option",)


@register(ProductImage)
class ProductImageTranslationOptions(TranslationOptions):
    fields = ("alt_text",)


def _read_in_active_script(descriptor_get):
    """Serbian Cyrillic has no columns of its own: `product.name` read while it is active is
    the Serbian Latin text (modeltranslation's default language) transliterated, everywhere a
    translated field is read (pages, e-mails, PDFs, order snapshots). The per-language
    columns themselves (name_sr_latn, as the admin edits them) are never transliterated."""

    def __get__(self, instance, owner):
        value = descriptor_get(self, instance, owner)
        return value if instance is None else in_active_script(value, get_language())

    return __get__


TranslationFieldDescriptor.__get__ = _read_in_active_script(TranslationFieldDescriptor.__get__)
