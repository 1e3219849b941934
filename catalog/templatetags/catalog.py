import json

from django import template
from django.core.files.storage import default_storage
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalog.selectors import MARK_START, MARK_STOP
from cestmoi.formatting import amount as local_amount
from cestmoi.scripts import in_active_script

register = template.Library()

# JSON inside <script> must not be able to close the element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def price(context, amount):
    """A dinar price, followed by "≈ €X" when the visitor chose euros."""
    display = context.get("price_display")
    rsd = format_html(
        '<span class="price-rsd">{} <abbr title="{}">RSD</abbr></span>',
        local_amount(amount),
        _("Serbian dinars, VAT included"),
    )
    if display is None or not display.shows_eur:
        return rsd
    return format_html(
        '{} <span class="price-eur">≈ €{}</span>', rsd, local_amount(display.eur(amount))
    )


@register.filter
def marked(text):
    """Escape `text`, then show the search matches PostgreSQL or the view marked as <mark>.
    The marked text comes from a Latin column: Cyrillic pages transliterate it."""
    escaped = str(conditional_escape(in_active_script(str(text), get_language())))
    # The text is escaped first; only our own marks become tags.
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))  # nosec B308 B703: see the comment above


@register.filter
def ld_json(data):
    """Serialise `data` for a `<script type="application/ld+json">` data block."""
    # The escapes make <, > and & inert inside the script element.
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # nosec B308 B703: see the comment above


@register.inclusion_tag("catalog/_picture.html")
def picture(photo, sizes="100vw", loading="lazy", css_class=""):
    renditions = photo.renditions or []
    if not renditions:
        return {"photo": photo, "fallback": None}
    # The middle rendition is the fallback: good enough for any browser without srcset.
    fallback = renditions[len(renditions) // 2]
    return {
        "photo": photo,
        "fallback": {
            "src": default_storage.url(fallback["jpeg"]),
            "width": fallback["width"],
            "height": fallback["height"],
        },
        "webp_srcset": ", ".join(
            f"{default_storage.url(r['webp'])} {r['width']}w" for r in renditions
        ),
        "jpeg_srcset": ", ".join(
            f"{default_storage.url(r['jpeg'])} {r['width']}w" for r in renditions
        ),
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
    }


@register.simple_tag
def largest_jpeg_url(photo):
    if photo.renditions:
        return default_storage.url(photo.renditions[-1]["jpeg"])
    return default_storage.url(photo.image.name)


@register.simple_tag
def thumbnail_url(photo):
    """The photo's square thumbnail; a photo stored before thumbnails existed (or whose file
    could not be read) shows its smallest rendition instead."""
    if photo.thumbnail:
        return photo.thumbnail.url
    if photo.renditions:
        return default_storage.url(photo.renditions[0]["jpeg"])
    return default_storage.url(photo.image.name)
