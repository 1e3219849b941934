import datetime
import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from catalog.models import Material, Variant
from catalog.views import CSRF_PLACEHOLDER

from .factories import (
    CategoryFactory,
    CollectionFactory,
    ExchangeRateFactory,
    VariantFactory,
    photo_for,
    product_with_variant,
    stored_photo,
)

pytestmark = pytest.mark.django_db


def names_on(response):
    return re.findall(r'class="product-card-name">(.*?)</span>', response.content.decode())


@pytest.fixture
def shop():
    rings = CategoryFactory(name="Rings", slug="rings")
    silver = CategoryFactory(name="Silver rings", slug="silver-rings", parent=rings)
    gold = CategoryFactory(name="Gold rings", slug="gold-rings", parent=rings)
    now = timezone.now()
    cheap = product_with_variant(
        category=silver,
        name="Sava Ring",
        slug="sava-ring",
        price=Decimal("2500.00"),
        created_at=now - datetime.timedelta(days=3),
    )
    dear = product_with_variant(
        category=gold,
        name="Avala Ring",
        slug="avala-ring",
        price=Decimal("39900.00"),
        material=Material.GOLD,
        fineness="585 (14 kt)",
        stock=0,
        created_at=now - datetime.timedelta(days=1),
    )
    middle = product_with_variant(
        category=silver,
        name="Danube Ring",
        slug="danube-ring",
        price=Decimal("7400.00"),
        description="A wide band with a garnet.",
        stones="garnet",
        created_at=now - datetime.timedelta(days=2),
    )
    product_with_variant(category=silver, name="Draft Ring", slug="draft-ring", is_published=False)
    return {"rings": rings, "silver": silver, "cheap": cheap, "dear": dear, "middle": middle}


def test_category_page_lists_products_of_its_subcategories_newest_first(client, shop):
    response = client.get("/category/rings/")
    assert response.status_code == 200
    assert names_on(response) == ["Avala Ring", "Danube Ring", "Sava Ring"]
    assert "Draft Ring" not in response.content.decode()
    assert 'href="/category/silver-rings/"' in response.content.decode()


def test_filters_and_sorting(client, shop):
    assert names_on(client.get("/category/rings/?sort=price_asc")) == [
        "Sava Ring",
        "Danube Ring",
        "Avala Ring",
    ]
    assert names_on(client.get("/category/rings/?sort=price_desc"))[0] == "Avala Ring"
    assert names_on(client.get("/category/rings/?material=gold")) == ["Avala Ring"]
    assert names_on(client.get("/category/rings/?in_stock=1")) == ["Danube Ring", "Sava Ring"]
    assert names_on(client.get("/category/rings/?price_min=3000&price_max=8000")) == ["Danube Ring"]


def test_filtered_listing_with_no_match_says_so_and_offers_to_clear(client, shop):
    html = client.get("/category/rings/?material=brass").content.decode()
    assert "No pieces match these filters." in html
    assert 'href="/category/rings/"' in html


def test_empty_category_has_an_empty_state(client, shop):
    CategoryFactory(name="Brooches", slug="brooches")
    assert "There are no pieces here yet." in client.get("/category/brooches/").content.decode()


def test_pagination_links_keep_the_filters(client, shop):
    for n in range(30):
        product_with_variant(category=shop["silver"], name=f"Extra {n}", slug=f"extra-{n}")
    html = client.get("/category/rings/?material=silver").content.decode()
    assert "32 pieces" in html
    assert 'href="/category/rings/?material=silver&amp;page=2"' in html
    page_two = client.get("/category/rings/?material=silver&page=2")
    assert len(names_on(page_two)) == 8
    # Beyond the last page: the last page, not an error.
    assert names_on(client.get("/category/rings/?material=silver&page=99")) == names_on(page_two)


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc&sort=%00&price_min=x",
        "?page=-1&price_max=1e400&in_stock=%FF",
        "?material[]=gold&page=0",
        "?price_min=" + "9" * 5000,
    ],
)
def test_nonsense_parameters_show_the_listing(client, shop, query):
    response = client.get(f"/category/rings/{query}")
    assert response.status_code == 200
    assert len(names_on(response)) == 3


@pytest.mark.parametrize(
    "url",
    ["/category/nope/", "/collection/nope/", "/product/nope/", "/product/draft-ring/"],
)
def test_unknown_slugs_give_the_shop_layout_404(client, shop, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "site-footer" in html


def test_collection_page(client, shop):
    gifts = CollectionFactory(name="Gifts", slug="gifts", description="Little presents.")
    shop["cheap"].collections.add(gifts)
    response = client.get("/collection/gifts/")
    assert names_on(response) == ["Sava Ring"]
    assert "Little presents." in response.content.decode()


def test_home_shows_collections_categories_and_new_products(client, shop):
    CollectionFactory(name="Wedding", slug="wedding")
    html = client.get("/").content.decode()
    assert 'href="/collection/wedding/"' in html
    assert 'href="/category/gold-rings/"' in html
    assert names_on(client.get("/"))[:1] == ["Avala Ring"]


def test_product_page_shows_declaration_price_stock_and_photos(client, shop):
    product = shop["middle"]
    product.importer = ""
    photo_for(product, stored_photo())
    photo_for(product, stored_photo("necklace"), position=1)
    html = client.get("/product/danube-ring/").content.decode()
    assert "7,400.00" in html and "RSD" in html
    assert "20% VAT included" in html
    for label, value in [
        ("Material and fineness", "Silver 925"),
        ("Stones", "garnet"),
        ("Weight", "4.20 g"),
        ("Dimensions", "20 × 10 mm"),
        ("Country of origin", "Serbia"),
    ]:
        assert f'<th scope="row">{label}</th><td>{value}</td>' in html, label
    assert "In stock" in html
    # The main photos; the thumbnails and the zoom dialog's image come after them.
    imgs = re.findall(r"<img [^>]+srcset=[^>]+>", html)
    assert len(imgs) == 2
    assert all('width="' in i and 'height="' in i and "srcset=" in i for i in imgs)
    assert 'loading="lazy"' in imgs[1]
    assert html.count('type="image/webp"') == 2


def test_sold_out_options_are_shown_as_unavailable(client, shop):
    product = shop["cheap"]
    product.variants.update(option="Size 52")
    VariantFactory(product=product, option="Size 54", stock=0)
    html = client.get("/product/sava-ring/").content.decode()
    unavailable = re.search(r'<li class="variant variant-unavailable">(.*?)</li>', html, re.S)
    assert "Size 54" in unavailable.group(1) and "disabled" in unavailable.group(1)
    assert "sold out" in unavailable.group(1)


def test_personalised_product_says_it_cannot_be_withdrawn_from(client, shop):
    product_with_variant(
        category=shop["silver"], name="Engraved Ring", slug="engraved", is_personalised=True
    )
    html = client.get("/product/engraved/").content.decode()
    assert "excluded from the right to withdraw" in html
    assert (
        "excluded from the right to withdraw"
        not in client.get("/product/sava-ring/").content.decode()
    )


def test_the_picker_posts_the_chosen_variant_to_the_cart(client, shop):
    html = client.get("/product/sava-ring/").content.decode()
    form = re.search(
        r'<form class="add-to-cart" method="post" action="/cart/add/">(.*?)</form>', html, re.S
    )
    assert form, html
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    assert f'name="variant" id="variant-{shop["cheap"].variants.get().pk}"' in form.group(1)


def test_euro_display_shows_approximate_euros_with_rate_and_date(client, shop):
    ExchangeRateFactory(
        date=timezone.localdate() - datetime.timedelta(days=1), eur_rsd=Decimal("117.2000")
    )
    response = client.post("/currency/", {"currency": "EUR", "next": "/product/sava-ring/"})
    assert response.status_code == 302 and response["Location"] == "/product/sava-ring/"
    html = client.get("/product/sava-ring/").content.decode()
    assert "≈ €21.33" in html  # 2500 / 117.2 = 21.331…
    assert "1 EUR = 117.2000 RSD" in html
    client.post("/currency/", {"currency": "RSD", "next": "/"})
    assert "≈ €" not in client.get("/product/sava-ring/").content.decode()


def test_currency_switch_never_redirects_off_site(client):
    response = client.post("/currency/", {"currency": "EUR", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_euro_display_without_any_rate_says_so(client, shop):
    client.cookies["currency"] = "EUR"
    html = client.get("/product/sava-ring/").content.decode()
    assert "≈ €" not in html
    assert "no exchange rate is known yet" in html


def test_a_new_rate_or_price_shows_at_once_despite_the_cache(client, shop):
    rate = ExchangeRateFactory(date=timezone.localdate(), eur_rsd=Decimal("100.0000"))
    client.cookies["currency"] = "EUR"
    assert "≈ €25.00" in client.get("/product/sava-ring/").content.decode()
    rate.eur_rsd = Decimal("125.0000")
    rate.save()
    assert "≈ €20.00" in client.get("/product/sava-ring/").content.decode()
    variant = Variant.objects.get(product=shop["cheap"])
    variant.price = Decimal("5000.00")
    variant.save()
    assert "≈ €40.00" in client.get("/product/sava-ring/").content.decode()
    assert "≈ €40.00" in client.get("/category/silver-rings/").content.decode()


def test_seo_tags_and_product_json_ld(client, shop, settings):
    photo_for(shop["cheap"], stored_photo())
    html = client.get("/product/sava-ring/").content.decode()
    canonical = f"{settings.SITE_URL}/product/sava-ring/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta property="og:type" content="product">' in html
    assert re.search(r'<meta property="og:image" content="http[^"]+\.jpg">', html)
    assert '<meta name="description" content="A handmade piece' in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Product" and data["name"] == "Sava Ring"
    assert data["offers"]["price"] == "2500.00"
    assert data["offers"]["priceCurrency"] == "RSD"
    assert data["offers"]["availability"] == "https://schema.org/InStock"


def test_json_ld_cannot_break_out_of_its_script(client, shop):
    product_with_variant(
        category=shop["silver"], name="</script><script>alert(1)</script>", slug="evil"
    )
    html = client.get("/product/evil/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["name"] == "</script><script>alert(1)</script>"
    assert "<script>alert" not in html


def test_sitemap_lists_published_products_and_categories(client, shop, settings):
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{settings.SITE_URL}/product/sava-ring/</loc>" in xml
    assert f"<loc>{settings.SITE_URL}/category/rings/</loc>" in xml
    assert "draft-ring" not in xml


def test_a_page_served_from_the_cache_carries_the_visitor_s_own_working_csrf_token(shop):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/category/rings/")  # fills the cache
    html = second.get("/category/rings/").content.decode()
    assert CSRF_PLACEHOLDER not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = second.post(
        "/currency/", {"currency": "EUR", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert second.cookies["currency"].value == "EUR"
    # A stranger's token from another visitor's page does not work.
    third = Client(enforce_csrf_checks=True)
    third.get("/")
    assert (
        third.post("/currency/", {"currency": "EUR", "csrfmiddlewaretoken": token}).status_code
        == 403
    )


def test_the_first_size_in_stock_is_preselected_when_the_first_is_sold_out(client, shop):
    product = shop["cheap"]
    product.variants.update(option="Size 54")
    product.variants.update(position=1)
    sold_out = VariantFactory(product=product, option="Size 50", stock=0, position=0)
    html = client.get("/product/sava-ring/").content.decode()
    checked = re.findall(r'<input type="radio" name="variant" id="variant-(\d+)"[^>]*checked', html)
    assert checked == [str(product.variants.exclude(pk=sold_out.pk).get().pk)]


def test_a_product_with_nothing_in_stock_cannot_be_added(client, shop):
    shop["cheap"].variants.update(stock=0)
    html = client.get("/product/sava-ring/").content.decode()
    button = re.search(r'<button type="submit" class="primary"[^>]*>(.*?)</button>', html, re.S)
    assert "disabled" in button.group(0) and "Sold out" in button.group(1)
    assert "Add to cart" not in html


def test_posting_a_sold_out_size_says_so_on_the_product_page(client, shop):
    product = shop["cheap"]
    sold_out = VariantFactory(product=product, option="Size 50", stock=0)
    response = client.post(
        "/cart/add/",
        {"variant": sold_out.pk, "quantity": 1, "next": "/product/sava-ring/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/product/sava-ring/"
    assert "This size is sold out" in response.content.decode()
    assert client.get("/cart/").context["summary"].is_empty
