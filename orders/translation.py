"""Courier names and delivery estimates in English and Serbian (Latin)."""

from modeltranslation.translator import TranslationOptions, register

from .models import DeliveryMethod


@register(DeliveryMethod)
class DeliveryMethodTranslationOptions(TranslationOptions):
    fields = ("name", "delivery_estimate")
