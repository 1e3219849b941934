"""Pure catalog rules: reading listing parameters, stock wording, search terms. No database,
no clock, no settings."""

import datetime
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cestmoi.scripts import to_latin

PAGE_SIZE = 24
# Stock at or below this (but above zero) shows "only N left" and the admin's low-stock filter.
LOW_STOCK_THRESHOLD = 2
MAX_PRICE = Decimal("99999999.99")
MAX_QUERY_LENGTH = 100
MAX_PAGE = 10_000


class Sort:
    NEWEST = "newest"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    RELEVANCE = "relevance"
    LISTING = (NEWEST, PRICE_ASC, PRICE_DESC)


@dataclass(frozen=True)
class ListingParams:
    material: str = ""
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    in_stock: bool = False
    sort: str = Sort.NEWEST
    page: int = 1

    def cache_key(self) -> str:
        return "|".join(
            str(part)
            for part in (
                self.material,
                self.price_min,
                self.price_max,
                int(self.in_stock),
                self.sort,
                self.page,
            )
        )

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.material
            or self.price_min is not None
            or self.price_max is not None
            or self.in_stock
        )


def _first(params: Mapping, name: str) -> str:
    value = params.get(name, "")
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return str(value).strip()


def parse_price(raw: str) -> Decimal | None:
    """A price bound from a query string: a non-negative amount of dinars, or None when the
    text is not a usable number (shoppers type "5000", "5.000,00" is not guessed at)."""
    if not raw or len(raw) > 20:
        return None
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0:
        return None
    return min(value, MAX_PRICE).quantize(Decimal("0.01"))


def parse_page(raw: str) -> int:
    if not raw.isascii() or not raw.isdigit():
        return 1
    return min(max(int(raw[:6]), 1), MAX_PAGE)


def parse_listing_params(
    params: Mapping, *, materials: Iterable[str], sorts: Iterable[str] = Sort.LISTING
) -> ListingParams:
    """Turn a (possibly nonsense) query string into listing parameters. Anything unusable
    falls back to its default, so a listing always renders."""
    material = _first(params, "material")
    sort = _first(params, "sort")
    sorts = tuple(sorts)
    price_min = parse_price(_first(params, "price_min"))
    price_max = parse_price(_first(params, "price_max"))
    if price_min is not None and price_max is not None and price_min > price_max:
        price_min, price_max = price_max, price_min
    return ListingParams(
        material=material if material in set(materials) else "",
        price_min=price_min,
        price_max=price_max,
        in_stock=_first(params, "in_stock") in {"1", "on", "true", "yes"},
        sort=sort if sort in sorts else sorts[0],
        page=parse_page(_first(params, "page")),
    )


def clean_search_query(raw: str) -> str:
    """The search text as typed, without control characters (PostgreSQL refuses NUL) and
    shortened to a sane length."""
    text = "".join(ch for ch in str(raw) if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search_terms(query: str) -> list[str]:
    """Words worth searching for, lower-cased, without duplicates, at most eight."""
    terms: list[str] = []
    for word in re.findall(r"\w+", query.lower()):
        if word not in terms:
            terms.append(word)
    return terms[:8]


# Serbian inflects nouns and adjectives by case ("prsten", "prstena", "prstenom", "prstenje")
# and PostgreSQL has no Serbian stemmer: a query word is also searched as its stem, the word
# without one of these endings, as a prefix. Longest ending first; written without diacritics
# because words are folded before (as PostgreSQL's unaccent folds the catalog's text).
CASE_ENDINGS = sorted(
    {
        # nouns: genitive/dative/instrumental/plural and collective ("prstenje")
        "ovima", "evima", "ovi", "evi", "ova", "eva", "ove", "eve", "ima", "ama",
        "om", "em", "je", "u", "a", "e", "i", "o",
        # adjectives ("srebrni", "zlatna", "srebrnog")
        "nog", "nom", "nim", "nih", "noj", "ni", "na", "ne", "no", "nu",
        "og", "oj", "ih", "im",
    },
    key=len,
    reverse=True,
)  # fmt: skip
MIN_STEM_LENGTH = 4
_WITHOUT_DIACRITICS = str.maketrans("šđčćžŠĐČĆŽ", "sdcczSDCCZ")


def search_fold(word: str) -> str:
    """A query word as the catalog's text is indexed: lower case, Latin (a Cyrillic query
    reads the same), without diacritics ("minđuše" → "minduse")."""
    return to_latin(word).lower().translate(_WITHOUT_DIACRITICS)


def serbian_stem(folded: str) -> str:
    """`folded` without its case ending, when enough of the word stays to mean something."""
    for ending in CASE_ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= MIN_STEM_LENGTH:
            return folded[: -len(ending)]
    return folded


def search_forms(word: str) -> list[str]:
    """The prefixes that find `word` in any case ending, with or without diacritics: shoppers
    without a Serbian keyboard write đ as "dj" ("mindjuse") or "d" ("minduse")."""
    folded = search_fold(word)
    forms = []
    for spelling in (folded, folded.replace("dj", "d")):
        for form in (spelling, serbian_stem(spelling)):
            if form not in forms:
                forms.append(form)
    return forms


def prefix_tsquery(terms: Iterable[str]) -> str:
    """A PostgreSQL raw tsquery matching every term as a word prefix in any of its forms
    ("ring" finds "rings", "prstenje" finds "prsten", "mindjuse" finds "minđuše"). Terms come
    from `search_terms`, so only word characters reach the query syntax."""
    return " & ".join(
        "(" + " | ".join(f"{form}:*" for form in search_forms(term)) + ")" for term in terms
    )


class StockStatus:
    IN_STOCK = "in_stock"
    LOW = "low"
    SOLD_OUT = "sold_out"


def serbian_slug(name: str) -> str:
    """A Serbian address from a Serbian Latin name: "Viseće minđuše" → "visece-mindjuse"
    (slugify alone drops "đ", which has no decomposed form, and would give "minuse")."""
    return slugify(name.replace("đ", "dj").replace("Đ", "Dj"))


def stock_status(stock: int) -> str:
    if stock <= 0:
        return StockStatus.SOLD_OUT
    if stock <= LOW_STOCK_THRESHOLD:
        return StockStatus.LOW
    return StockStatus.IN_STOCK


def stock_change_shows(before: int, after: int) -> bool:
    """Whether a product page reads differently after a variant's stock went from `before` to
    `after` units. Pages name a number only at LOW_STOCK_THRESHOLD or fewer ("only 2 left",
    "sold out"); above it they say "in stock" whatever the number. The product's total is at
    least the variant's own stock, so the total looks low only when the variant does."""
    return before != after and min(before, after) <= LOW_STOCK_THRESHOLD


def first_available(variants):
    """The option the product page preselects: the first one that can be bought, so a
    sold-out first size never leaves the picker empty; None when nothing is in stock."""
    return next((variant for variant in variants if variant.is_available), None)


def shortage_message(variant) -> str:
    """What the shopper is told when they want more of `variant` (a Variant: its `stock` and
    its name) than is in stock; the cart and the checkout both say it."""
    if variant.stock <= 0:
        return _("%(item)s is sold out.") % {"item": variant}
    return ngettext(
        "Only %(count)d piece of %(item)s is left.",
        "Only %(count)d pieces of %(item)s are left.",
        variant.stock,
    ) % {"count": variant.stock, "item": variant}


# The NBS middle rate has stayed between 110 and 125 dinars for years; anything outside this
# band is a broken feed, not news, and must not reach prices.
PLAUSIBLE_EUR_RSD = (Decimal("50"), Decimal("500"))


def parse_rate_payload(payload: object, *, today: datetime.date) -> tuple[datetime.date, Decimal]:
    """(date, RSD per EUR) from the rate feed's JSON, shaped like kurs.resenje.org's
    `{"code": "EUR", "date": "2025-01-31", "exchange_middle": 117.1234}` (numbers parsed as
    Decimal). Raises ValueError for anything else."""
    if not isinstance(payload, dict):
        raise ValueError("The rate feed did not return a JSON object.")
    if str(payload.get("code", "EUR")).upper() != "EUR":
        raise ValueError(f"The rate feed returned {payload.get('code')!r}, not EUR.")
    raw_rate = payload.get("exchange_middle", payload.get("middle_rate"))
    try:
        rate = Decimal(str(raw_rate))
    except (InvalidOperation, TypeError):
        raise ValueError(f"The rate feed's middle rate {raw_rate!r} is not a number.") from None
    if not rate.is_finite() or not PLAUSIBLE_EUR_RSD[0] <= rate <= PLAUSIBLE_EUR_RSD[1]:
        raise ValueError(f"The rate feed's middle rate {rate} is not plausible.")
    raw_date = payload.get("date")
    try:
        date = datetime.date.fromisoformat(str(raw_date)) if raw_date else today
    except ValueError:
        raise ValueError(f"The rate feed's date {raw_date!r} is not a date.") from None
    if date > today:
        raise ValueError(f"The rate feed dates its rate {date}, after today ({today}).")
    return date, rate.quantize(Decimal("0.0001"))


def page_window(current: int, total: int, radius: int = 2) -> list[int | None]:
    """Page numbers to link: the first, the last and those near `current`; None marks a gap."""
    if total <= 1:
        return []
    shown = sorted({1, total, *range(max(1, current - radius), min(total, current + radius) + 1)})
    window: list[int | None] = []
    for number in shown:
        if window and number - window[-1] > 1:
            window.append(None)
        window.append(number)
    return window


@dataclass(frozen=True)
class RingSize:
    size: str
    circumference_mm: Decimal
    diameter_mm: Decimal


_RING_SIZE_OPTION = re.compile(r"^\D+\s(\d{2})$")


def ring_sizes(options: list[str]) -> list[RingSize]:
    """The ring sizes among variant options ("Size 54", "Veličina 54"): a European ring size is
    the inner circumference in millimetres. Empty for products not sold in ring sizes (chain
    lengths such as "45 cm" end in a unit, not a size)."""
    sizes = []
    for option in options:
        match = _RING_SIZE_OPTION.match(option.strip())
        if match:
            circumference = Decimal(match[1])
            diameter = (circumference / Decimal(str(math.pi))).quantize(Decimal("0.1"))
            sizes.append(RingSize(match[1], circumference, diameter))
    return sizes
