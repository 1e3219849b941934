"""Shop pages. Each page's expensive part (queries plus the HTML of the product grid or the
product's description) is built once per catalog version, language and price display and then
served from Redis; only the layout and anything per-visitor (the CSRF token in forms) is
rendered on every request."""

from collections.abc import Callable

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cestmoi.redirects import posted_next_or

from . import rules, selectors, seo
from .cache import cached, product_stock_key
from .display import CURRENCIES, CURRENCY_COOKIE, price_display_for
from .models import Material
from .page_cache import CSRF_PLACEHOLDER, LISTINGS
from .rules import ListingParams, Sort

NEW_PRODUCTS_ON_HOME = 8
NEAR_MATCHES_SHOWN = 4
CURRENCY_COOKIE_MAX_AGE = 365 * 24 * 3600


def _sort_choices(with_relevance: bool):
    choices = [
        (Sort.NEWEST, _("Newest")),
        (Sort.PRICE_ASC, _("Price: low to high")),
        (Sort.PRICE_DESC, _("Price: high to low")),
    ]
    return [(Sort.RELEVANCE, _("Best match")), *choices] if with_relevance else choices


def _query_string(params: ListingParams, default_sort: str, extra: dict, page: int) -> str:
    """The query string of a listing link: only non-default values, in a stable order."""
    values = dict(extra)
    if params.material:
        values["material"] = params.material
    if params.price_min is not None:
        values["price_min"] = params.price_min
    if params.price_max is not None:
        values["price_max"] = params.price_max
    if params.in_stock:
        values["in_stock"] = "1"
    if params.sort != default_sort:
        values["sort"] = params.sort
    if page > 1:
        values["page"] = page
    return f"?{urlencode(values)}" if values else ""


def _listing_html(*, products, params, display, path, extra_query=None, with_relevance=False):
    """The filter form, product grid and page links of a listing, rendered to HTML."""
    extra_query = extra_query or {}
    default_sort = Sort.RELEVANCE if with_relevance else Sort.NEWEST
    page = Paginator(products, rules.PAGE_SIZE).get_page(params.page)
    links = [
        (number, f"{path}{_query_string(params, default_sort, extra_query, number or 1)}")
        for number in rules.page_window(page.number, page.paginator.num_pages)
    ]
    html = render_to_string(
        "catalog/_listing.html",
        {
            "page": page,
            "products": page.object_list,
            "params": params,
            "path": path,
            "extra_query": extra_query,
            "page_links": links,
            "materials": Material.choices,
            "sorts": _sort_choices(with_relevance),
            "price_display": display,
            "prev_url": page.has_previous()
            and f"{path}{_query_string(params, default_sort, extra_query, page.previous_page_number())}",
            "next_url": page.has_next()
            and f"{path}{_query_string(params, default_sort, extra_query, page.next_page_number())}",
            "clear_url": f"{path}{_query_string(ListingParams(sort=default_sort), default_sort, extra_query, 1)}",
        },
    )
    return html, page


def _page(request, template: str, context: Callable[[], dict]):
    """Render `template`. A page that the middleware stores whole (`page_cache.py`) is rendered
    with a placeholder where each visitor's own CSRF token goes, and handed to it as well."""
    if not getattr(request, "whole_page_cached", False):
        return render(request, template, context())
    html = render_to_string(
        template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request
    )
    response = HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
    response.page_html = html
    return response


class _AddressMoved(Exception):
    """The page was asked for by a slug that is not the active language's (another language's,
    or a former one): the view answers with a permanent redirect to `url`."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def _answer_at(found, slug: str) -> None:
    if found.url_slug() != slug:
        raise _AddressMoved(found.get_absolute_url())


def _moved(request, moved: _AddressMoved) -> HttpResponse:
    query = request.GET.urlencode()
    response = HttpResponsePermanentRedirect(f"{moved.url}?{query}" if query else moved.url)
    # The target depends on the chosen language (its cookie or the browser's preference).
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def _listing_params(request, *, with_relevance=False) -> ListingParams:
    sorts = (Sort.RELEVANCE, *Sort.LISTING) if with_relevance else Sort.LISTING
    return rules.parse_listing_params(request.GET, materials=Material.values, sorts=sorts)


@require_GET
def home(request):
    display = price_display_for(request)

    def build():
        return {
            "body_html": render_to_string(
                "catalog/_home_body.html",
                {
                    "categories": selectors.categories(),
                    "collections": selectors.published_collections(),
                    "new_products": selectors.new_products(NEW_PRODUCTS_ON_HOME),
                    "price_display": display,
                },
            )
        }

    parts = [get_language(), display.cache_key()]
    return _page(
        request,
        "catalog/home.html",
        lambda: {
            **cached("home", parts, build, tokens=LISTINGS),
            "price_display": display,
            "canonical_url": seo.absolute_url("/"),
        },
    )


@require_GET
def category(request, slug):
    params = _listing_params(request)
    display = price_display_for(request)

    def build():
        all_categories = selectors.categories()
        tree = selectors.category_with_descendants(slug, all_categories)
        current = tree[0]
        _answer_at(current, slug)
        products = selectors.listing(
            selectors.published_products().filter(category__in=[c.pk for c in tree]), params
        )
        html, page = _listing_html(
            products=products, params=params, display=display, path=current.get_absolute_url()
        )
        return {
            "category": current,
            "ancestors": selectors.category_ancestors(current, all_categories),
            "subcategories": [c for c in all_categories if c.parent_id == current.pk],
            "listing_html": html,
            "canonical_url": seo.canonical(current.get_absolute_url(), page.number),
        }

    parts = [slug, params.cache_key(), get_language(), display.cache_key()]
    try:
        return _page(
            request,
            "catalog/category.html",
            lambda: {
                **cached("category", parts, build, tokens=LISTINGS),
                "price_display": display,
            },
        )
    except _AddressMoved as moved:
        return _moved(request, moved)


@require_GET
def collection(request, slug):
    params = _listing_params(request)
    display = price_display_for(request)

    def build():
        current = selectors.collection_by_slug(slug)
        _answer_at(current, slug)
        products = selectors.listing(
            selectors.published_products().filter(collections=current), params
        )
        html, page = _listing_html(
            products=products, params=params, display=display, path=current.get_absolute_url()
        )
        return {
            "collection": current,
            "listing_html": html,
            "canonical_url": seo.canonical(current.get_absolute_url(), page.number),
        }

    parts = [slug, params.cache_key(), get_language(), display.cache_key()]
    try:
        return _page(
            request,
            "catalog/collection.html",
            lambda: {
                **cached("collection", parts, build, tokens=LISTINGS),
                "price_display": display,
            },
        )
    except _AddressMoved as moved:
        return _moved(request, moved)


@require_GET
def search(request):
    query = rules.clean_search_query(request.GET.get("q", ""))
    params = _listing_params(request, with_relevance=True)
    display = price_display_for(request)

    def build():
        results = selectors.search(query, params)
        html, page = _listing_html(
            products=results.products,
            params=params,
            display=display,
            path=request.path,
            extra_query={"q": query},
            with_relevance=True,
        )
        if page.object_list or params.is_filtered:
            return {"listing_html": html}
        # Nothing found: offer the nearest names and the way into the categories instead.
        return {
            "listing_html": html,
            "near_matches": selectors.search_near_matches(query, NEAR_MATCHES_SHOWN),
            "top_categories": [c for c in selectors.categories() if c.parent_id is None],
        }

    parts = [query, params.cache_key(), get_language(), display.cache_key()]
    return _page(
        request,
        "catalog/search.html",
        lambda: {
            **(
                cached("search", parts, build, tokens=LISTINGS) if rules.search_terms(query) else {}
            ),
            "query": query,
            "price_display": display,
        },
    )


@require_GET
def product(request, slug):
    display = price_display_for(request)

    def build():
        item = selectors.product_for_page(slug)
        _answer_at(item, slug)
        variants = list(item.variants.all())
        prices = [variant.price for variant in variants]
        stock_total = sum(variant.stock for variant in variants)
        context = {
            "product": item,
            "photos": list(item.images.all()),
            "variants": variants,
            "price_from": min(prices),
            "price_to": max(prices),
            "stock_total": stock_total,
            "stock_status": rules.stock_status(stock_total),
            "price_display": display,
            "ancestors": [c for c in (item.category.parent, item.category) if c],
            "ring_sizes": rules.ring_sizes([variant.option for variant in variants]),
        }
        return {
            "product": item,
            "variants": context["variants"],
            "preselected_variant": rules.first_available(variants),
            "gallery_html": render_to_string("catalog/_product_gallery.html", context),
            "summary_html": render_to_string("catalog/_product_summary.html", context),
            "details_html": render_to_string("catalog/_product_details.html", context),
            "meta": seo.product_meta(item, context["photos"], context["variants"]),
        }

    parts = [slug, get_language(), display.cache_key()]
    stock = [product_stock_key(slug)]
    try:
        return _page(
            request,
            "catalog/product_detail.html",
            lambda: {
                **cached("product", parts, build, tokens=stock),
                "price_display": display,
                "low_stock_threshold": rules.LOW_STOCK_THRESHOLD,
            },
        )
    except _AddressMoved as moved:
        return _moved(request, moved)


@require_POST
def currency_set(request):
    """Remember the visitor's price display (a cookie, so cached pages need no session)."""
    currency = request.POST.get("currency", "")
    response = HttpResponseRedirect(posted_next_or(request, "/"))
    if currency in CURRENCIES:
        response.set_cookie(
            CURRENCY_COOKIE,
            currency,
            max_age=CURRENCY_COOKIE_MAX_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    return response
