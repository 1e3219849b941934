"""Canonical addresses, sharing tags and schema.org data for search engines."""

from django.conf import settings
from django.utils.text import Truncator

from .templatetags.catalog import largest_jpeg_url

META_DESCRIPTION_CHARS = 155


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def canonical(path: str, page_number: int = 1) -> str:
    return absolute_url(f"{path}?page={page_number}" if page_number > 1 else path)


def meta_description(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(META_DESCRIPTION_CHARS)


def product_meta(product, photos, variants) -> dict:
    url = absolute_url(product.get_absolute_url())
    image_urls = [absolute_url(largest_jpeg_url(photo)) for photo in photos]
    prices = [variant.price for variant in variants]
    available = any(variant.is_available for variant in variants)
    availability = "https://schema.org/" + ("InStock" if available else "OutOfStock")
    if len(variants) == 1:
        offers = {
            "@type": "Offer",
            "url": url,
            "sku": variants[0].sku,
            "price": str(variants[0].price),
            "priceCurrency": "RSD",
            "availability": availability,
        }
    else:
        offers = {
            "@type": "AggregateOffer",
            "url": url,
            "lowPrice": str(min(prices)),
            "highPrice": str(max(prices)),
            "offerCount": len(variants),
            "priceCurrency": "RSD",
            "availability": availability,
        }
    description = meta_description(product.description)
    return {
        "canonical_url": url,
        "description": description,
        "og_image": image_urls[0] if image_urls else "",
        "jsonld": {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": product.name,
            "description": description,
            "url": url,
            "image": image_urls,
            "material": product.get_material_display(),
            "brand": {"@type": "Brand", "name": "C'est Moi Art Jewelry"},
            "offers": offers,
        },
    }
