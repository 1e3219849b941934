"""Every write the catalog makes."""

import datetime
import hashlib
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet

from . import images, rules
from .cache import catalog_cache_invalidate, stock_cache_invalidate
from .models import ExchangeRate, Product, ProductImage, Variant

logger = logging.getLogger(__name__)

RATE_FETCH_TIMEOUT_SECONDS = 10
RATE_FETCH_MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class StoredPhoto:
    name: str
    width: int
    height: int
    renditions: list[dict]
    thumbnail: str


def photo_files_store(*, upload, folder: str) -> StoredPhoto:
    """Store a photo cleaned of metadata plus its renditions under `folder`; file names carry a
    content hash, so a changed photo gets new URLs and browsers never show a stale copy."""
    jpeg, image = images.clean_photo(upload)
    stem = f"{folder}/{hashlib.sha256(jpeg).hexdigest()[:16]}"
    name = default_storage.save(f"{stem}.jpg", ContentFile(jpeg))
    renditions = []
    for rendition in images.make_renditions(image):
        renditions.append(
            {
                "width": rendition.width,
                "height": rendition.height,
                "webp": default_storage.save(
                    f"{stem}-{rendition.width}.webp", ContentFile(rendition.webp)
                ),
                "jpeg": default_storage.save(
                    f"{stem}-{rendition.width}.jpg", ContentFile(rendition.jpeg)
                ),
            }
        )
    thumbnail = default_storage.save(f"{stem}-thumb.jpg", ContentFile(images.make_thumbnail(image)))
    return StoredPhoto(name, image.width, image.height, renditions, thumbnail)


def product_image_save(*, photo: ProductImage, upload=None) -> ProductImage:
    """Save a product photo; with `upload`, replace its picture by the cleaned upload first.
    `upload` must have passed `images.validate_photo`."""
    if upload is not None:
        stored = photo_files_store(upload=upload, folder=f"products/{photo.product_id}")
        # A plain name, not the uploaded file: saving must not write the raw upload (with
        # its EXIF) to storage as well.
        photo.image = stored.name
        photo.width, photo.height, photo.renditions = stored.width, stored.height, stored.renditions
        photo.thumbnail = stored.thumbnail
    photo.full_clean(exclude=["image"])
    photo.save()
    return photo


def variant_stock_moved(*, variants: Iterable[Variant], changes: dict[int, int]) -> None:
    """Tell the page cache that the stock of `variants` (as they were before, with their
    product) moved by `changes` (variant id → units, negative when sold) in a write that sent
    no signal. Only the pages that now read differently go stale: a product's page when its
    "only N left" or "sold out" changes, and the listings only when a variant ran out or came
    back. Buying one of many rings leaves every page cached."""
    variants = list(variants)
    stock_cache_invalidate(
        # A product page is cached under the slug of each language it is served in.
        product_slugs=[
            slug
            for variant in variants
            if rules.stock_change_shows(variant.stock, variant.stock + changes.get(variant.pk, 0))
            for slug in (variant.product.slug, variant.product.slug_sr_latn)
            if slug
        ],
        listings=any(
            (variant.stock > 0) != (variant.stock + changes.get(variant.pk, 0) > 0)
            for variant in variants
        ),
    )


@transaction.atomic
def products_set_published(*, products: QuerySet[Product], published: bool) -> int:
    changed = products.exclude(is_published=published).update(is_published=published)
    catalog_cache_invalidate()
    return changed


@transaction.atomic
def exchange_rate_save(
    *, date: datetime.date, eur_rsd: Decimal, source: str = ExchangeRate.Source.MANUAL
) -> ExchangeRate:
    rate, _ = ExchangeRate.objects.update_or_create(
        date=date, defaults={"eur_rsd": eur_rsd, "source": source}
    )
    return rate


class RateFetchError(Exception):
    """The rate feed could not be read; the last good rate stays in use."""


def exchange_rate_fetch(*, url: str, today: datetime.date) -> ExchangeRate:
    """Fetch the NBS middle rate from `url` and store it. On any failure raise RateFetchError
    and change nothing, so that prices keep the last good rate."""
    if not url.startswith(("http://", "https://")):
        raise RateFetchError(f"The rate feed URL {url!r} is not an http(s) URL.")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=RATE_FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310: the scheme is checked above
            body = response.read(RATE_FETCH_MAX_BYTES + 1)
        if len(body) > RATE_FETCH_MAX_BYTES:
            raise ValueError("The rate feed's answer is too long.")
        date, eur_rsd = rules.parse_rate_payload(
            json.loads(body, parse_float=Decimal, parse_int=Decimal), today=today
        )
    except (OSError, urllib.error.URLError, ValueError) as error:
        logger.warning("Exchange rate fetch from %s failed: %s", url, error)
        raise RateFetchError(str(error)) from error
    return exchange_rate_save(date=date, eur_rsd=eur_rsd, source=ExchangeRate.Source.NBS)
