import pytest
from django.core.management import call_command

from catalog.models import Category, Collection, ExchangeRate, Product, ProductImage, Variant
from catalog.rules import serbian_slug

pytestmark = pytest.mark.django_db


def snapshot():
    return list(
        Variant.objects.order_by("sku").values_list(
            "sku", "product__slug", "price", "stock", "option"
        )
    )


def test_seed_demo_loads_a_browsable_deterministic_catalog(client):
    call_command("seed_demo", products=40)
    assert Product.objects.count() == 40
    assert Category.objects.filter(parent__isnull=False).count() == 8
    assert Collection.objects.count() == 3
    assert ExchangeRate.objects.exists()
    assert not ProductImage.objects.filter(renditions=[]).exists()
    assert Product.objects.filter(is_personalised=True, engraving_max_length__gt=0).exists()
    assert Variant.objects.filter(option="Size 56").exists()
    first = snapshot()

    call_command("seed_demo", products=40)  # already seeded: nothing changes
    assert snapshot() == first

    call_command("seed_demo", products=40, replace=True)
    assert snapshot() == first

    product = Product.objects.filter(is_published=True).first()
    html = client.get(product.get_absolute_url()).content.decode()
    assert "Product declaration" in html and "<picture>" in html


def test_demo_products_have_distinct_names_in_english_and_serbian():
    call_command("seed_demo", products=150)
    names = list(Product.objects.values_list("name_en", "name_sr_latn"))
    assert len({en for en, _ in names}) == len({sr for _, sr in names}) == 150
    product = Product.objects.filter(category__parent__slug="rings").first()
    assert " prsten " in f" {product.name_sr_latn} "
    assert product.description_sr_latn.startswith(product.name_sr_latn.split(" ")[0])
    assert product.country_of_origin_sr_latn == "Srbija"
    assert Variant.objects.filter(option_sr_latn="Veličina 56").exists()
    assert Category.objects.filter(name_sr_latn="Minđuše", name_en="Earrings").exists()
    assert Collection.objects.filter(name_sr_latn="Pokloni").exists()


def test_demo_data_has_serbian_addresses(client):
    call_command("seed_demo", products=40)
    assert not Product.objects.filter(slug_sr_latn=None).exists()
    assert Category.objects.get(slug="earrings").slug_sr_latn == "mindjuse"
    assert Collection.objects.get(slug="gifts").slug_sr_latn == "pokloni"
    product = Product.objects.filter(is_published=True, category__parent__slug="rings").first()
    assert product.slug_sr_latn.startswith(serbian_slug(product.name_sr_latn))
    page = client.get(f"/product/{product.slug_sr_latn}/", headers={"accept-language": "sr-latn"})
    assert page.status_code == 200
