import re
from decimal import Decimal

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


@pytest.fixture
def catalog():
    category = CategoryFactory(name="Rings", slug="rings")
    product_with_variant(
        category=category,
        name="Garnet Ring",
        slug="garnet-ring",
        description="A silver ring set with a deep red garnet.",
        stones="garnet",
    )
    product_with_variant(
        category=category,
        name="Ivy Filigree Necklace",
        slug="ivy-necklace",
        description="Leaves of fine wire on a 45 cm chain.",
        material=Material.GOLD,
        price=Decimal("25000.00"),
    )
    product_with_variant(
        category=category,
        name="Moon Earrings",
        slug="moon-earrings",
        description="Crescents <b>hammered</b> by hand.",
    )
    product_with_variant(
        category=category,
        name="Hidden Garnet Ring",
        slug="hidden",
        is_published=False,
    )


def search(client, query, **params):
    return client.get(reverse("catalog:search"), {"q": query, **params})


def test_full_text_matches_name_description_and_material(client, catalog):
    assert names_on(search(client, "garnet")) == ["Garnet Ring"]
    assert names_on(search(client, "wire")) == ["Ivy Filigree Necklace"]
    assert names_on(search(client, "gold")) == ["Ivy Filigree Necklace"]


def test_word_prefixes_match(client, catalog):
    assert names_on(search(client, "crescent")) == ["Moon Earrings"]


def test_a_typo_in_the_name_still_finds_it(client, catalog):
    assert names_on(search(client, "neklace")) == ["Ivy Filigree Necklace"]


def test_matches_are_highlighted_and_the_text_stays_escaped(client, catalog):
    html = search(client, "hammered").content.decode()
    assert "<mark>hammered</mark>" in html
    assert "<b>" not in html.split('class="product-grid"')[1]
    html = search(client, "garnet ring").content.decode()
    assert "<mark>Garnet</mark> <mark>Ring</mark>" in html


def test_best_match_comes_first_and_filters_apply(client, catalog):
    assert names_on(search(client, "ring"))[0] == "Garnet Ring"
    assert names_on(search(client, "ring", material="gold")) == []
    assert names_on(search(client, "wire", sort="price_desc")) == ["Ivy Filigree Necklace"]


def test_no_result_and_empty_query_have_helpful_empty_states(client, catalog):
    assert "We found nothing for “zebra”" in search(client, "zebra").content.decode()
    assert "Type what you are looking for" in client.get("/search/").content.decode()
    assert "We found nothing for “!!!”" in search(client, "!!!").content.decode()


@pytest.mark.parametrize(
    "query",
    ["\x00", "ring\x00", "a:* & !b", "' OR 1=1 --", "(", "ž" * 3000, "<script>alert(1)</script>"],
)
def test_hostile_queries_do_not_break_the_page(client, catalog, query):
    response = search(client, query, page="-3", sort="\x00")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
