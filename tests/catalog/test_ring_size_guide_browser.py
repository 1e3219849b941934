"""Ring pages carry a size guide (sizes offered with their inner circumference and diameter,
how to measure), in Serbian too; other products have none."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from catalog.rules import ring_sizes

from .factories import CategoryFactory, VariantFactory, product_with_variant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ring_sizes_are_read_from_the_options_only():
    sizes = ring_sizes(["Size 52", "Veličina 54", "Величина 56", "45 cm", ""])
    assert [(s.size, s.circumference_mm, s.diameter_mm) for s in sizes] == [
        ("52", Decimal("52"), Decimal("16.6")),
        ("54", Decimal("54"), Decimal("17.2")),
        ("56", Decimal("56"), Decimal("17.8")),
    ]


def test_a_ring_page_has_a_size_guide_and_a_necklace_page_has_none(page, legal_texts):
    jewelry = CategoryFactory(name="Jewelry", slug="jewelry")
    ring = product_with_variant(category=jewelry, name="Luna Ring", slug="luna-ring")
    ring.variants.update(option_en="Size 52", option_sr_latn="Veličina 52")
    VariantFactory(product=ring, option_en="Size 56", option_sr_latn="Veličina 56")
    necklace = product_with_variant(category=jewelry, name="Luna Necklace", slug="luna-necklace")
    necklace.variants.update(option_en="45 cm", option_sr_latn="45 cm")

    page.goto(ring.get_absolute_url())
    guide = page.locator("details.ring-size-guide")
    page.get_by_text("Ring size guide").click()
    table = guide.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)
    expect(table).to_contain_text("52 mm")
    expect(table).to_contain_text("17.8 mm")
    expect(guide.get_by_role("heading", name="How to measure")).to_be_visible()

    page.get_by_role("button", name="Serbian (Latin)").click()
    page.get_by_text("Vodič za veličine prstena").click()
    expect(page.get_by_role("heading", name="Kako da izmerite")).to_be_visible()

    page.goto(necklace.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Luna Necklace")
    expect(page.locator("details.ring-size-guide")).to_have_count(0)
