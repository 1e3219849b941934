"""Named read queries of the catalog. Each listing costs a fixed number of queries whatever the
catalog's size: prices and stock come as subqueries, photos in one prefetch."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.http import Http404
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as translated_language

from cestmoi.scripts import to_latin

from . import rules
from .models import (
    Category,
    Collection,
    ExchangeRate,
    FormerSlug,
    Product,
    ProductImage,
    Variant,
)
from .rules import ListingParams, Sort

# A copy of "simple" (no stemming: there is no Serbian stemmer) that drops diacritics with
# unaccent, so "minđuše", "minduse" and "MINĐUŠE" index alike; made in migration 0005.
# Query words get their Serbian case endings stripped in Python (rules.prefix_tsquery).
SEARCH_CONFIG = "catalog_search"
TYPO_SIMILARITY = 0.5
# When a search finds nothing, names this close are offered instead ("prsen" → "prsten").
NEAR_SIMILARITY = 0.3
# ts_headline marks matches with these; the view escapes the text, then turns them into <mark>.
MARK_START, MARK_STOP = "\u27e6", "\u27e7"


def search_vector() -> SearchVector:
    """What full-text search reads: both languages' columns. The GIN index in migration 0005
    is built from this very expression; PostgreSQL only uses it when the query repeats it."""
    return (
        SearchVector("name_en", "name_sr_latn", weight="A", config=SEARCH_CONFIG)
        + SearchVector(
            "material",
            "fineness",
            "stones_en",
            "stones_sr_latn",
            weight="B",
            config=SEARCH_CONFIG,
        )
        + SearchVector("description_en", "description_sr_latn", weight="C", config=SEARCH_CONFIG)
    )


def _in_shown_language(field: str) -> Coalesce:
    """The column of `field` that pages show now (Serbian for Cyrillic too), falling back to
    the other language when it is empty, as the model's translated attribute does."""
    shown = build_localized_fieldname(field, translated_language())
    other = next(
        build_localized_fieldname(field, language)
        for language in settings.MODELTRANSLATION_LANGUAGES
        if build_localized_fieldname(field, language) != shown
    )
    return Coalesce(NullIf(shown, Value("")), other)


def _name_similarity(text: str) -> Greatest:
    """How well `text` matches a word of the name in either language, diacritics aside."""
    return Greatest(
        *(
            TrigramWordSimilarity(text, Func(column, function="unaccent"))
            for column in ("name_en", "name_sr_latn")
        )
    )


def _active_variants():
    return Variant.objects.filter(product=OuterRef("pk"), is_active=True)


def _photos_prefetch() -> Prefetch:
    return Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk"))


def published_products() -> QuerySet[Product]:
    """Published products that can be offered (at least one active variant), with their
    lowest and highest active prices as `price_from` and `price_to`, and `in_stock`."""
    active = _active_variants()
    return (
        Product.objects.filter(is_published=True)
        .annotate(
            price_from=Subquery(active.order_by("price").values("price")[:1]),
            price_to=Subquery(active.order_by("-price").values("price")[:1]),
            in_stock=Exists(active.filter(stock__gt=0)),
        )
        .filter(price_from__isnull=False)
    )


def listing(products: QuerySet[Product], params: ListingParams) -> QuerySet[Product]:
    if params.material:
        products = products.filter(material=params.material)
    if params.price_min is not None:
        products = products.filter(price_from__gte=params.price_min)
    if params.price_max is not None:
        products = products.filter(price_from__lte=params.price_max)
    if params.in_stock:
        products = products.filter(in_stock=True)
    ordering = {
        Sort.NEWEST: ("-created_at", "-pk"),
        Sort.PRICE_ASC: ("price_from", "-pk"),
        Sort.PRICE_DESC: ("-price_from", "-pk"),
        Sort.RELEVANCE: ("-rank", "-created_at", "-pk"),
    }[params.sort]
    return products.order_by(*ordering).prefetch_related(_photos_prefetch())


def categories() -> list[Category]:
    return list(Category.objects.all())


def _by_any_slug(queryset: QuerySet, slug: str):
    """The object whose address in any language is `slug` (the active language's first), or
    else the one that had it before (a FormerSlug); None when there is none. The view
    redirects when the slug found is not the active language's."""
    found = list(queryset.filter(Q(slug=slug) | Q(slug_sr_latn=slug))[:2])
    found.sort(key=lambda candidate: candidate.url_slug() != slug)
    if found:
        return found[0]
    former = FormerSlug.objects.filter(kind=queryset.model._meta.model_name, slug=slug)
    return queryset.filter(pk__in=former.values("object_id")).first()


def category_with_descendants(slug: str, all_categories: list[Category]) -> list[Category]:
    """The category named by `slug` (in any language, or formerly) first, then every category
    below it (any depth)."""
    by_slug = {c.url_slug(): c for c in all_categories}
    current = by_slug.get(slug) or _by_any_slug(Category.objects.all(), slug)
    if current is None:
        raise Http404("No such category")
    current = next(c for c in all_categories if c.pk == current.pk)
    found = [current]
    for current in found:
        found.extend(c for c in all_categories if c.parent_id == current.pk)
    return found


def category_ancestors(category: Category, all_categories: list[Category]) -> list[Category]:
    by_id = {c.pk: c for c in all_categories}
    chain = []
    parent_id = category.parent_id
    while parent_id in by_id and len(chain) < len(all_categories):
        chain.insert(0, by_id[parent_id])
        parent_id = by_id[parent_id].parent_id
    return chain


def published_collections() -> list[Collection]:
    return list(Collection.objects.filter(is_published=True))


def collection_by_slug(slug: str) -> Collection:
    collection = _by_any_slug(Collection.objects.filter(is_published=True), slug)
    if collection is None:
        raise Http404("No such collection")
    return collection


def new_products(limit: int) -> list[Product]:
    return list(
        published_products()
        .order_by("-created_at", "-pk")
        .prefetch_related(_photos_prefetch())[:limit]
    )


def product_for_page(slug: str) -> Product:
    product = _by_any_slug(
        Product.objects.filter(is_published=True)
        .select_related("category__parent")
        .prefetch_related(
            _photos_prefetch(),
            Prefetch("variants", queryset=Variant.objects.filter(is_active=True)),
        ),
        slug,
    )
    if product is None or not product.variants.all():
        raise Http404("No such product")
    return product


def exchange_rate_current(today: datetime.date) -> ExchangeRate | None:
    """The newest rate not later than `today`: when a fetch failed, the last good one."""
    return ExchangeRate.objects.filter(date__lte=today).order_by("-date").first()


def low_stock_product_ids() -> QuerySet:
    return Variant.objects.filter(is_active=True, stock__lte=rules.LOW_STOCK_THRESHOLD).values(
        "product_id"
    )


def stock_totals() -> Coalesce:
    return Coalesce(
        Subquery(
            Variant.objects.filter(product=OuterRef("pk"), is_active=True)
            # modeltranslation's querysets make Meta.ordering explicit, which would group by it.
            .order_by()
            .values("product")
            .annotate(total=Sum("stock"))
            .values("total")
        ),
        Value(0),
    )


@dataclass(frozen=True)
class SearchResults:
    products: QuerySet[Product]
    terms: list[str]


def search(query: str, params: ListingParams) -> SearchResults:
    """Published products matching every word of `query`. On PostgreSQL: full-text search
    with word-prefix matching, plus trigram similarity on the name for typos ("neklace"),
    best matches first, with `name_marked` and `snippet_marked` for highlighting. Elsewhere a
    plain case-insensitive match of every word, without highlighting."""
    terms = rules.search_terms(query)
    products = published_products()
    if not terms:
        return SearchResults(products.none(), terms)
    if connection.vendor == "postgresql":
        tsquery = SearchQuery(rules.prefix_tsquery(terms), search_type="raw", config=SEARCH_CONFIG)
        text = " ".join(rules.search_fold(term) for term in terms)
        products = (
            products.annotate(
                name_similarity=_name_similarity(text),
                rank=SearchRank(search_vector(), tsquery) + F("name_similarity"),
                name_marked=SearchHeadline(
                    _in_shown_language("name"),
                    tsquery,
                    config=SEARCH_CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_STOP,
                    highlight_all=True,
                ),
                snippet_marked=SearchHeadline(
                    _in_shown_language("description"),
                    tsquery,
                    config=SEARCH_CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_STOP,
                    max_words=28,
                    min_words=12,
                ),
            )
            .alias(document=search_vector())
            # pg_trgm's own `%>` threshold (0.6) misses one-letter typos in short words;
            # 0.5 finds "neklace" in "Ivy Filigree Necklace" (0.55) but not "ring" in "engraving" (0.4).
            .filter(Q(document=tsquery) | Q(name_similarity__gte=TYPO_SIMILARITY))
        )
    else:
        # SQLite: a case-insensitive match in either language, a Cyrillic query read in Latin.
        for term in terms:
            matches = Q(material__icontains=term)
            for field in ("name", "description"):
                for language in settings.MODELTRANSLATION_LANGUAGES:
                    column = build_localized_fieldname(field, language)
                    for spelling in {term, to_latin(term)}:
                        matches |= Q(**{f"{column}__icontains": spelling})
            products = products.filter(matches)
        products = products.annotate(rank=Value(0.0, output_field=FloatField()))
    return SearchResults(listing(products, params), terms)


def search_near_matches(query: str, limit: int) -> list[Product]:
    """Published products whose name in either language comes nearest to `query`, for a
    search that found nothing. PostgreSQL only (trigrams); elsewhere none."""
    terms = rules.search_terms(query)
    if not terms or connection.vendor != "postgresql":
        return []
    text = " ".join(rules.search_fold(term) for term in terms)
    return list(
        published_products()
        .annotate(name_similarity=_name_similarity(text))
        .filter(name_similarity__gte=NEAR_SIMILARITY)
        .order_by("-name_similarity", "-pk")
        .prefetch_related(_photos_prefetch())[:limit]
    )
