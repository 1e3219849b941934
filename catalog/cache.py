"""Versioned Redis caching for catalog pages.

Every cached value is stored with the version tokens it depends on; replacing a token makes
every entry stored under the old one stale at once, rebuilt on next use. Three kinds of token:

- the catalog's token: any edit of a product, variant, photo, category, collection or exchange
  rate replaces it (see `signals.py`), so every page is rebuilt;
- a product's stock token: replaced when stock sold or put back changes what that product's
  page says ("only N left", "sold out"; `rules.stock_change_shows`), so that page is rebuilt
  and no other;
- the listings' stock token: replaced only when a variant runs out or comes back, which is
  what listings show of stock (the "Sold out" badge, the "In stock only" filter)."""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "catalog:version"
LISTINGS_STOCK_KEY = "catalog:stock:listings"


def product_stock_key(slug: str) -> str:
    # By slug, the one thing a product page's request knows before the page is built; a
    # changed slug replaces the catalog's token anyway.
    return f"catalog:stock:product:{slug}"


def _new_version() -> str:
    return uuid.uuid4().hex[:12]


def _current(token_key: str) -> str:
    version = cache.get(token_key)
    if version is None:
        cache.add(token_key, _new_version(), timeout=None)
        version = cache.get(token_key)
    return version


def _replace(token_keys: list[str]) -> None:
    cache.set_many({key: _new_version() for key in token_keys}, timeout=None)
    # Again after the commit: a page rendered between the write and its commit would otherwise
    # be cached under the new token with the old data.
    transaction.on_commit(
        lambda: cache.set_many({key: _new_version() for key in token_keys}, timeout=None)
    )


def catalog_cache_invalidate() -> None:
    """Make every cached catalog page stale. Call it after writes that bypass model signals
    (`QuerySet.update()`, `bulk_create()`) and change what pages show besides stock."""
    _replace([VERSION_KEY])


def stock_cache_invalidate(*, product_slugs: Iterable[str], listings: bool) -> None:
    """Make stale the cached pages of the products whose stock changed and, with `listings`
    (a variant ran out or came back), every listing."""
    keys = [product_stock_key(slug) for slug in sorted(set(product_slugs))]
    _replace([*keys, LISTINGS_STOCK_KEY] if listings else keys)


def page_key(name: str, parts: Iterable[Any]) -> str:
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()
    return f"catalog:{name}:{digest}"


def current_versions(token_keys: list[str], found: dict) -> tuple:
    """The versions of `token_keys` from a `get_many` answer, made for those missing."""
    return tuple(found.get(token) or _current(token) for token in token_keys)


def cached(
    name: str, parts: Iterable[Any], build: Callable[[], Any], *, tokens: Iterable[str] = ()
) -> Any:
    """`build()`'s result, from the cache when neither the catalog nor the stock `tokens` (keys
    such as LISTINGS_STOCK_KEY) have changed since it was stored. Exceptions (such as Http404)
    propagate and are not cached."""
    key = page_key(name, parts)
    token_keys = [VERSION_KEY, *tokens]
    # One round trip for all: the entry remembers the versions it was built under.
    found = cache.get_many([*token_keys, key])
    versions = current_versions(token_keys, found)
    entry = found.get(key)
    if entry is not None and entry[0] == versions:
        return entry[1]
    value = build()
    cache.set(key, (versions, value), timeout=settings.CATALOG_CACHE_SECONDS)
    return value
