"""Serbian search on PostgreSQL: any case ending, with or without diacritics (đ typed as "dj"
or "d"), Latin or Cyrillic, in both languages' texts, typos tolerated; a search that finds
nothing offers near matches and the categories."""

import re

import pytest
from django.urls import reverse

from catalog.models import Material

from .factories import CategoryFactory, product_with_variant

pytestmark = pytest.mark.django_db


def names_on(response):
    return [
        re.sub(r"</?mark>", "", n)
        for n in re.findall(r'class="product-card-name">(.*?)</span>', response.content.decode())
    ]


def search(client, query, language="sr-latn"):
    return client.get(
        reverse("catalog:search"), {"q": query}, headers={"accept-language": language}
    )


@pytest.fixture
def catalog():
    rings = CategoryFactory(name_en="Rings", name_sr_latn="Prstenje", slug="rings")
    earrings = CategoryFactory(name_en="Earrings", name_sr_latn="Minđuše", slug="earrings")
    product_with_variant(
        category=rings,
        name_en="Garnet Ring",
        name_sr_latn="Srebrni prsten sa granatom",
        slug="garnet-ring",
        description_en="A silver ring set with a deep red garnet.",
        description_sr_latn="Prsten od srebra sa tamnocrvenim granatom.",
    )
    product_with_variant(
        category=earrings,
        name_en="Moon Earrings",
        name_sr_latn="Minđuše Mesec",
        slug="moon-earrings",
        description_en="Crescents hammered by hand.",
        description_sr_latn="Ručno kovani polumeseci od zlata.",
        material=Material.GOLD,
    )
    product_with_variant(
        category=rings,
        name_en="Ivy Necklace",
        name_sr_latn="Ogrlica Bršljan",
        slug="ivy-necklace",
        description_en="Leaves of fine wire.",
        description_sr_latn="Listovi od tanke žice.",
    )


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("prsten", "Srebrni prsten sa granatom"),
        ("prstenje", "Srebrni prsten sa granatom"),
        ("prstena", "Srebrni prsten sa granatom"),
        ("PRSTENOM", "Srebrni prsten sa granatom"),
        ("granatom", "Srebrni prsten sa granatom"),
        ("srebro", "Srebrni prsten sa granatom"),
        ("minđuše", "Minđuše Mesec"),
        ("mindjuse", "Minđuše Mesec"),
        ("minduse", "Minđuše Mesec"),
        ("MINĐUŠA", "Minđuše Mesec"),
        ("zlato", "Minđuše Mesec"),
        ("ogrlice", "Ogrlica Bršljan"),
        ("brsljan", "Ogrlica Bršljan"),
        ("прстен", "Srebrni prsten sa granatom"),
        ("garnet", "Srebrni prsten sa granatom"),  # the English text, on a Serbian page
        ("prstn", "Srebrni prsten sa granatom"),  # a typo
    ],
)
def test_serbian_words_are_found_in_any_form(client, catalog, query, found):
    assert names_on(search(client, query)) == [found]


def test_english_pages_find_serbian_words_and_show_english_names(client, catalog):
    assert names_on(search(client, "mindjuse", language="en")) == ["Moon Earrings"]


def test_the_match_is_marked_in_the_shown_language(client, catalog):
    html = search(client, "mindjuse").content.decode()
    assert "<mark>Minđuše</mark> Mesec" in html
    html = search(client, "mindjuse", language="sr").content.decode()
    assert "<mark>Минђуше</mark> Месец" in html


def test_no_hits_suggest_near_names_and_the_categories(client, catalog):
    html = search(client, "granitni").content.decode()
    assert "nismo ništa pronašli" in html
    near = html.split('class="near-matches"')[1]
    assert "Srebrni prsten sa granatom" in near
    categories = html.split('class="search-categories"')[1]
    assert 'href="/category/rings/"' in categories and "Prstenje" in categories
