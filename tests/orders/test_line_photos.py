"""Order lines show the product's thumbnail, found through the variant bought (the line itself
keeps only snapshots); the number of queries does not grow with the lines."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.access import order_link
from orders.models import OrderLine
from orders.selectors import order_lines_with_photos
from tests.catalog.factories import photo_for, stored_photo

from .factories import guest_order, ring

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_urls(settings):
    settings.ROOT_URLCONF = "tests.catalog.media_urls"


def _order_with(variants):
    order = guest_order("jelena@example.rs")
    for variant in variants:
        OrderLine.objects.create(
            order=order,
            variant=variant,
            product_name=variant.product.name,
            option=variant.option,
            sku=variant.sku,
            unit_price=variant.price,
            quantity=1,
            vat_rate=Decimal("20.00"),
            line_total=variant.price,
        )
    return order


def _photographed_rings(count):
    variants = []
    for _ in range(count):
        variant = ring()[0]
        photo_for(variant.product, stored_photo("ring", size=200))
        variants.append(variant)
    return variants


def test_the_order_page_shows_a_thumbnail_per_line_in_constant_queries(
    client, legal_texts, media_urls
):
    small, large = _order_with(_photographed_rings(1)), _order_with(_photographed_rings(4))
    counts = []
    for order, lines in ((small, 1), (large, 4)):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(order_link(order)).content.decode()
        assert page.count('<img class="line-thumbnail" src="/media/') == lines
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_line_whose_product_is_gone_keeps_its_name_without_a_photo(
    client, legal_texts, media_urls
):
    kept, deleted = _photographed_rings(2)
    deleted.product.name = "Gone ring"
    deleted.product.save()
    order = _order_with([kept, deleted])
    deleted.product.delete()

    lines = order_lines_with_photos(order)
    assert [line.product_name for line in lines] == ["Luna ring", "Gone ring"]
    assert lines[0].photo == kept.product.images.get()
    assert lines[1].photo is None
    page = client.get(order_link(order)).content.decode()
    assert "Gone ring" in page
    assert page.count('<img class="line-thumbnail" src="/media/') == 1
    assert page.count("line-thumbnail-missing") == 1
