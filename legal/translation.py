"""Legal texts in English and Serbian (Latin): each version holds its text per language;
Serbian Cyrillic is transliterated from the Latin text when read (catalog.translation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import LegalDocument


@register(LegalDocument)
class LegalDocumentTranslationOptions(TranslationOptions):
    fields = ("title", "body")
