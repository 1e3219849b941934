"""Engraving: the text a customer asks to have engraved on a personalised piece. Pure rules (no
database, no settings): what an engraver can cut, how the typed text is tidied, how long it may
be. The engraver cuts Serbian in both scripts, so letters of the Latin and Cyrillic alphabets are
allowed (č ć ž š đ, љ њ џ ...), with digits, spaces, a few punctuation marks and a heart."""

import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# The most any product may allow: what fits around the inside of a ring band in the smallest
# letters the workshop cuts. A product's own limit (Product.engraving_max_length) is at most this.
MAX_ENGRAVING_LENGTH = 60
PUNCTUATION = ".,-'’&!?"
HEARTS = "♥❤"
# Emoji presentation selectors follow a typed ❤ on phones; they draw nothing on metal.
_INVISIBLE_SELECTORS = dict.fromkeys(map(ord, "\ufe0e\ufe0f"))


class EngravingError(ValueError):
    """The text cannot be engraved; the message says why, in the shopper's words."""


def engraving_offered(max_length: int | None) -> bool:
    """Whether a product with this limit asks for an engraving at all (0 or none: it does not)."""
    return bool(max_length)


def engraving_normalise(text: str) -> str:
    """The text as the engraver reads it: composed Unicode (a "č" typed as c + caron counts as
    one letter), without emoji selectors, every run of whitespace one space, no space at the
    ends. The case is the customer's: "ZAUVEK" stays in capitals."""
    composed = unicodedata.normalize("NFC", text).translate(_INVISIBLE_SELECTORS)
    return " ".join(composed.split())


def _is_engravable_letter(char: str) -> bool:
    if not char.isalpha():
        return False
    name = unicodedata.name(char, "")
    return name.startswith(("LATIN ", "CYRILLIC "))


def character_allowed(char: str) -> bool:
    return (
        _is_engravable_letter(char)
        or char in "0123456789 "
        or char in PUNCTUATION
        or char in HEARTS
    )


def _shown(char: str) -> str:
    """A refused character as the error message names it: invisible ones by their code."""
    return char if char.isprintable() else f"U+{ord(char):04X}"


def engraving_clean(text: str, *, max_length: int | None, required: bool) -> str:
    """The text to engrave, normalised, or EngravingError saying what is wrong. `max_length`
    is the product's limit (0 or None: the product is not engraved); `required`: a piece made
    to order cannot be made without its text."""
    cleaned = engraving_normalise(text)
    if not engraving_offered(max_length):
        if cleaned:
            raise EngravingError(_("This piece cannot be engraved."))
        return ""
    if not cleaned:
        if required:
            raise EngravingError(_("Please enter the text to engrave."))
        return ""
    refused = []
    for char in cleaned:
        if not character_allowed(char) and _shown(char) not in refused:
            refused.append(_shown(char))
    if refused:
        raise EngravingError(
            _(
                "These characters cannot be engraved: %(characters)s. Use letters (Latin or "
                "Cyrillic), digits, spaces, the marks %(punctuation)s and %(hearts)s."
            )
            % {
                "characters": " ".join(refused),
                "punctuation": " ".join(PUNCTUATION),
                "hearts": " ".join(HEARTS),
            }
        )
    limit = min(max_length, MAX_ENGRAVING_LENGTH)
    if len(cleaned) > limit:
        raise EngravingError(
            ngettext(
                "The engraving can be at most %(limit)d character long; yours has %(count)d.",
                "The engraving can be at most %(limit)d characters long; yours has %(count)d.",
                limit,
            )
            % {"limit": limit, "count": len(cleaned)}
        )
    return cleaned
