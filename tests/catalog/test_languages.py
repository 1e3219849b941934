"""The catalog in three languages: English, Serbian Latin, and Serbian Cyrillic transliterated
from the Latin text; the language switch offers all three; missing Serbian falls back."""

import pytest
from django.urls import reverse

from .factories import CategoryFactory, product_with_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def ring():
    rings = CategoryFactory(name_en="Rings", name_sr_latn="Prstenje", slug="rings")
    return product_with_variant(
        category=rings,
        slug="garnet-ring",
        name_en="Garnet Ring",
        name_sr_latn="Ljubičasti prsten sa granatom",
        description_en="A silver ring.",
        description_sr_latn="Prsten od srebra, ručni rad.",
        care_instructions_en="Keep dry.",
        care_instructions_sr_latn="Čuvajte na suvom.",
        country_of_origin_en="Serbia",
        country_of_origin_sr_latn="Srbija",
    )


def page(client, url, language):
    return client.get(url, headers={"accept-language": language}).content.decode()


def test_each_language_shows_its_own_texts(client, ring):
    english = page(client, ring.get_absolute_url(), "en")
    assert "Garnet Ring" in english and "Keep dry." in english and "Serbia" in english
    latin = page(client, ring.get_absolute_url(), "sr-latn")
    assert "Ljubičasti prsten sa granatom" in latin and "Čuvajte na suvom." in latin
    assert "Srbija" in latin and "Garnet Ring" not in latin
    cyrillic = page(client, ring.get_absolute_url(), "sr")
    assert "Љубичасти прстен са гранатом" in cyrillic and "Чувајте на суву." not in cyrillic
    assert "Чувајте на сувом." in cyrillic and "Србија" in cyrillic
    assert 'lang="sr"' in cyrillic


def test_cyrillic_pages_translate_the_interface_too(client, ring):
    latin = page(client, reverse("cart:cart"), "sr-latn")
    cyrillic = page(client, reverse("cart:cart"), "sr")
    assert "Vaša korpa je prazna." in latin
    assert "Ваша корпа је празна." in cyrillic


def test_a_category_page_lists_in_the_chosen_script(client, ring):
    html = page(client, "/category/rings/", "sr")
    assert "Прстење" in html and "Љубичасти прстен са гранатом" in html


def test_a_product_without_serbian_text_falls_back_to_english(client):
    product = product_with_variant(name_en="Moon Earrings", slug="moon")
    assert "Moon Earrings" in page(client, product.get_absolute_url(), "sr-latn")


def test_the_switch_offers_three_languages_and_remembers_the_choice(client, ring):
    html = page(client, "/", "en")
    for code in ("en", "sr-latn", "sr"):
        assert f'name="language" value="{code}"' in html
    client.post(reverse("set_language"), {"language": "sr", "next": "/"})
    html = client.get(ring.get_absolute_url()).content.decode()
    assert "Љубичасти прстен са гранатом" in html
