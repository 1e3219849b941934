"""The demo catalog's photos look like the jewelry they stand for: the stone in its colour,
the metal as named; and no two demo products share a name."""

from collections import Counter

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from catalog.models import Material, Product

pytestmark = pytest.mark.django_db


def _pixels_near(photo, colour, tolerance=30):
    with default_storage.open(photo.renditions[0]["jpeg"]) as file, Image.open(file) as image:
        pixels = list(image.convert("RGB").getdata())
    return sum(
        all(
            abs(channel - target) <= tolerance
            for channel, target in zip(pixel, colour, strict=True)
        )
        for pixel in pixels
    ) / len(pixels)


GARNET_RED = (110, 14, 30)
AMETHYST_PURPLE = (120, 60, 160)
GOLD_YELLOW = (212, 175, 55)
ROSE_GOLD = (205, 140, 120)


def test_demo_photos_show_the_stone_and_metal_and_names_are_unique():
    call_command("seed_demo", products=60)
    products = Product.objects.prefetch_related("images")

    garnet_rings = [p for p in products if p.stones_en == "garnet" and "ring" in p.name_en.lower()]
    assert garnet_rings
    for ring in garnet_rings:
        assert _pixels_near(ring.images.all()[0], GARNET_RED) > 0.005
        assert _pixels_near(ring.images.all()[0], AMETHYST_PURPLE) == 0
    plain = [p for p in products if not p.stones_en]
    assert plain and all(_pixels_near(p.images.all()[0], GARNET_RED) == 0 for p in plain)

    gold = [p for p in products if p.material == Material.GOLD]
    assert gold and all(_pixels_near(p.images.all()[0], GOLD_YELLOW) > 0.01 for p in gold)
    silver = [p for p in products if p.material == Material.SILVER]
    assert silver and all(_pixels_near(p.images.all()[0], GOLD_YELLOW) == 0 for p in silver)
    rose = [p for p in products if p.material == Material.ROSE_GOLD]
    assert all(_pixels_near(p.images.all()[0], ROSE_GOLD) > 0.01 for p in rose)

    for language in ("en", "sr_latn"):
        names = Counter(getattr(p, f"name_{language}") for p in products)
        assert [name for name, count in names.items() if count > 1] == []
