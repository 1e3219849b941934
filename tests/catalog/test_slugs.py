"""Addresses per language without a language prefix: Serbian pages (Latin and Cyrillic) use the
Serbian slug, English ones the English slug; any other slug a product, category or collection
has or had answers with a permanent redirect to the one of the visitor's language."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from catalog.models import FormerSlug, Product
from catalog.rules import serbian_slug

from .factories import CategoryFactory, CollectionFactory, ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ring():
    category = CategoryFactory(name_en="Rings", slug="rings", slug_sr_latn="prstenje")
    product = ProductFactory(
        category=category,
        name_en="Garnet ring",
        name_sr_latn="Prsten sa granatom",
        slug="garnet-ring",
        slug_sr_latn="prsten-sa-granatom",
    )
    VariantFactory(product=product, option="Size 54")
    return product


def get(client, url, language):
    return client.get(url, headers={"accept-language": language})


def test_serbian_slugs_keep_diacritics_readable():
    assert serbian_slug("Viseće minđuše") == "visece-mindjuse"
    assert serbian_slug("Đerdan Žuta Ćilibar Čaša Šal") == "djerdan-zuta-cilibar-casa-sal"


@pytest.mark.parametrize(
    ("language", "url"),
    [
        ("en", "/product/garnet-ring/"),
        ("sr-latn", "/product/prsten-sa-granatom/"),
        # Cyrillic pages use the Latin Serbian slug: Django's slug converter takes no Cyrillic.
        ("sr", "/product/prsten-sa-granatom/"),
    ],
)
def test_each_language_is_served_at_its_own_slug(client, ring, language, url):
    response = get(client, url, language)
    assert response.status_code == 200
    with translation.override(language):
        assert ring.get_absolute_url() == url
        assert ring.category.get_absolute_url() == (
            "/category/rings/" if language == "en" else "/category/prstenje/"
        )


@pytest.mark.parametrize(
    ("language", "asked", "target"),
    [
        ("sr-latn", "/product/garnet-ring/", "/product/prsten-sa-granatom/"),
        ("sr", "/product/garnet-ring/", "/product/prsten-sa-granatom/"),
        ("en", "/product/prsten-sa-granatom/", "/product/garnet-ring/"),
        ("sr-latn", "/category/rings/?sort=price_asc", "/category/prstenje/?sort=price_asc"),
        ("en", "/category/prstenje/", "/category/rings/"),
    ],
)
def test_the_other_languages_slug_redirects_permanently(client, ring, language, asked, target):
    response = get(client, asked, language)
    assert response.status_code == 301
    assert response["Location"] == target
    vary = {part.strip() for part in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary
    assert get(client, target, language).status_code == 200


def test_the_chosen_language_decides_the_redirect(client, ring):
    client.post(reverse("set_language"), {"language": "sr-latn", "next": "/"})
    response = client.get("/product/garnet-ring/", headers={"accept-language": "en"})
    assert response["Location"] == "/product/prsten-sa-granatom/"


def test_a_renamed_slug_still_leads_to_the_product(client, ring):
    ring.slug = "red-garnet-ring"
    ring.slug_sr_latn = "prsten-sa-crvenim-granatom"
    ring.save()
    assert set(FormerSlug.objects.values_list("slug", flat=True)) == {
        "garnet-ring",
        "prsten-sa-granatom",
    }
    for asked in ("/product/garnet-ring/", "/product/prsten-sa-granatom/"):
        assert get(client, asked, "en")["Location"] == "/product/red-garnet-ring/"
        assert get(client, asked, "sr")["Location"] == "/product/prsten-sa-crvenim-granatom/"
    # Taking an old slug back makes it current again.
    ring.slug = "garnet-ring"
    ring.save()
    assert get(client, "/product/garnet-ring/", "en").status_code == 200
    assert not FormerSlug.objects.filter(slug="garnet-ring").exists()


def test_a_renamed_collection_and_category_redirect(client, ring):
    collection = CollectionFactory(slug="gifts", slug_sr_latn="pokloni")
    ring.collections.add(collection)
    collection.slug_sr_latn = "za-poklon"
    collection.save()
    ring.category.slug = "all-rings"
    ring.category.save()
    assert get(client, "/collection/pokloni/", "sr-latn")["Location"] == "/collection/za-poklon/"
    assert get(client, "/category/rings/", "en")["Location"] == "/category/all-rings/"


def test_without_a_serbian_slug_serbian_pages_use_the_english_one(client, ring):
    Product.objects.filter(pk=ring.pk).update(slug_sr_latn=None)
    assert get(client, "/product/garnet-ring/", "sr-latn").status_code == 200


@pytest.mark.parametrize(
    "url", ["/product/no-such-ring/", "/category/no-such/", "/collection/no-such/"]
)
@pytest.mark.parametrize("language", ["en", "sr-latn", "sr"])
def test_an_unknown_slug_is_not_found(client, ring, url, language):
    assert get(client, url, language).status_code == 404


def test_the_cart_and_sitemap_link_the_languages_slug(client, ring):
    client.post(
        reverse("cart:cart_add"),
        {"variant": ring.variants.get().pk, "quantity": 1},
        headers={"accept-language": "sr-latn"},
    )
    cart = get(client, reverse("cart:cart"), "sr-latn").content.decode()
    assert 'href="/product/prsten-sa-granatom/"' in cart
    sitemap = get(client, "/sitemap.xml", "en").content.decode()
    assert "/product/garnet-ring/" in sitemap


def test_an_address_the_other_language_already_uses_is_refused(ring):
    opal = ProductFactory(
        category=ring.category, name_en="Opal ring", slug="opal-ring", slug_sr_latn="opal-prsten"
    )
    opal.slug = "prsten-sa-granatom"  # the garnet ring's Serbian address
    with pytest.raises(ValidationError) as refused:
        opal.full_clean()
    assert refused.value.message_dict == {
        "slug": ["Another entry already has this address in Serbian."]
    }

    opal.slug, opal.slug_sr_latn = "opal-ring", "garnet-ring"  # the garnet ring's English one
    with pytest.raises(ValidationError) as refused:
        opal.full_clean()
    assert list(refused.value.message_dict) == ["slug_sr_latn"]

    rings = ring.category
    rings.slug_sr_latn = "rings"  # its own English address in Serbian too: one object, allowed
    rings.full_clean()
    earrings = CategoryFactory(name_en="Earrings", slug="prstenje")
    with pytest.raises(ValidationError):
        earrings.full_clean()
