"""Whole catalog pages for visitors without a session, served before the rest of the middleware.

A visitor without a session or pending messages sees exactly what every such visitor sees,
except the CSRF token in the page's forms. Such a page (home, listings, search, product) is
stored once per catalog and stock version, address, language and price display, together with
the headers the inner middleware gave it (Content-Language, Vary, X-Frame-Options, the CSP), and
served from one cache read: session, locale, messages, CSP and the view itself are skipped; the
CSRF middleware still hands out the visitor's own token and cookie.

Compression, without BREACH: the page is compressed once, when it is stored, around the CSRF
token; every response's own masked token goes in as uncompressed bytes (a stored deflate
block), so no secret is ever compressed beside what a visitor typed (the search words, the
address in the language form's `next`). Pages with a session (cart, checkout, account) are
never compressed, here or by the proxy (deploy/Caddyfile compresses no HTML)."""

import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from .cache import LISTINGS_STOCK_KEY, VERSION_KEY, current_versions, page_key, product_stock_key
from .display import CURRENCY_COOKIE

CSRF_PLACEHOLDER = "csrf-token-placeholder-7d1f0c9a"
MESSAGES_COOKIE = "messages"
# The query parameters catalog pages read. A request carrying any other (a stray `next`, a
# tracking tag) is rendered without the whole-page cache, so such addresses cannot fill it.
PAGE_QUERY_KEYS = frozenset({"q", "material", "price_min", "price_max", "in_stock", "sort", "page"})
# What listings show of stock: which products are sold out.
LISTINGS = [LISTINGS_STOCK_KEY]
# The pages stored whole, and the stock tokens each depends on besides the catalog's.
PAGES: dict[str, Callable[[dict], list[str]]] = {
    "catalog:home": lambda kwargs: LISTINGS,
    "catalog:category": lambda kwargs: LISTINGS,
    "catalog:collection": lambda kwargs: LISTINGS,
    "catalog:search": lambda kwargs: LISTINGS,
    "catalog:product": lambda kwargs: [product_stock_key(kwargs["slug"])],
}
# Inner middleware's headers stored with the page; the length is the served body's own.
NOT_STORED_HEADERS = {"content-length", "content-encoding"}
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# A gzip member: magic, deflate, no flags, no time, no extra flags, unknown system.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def is_anonymous_without_state(request) -> bool:
    return not (
        settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES
    )


@dataclass(frozen=True)
class StoredPage:
    versions: tuple
    parts: list[bytes]  # the page's bytes between the CSRF tokens
    deflated: list[bytes]  # each part raw-deflated on its own, all but the last flushed
    headers: list[tuple[str, str]]


def _deflate(parts: list[bytes]) -> list[bytes]:
    deflated = []
    for number, part in enumerate(parts):
        # A compressor of its own per part: no part refers back to another, so any bytes may
        # go between them. Each but the last ends on a byte boundary without ending the stream.
        compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        last = number == len(parts) - 1
        deflated.append(
            compressor.compress(part)
            + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
        )
    return deflated


def gzip_around(page: StoredPage, token: bytes) -> bytes:
    """The page gzip-compressed with `token` in every CSRF place as a stored (uncompressed)
    deflate block: what is compressed is the same for every visitor."""
    stored_token = b"\x00" + struct.pack("<HH", len(token), len(token) ^ 0xFFFF) + token
    plain = token.join(page.parts)
    return b"".join(
        (
            GZIP_HEADER,
            stored_token.join(page.deflated),
            struct.pack("<II", zlib.crc32(plain), len(plain) & 0xFFFFFFFF),
        )
    )


def page_request(request) -> tuple[str, list[str]] | None:
    """The cache key and stock tokens of the whole page `request` asks for, or None when the
    page is not one served whole from the cache."""
    if (
        request.method != "GET"
        or not is_anonymous_without_state(request)
        or not set(request.GET) <= PAGE_QUERY_KEYS
    ):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    tokens = PAGES.get(match.view_name)
    if tokens is None:
        return None
    parts = [
        request.get_full_path(),
        translation.get_language_from_request(request),
        # The layout's currency form shows the choice even when no rate is known; the day,
        # because "today's rate" is the newest one not later than today.
        request.COOKIES.get(CURRENCY_COOKIE) == "EUR",
        timezone.localdate(),
    ]
    return page_key("page", parts), tokens(match.kwargs)


def cached_catalog_pages(get_response):
    csrf = CsrfViewMiddleware(get_response)

    def serve(request, page: StoredPage) -> HttpResponse:
        csrf.process_request(request)  # the visitor's CSRF cookie, if any, as the view sees it
        token = get_token(request).encode()
        if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
            response = HttpResponse(gzip_around(page, token))
            response.headers["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(token.join(page.parts))
        for name, value in page.headers:
            response.headers[name] = value
        response.headers["Content-Length"] = str(len(response.content))
        patch_vary_headers(response, ["Accept-Encoding"])
        return csrf.process_response(request, response)

    def middleware(request):
        asked = page_request(request)
        if asked is None:
            return get_response(request)
        key, tokens = asked
        found = cache.get_many([VERSION_KEY, *tokens, key])
        versions = current_versions([VERSION_KEY, *tokens], found)
        page = found.get(key)
        if page is not None and page.versions == versions:
            return serve(request, page)
        request.whole_page_cached = True
        response = get_response(request)
        html = getattr(response, "page_html", None)
        if response.status_code == 200 and html is not None:
            parts = [part.encode() for part in html.split(CSRF_PLACEHOLDER)]
            headers = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in NOT_STORED_HEADERS
            ]
            page = StoredPage(versions, parts, _deflate(parts), headers)
            cache.set(key, page, timeout=settings.CATALOG_CACHE_SECONDS)
        return response

    return middleware
