"""Versioned Redis caching for catalog pages.

Every cached value's key carries the catalog's current version token; changing any product,
variant, photo, category, collection or exchange rate replaces the token (see `signals.py`), so
all earlier entries stop being read at once and expire on their own."""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "catalog:version"


def _new_version() -> str:
    return uuid.uuid4().hex[:12]


def catalog_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def catalog_cache_invalidate() -> None:
    """Make every cached catalog page stale. Call it after writes that bypass model signals
    (`QuerySet.update()`, `bulk_create()`), e.g. a checkout decrementing stock with F()."""
    cache.set(VERSION_KEY, _new_version(), timeout=None)
    # Again after the commit: a page rendered between the write and its commit would otherwise
    # be cached under the new token with the old data.
    transaction.on_commit(lambda: cache.set(VERSION_KEY, _new_version(), timeout=None))


def cached(name: str, parts: Iterable[Any], build: Callable[[], Any]) -> Any:
    """`build()`'s result, from the cache when the catalog has not changed since it was stored.
    Exceptions (such as Http404) propagate and are not cached."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()
    key = f"catalog:{catalog_version()}:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=settings.CATALOG_CACHE_SECONDS)
    return value
