import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog import images
from catalog.models import Product, ProductImage
from tests.accounts.second_factor import staff_login

from .factories import CategoryFactory, VariantFactory, product_with_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = get_user_model().objects.create_superuser(
        email="editor@cestmoi.rs", password="x-long-pass-123"
    )
    staff_login(client, editor)
    return client


def jpeg_with_exif(size=(900, 600), orientation=6):
    image = Image.new("RGB", size, (200, 120, 80))
    exif = Image.Exif()
    exif[0x0112] = orientation  # rotated 90°: must be applied before the tag is dropped
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {2: (44.0, 49.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def in_both_languages(prefix="", **fields):
    """Admin form data of translated fields: the admin edits each language's column."""
    return {
        f"{prefix}{field}_{language}": value
        for field, value in fields.items()
        for language in ("en", "sr_latn")
    }


def product_form_data(product, photo_rows=1, **photo_fields):
    variant = product.variants.get()
    data = {
        **in_both_languages(
            name=product.name,
            description=product.description,
            care_instructions="",
            stones="",
            dimensions=product.dimensions,
            country_of_origin="Serbia",
            manufacturer=product.manufacturer,
            importer="",
        ),
        "slug": product.slug,
        "category": product.category_id,
        "is_published": "on",
        "material": product.material,
        "fineness": product.fineness,
        "weight_grams": str(product.weight_grams),
        "variants-TOTAL_FORMS": "1",
        "variants-INITIAL_FORMS": "1",
        "variants-0-id": variant.pk,
        "variants-0-product": product.pk,
        "variants-0-sku": variant.sku,
        **in_both_languages(prefix="variants-0-", option=""),
        "variants-0-price": str(variant.price),
        "variants-0-stock": str(variant.stock),
        "variants-0-is_active": "on",
        "variants-0-position": "0",
        "images-TOTAL_FORMS": str(photo_rows),
        "images-INITIAL_FORMS": "0",
    }
    alt_text = photo_fields.pop("alt_text", None)
    if alt_text is not None:
        data.update(in_both_languages(prefix="images-0-", alt_text=alt_text))
    data.update({f"images-0-{k}": v for k, v in photo_fields.items()})
    return data


def post_photo(editor_client, product, upload):
    data = product_form_data(product, image=upload, alt_text="A ring", position="0")
    return editor_client.post(f"/admin/catalog/product/{product.pk}/change/", data)


def field_errors(response):
    return re.findall(
        r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )


def test_a_fake_image_gets_a_form_error(editor_client):
    product = product_with_variant()
    upload = SimpleUploadedFile(
        "ring.jpg", b"this is not a photo at all", content_type="image/jpeg"
    )
    response = post_photo(editor_client, product, upload)
    assert response.status_code == 200
    assert any("not a photo we can read" in e or "valid image" in e for e in field_errors(response))
    assert not ProductImage.objects.exists()


def test_an_oversized_file_gets_a_form_error(editor_client, monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 50_000)
    product = product_with_variant()
    noisy = Image.effect_noise((800, 800), 100).convert("RGB")
    buffer = io.BytesIO()
    noisy.save(buffer, "PNG")
    assert len(buffer.getvalue()) > 50_000
    response = post_photo(editor_client, product, SimpleUploadedFile("big.png", buffer.getvalue()))
    assert any("photos may be at most" in e for e in field_errors(response))
    assert not ProductImage.objects.exists()


def test_too_many_pixels_gets_a_form_error(editor_client, monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 500_000)
    product = product_with_variant()
    response = post_photo(
        editor_client, product, SimpleUploadedFile("wide.jpg", jpeg_with_exif((1000, 600)))
    )
    assert any("megapixels are allowed" in e for e in field_errors(response))


def test_a_tiny_or_gif_image_gets_a_form_error(editor_client):
    product = product_with_variant()
    buffer = io.BytesIO()
    Image.new("RGB", (600, 600)).save(buffer, "GIF")
    response = post_photo(editor_client, product, SimpleUploadedFile("a.gif", buffer.getvalue()))
    assert any("GIF files are not accepted" in e for e in field_errors(response))
    response = post_photo(
        editor_client, product, SimpleUploadedFile("a.jpg", jpeg_with_exif((120, 90)))
    )
    assert any("each side needs at least" in e for e in field_errors(response))


def test_a_good_photo_is_stored_upright_without_exif_with_renditions(editor_client):
    product = product_with_variant()
    response = post_photo(editor_client, product, SimpleUploadedFile("ring.jpg", jpeg_with_exif()))
    assert response.status_code == 302, field_errors(response)
    photo = ProductImage.objects.get()
    # Orientation 6 turned the 900×600 photo upright: 600×900.
    assert (photo.width, photo.height) == (600, 900)
    with default_storage.open(photo.image.name) as stored, Image.open(stored) as image:
        assert image.size == (600, 900)
        assert not image.getexif()
        assert "exif" not in image.info
    assert [r["width"] for r in photo.renditions] == [320]
    # Only the cleaned photo, its renditions and its thumbnail: the raw upload was never written.
    _, stored_files = default_storage.listdir(f"products/{product.pk}")
    assert len(stored_files) == 4
    with default_storage.open(photo.thumbnail.name) as stored, Image.open(stored) as thumbnail:
        assert thumbnail.size == (160, 160) and not thumbnail.getexif()
    for rendition in photo.renditions:
        with default_storage.open(rendition["webp"]) as f, Image.open(f) as webp:
            assert webp.format == "WEBP" and webp.size == (320, 480)
        with default_storage.open(rendition["jpeg"]) as f, Image.open(f) as jpeg:
            assert jpeg.format == "JPEG" and not jpeg.getexif()
    change_page = editor_client.get(f"/admin/catalog/product/{product.pk}/change/").content.decode()
    assert 'class="admin-photo-preview"' in change_page


def test_bulk_publish_and_unpublish(editor_client):
    products = [product_with_variant(is_published=False) for _ in range(3)]
    response = editor_client.post(
        "/admin/catalog/product/",
        {"action": "publish", "_selected_action": [p.pk for p in products[:2]]},
        follow=True,
    )
    assert "2 products changed." in response.content.decode()
    assert Product.objects.filter(is_published=True).count() == 2
    editor_client.post(
        "/admin/catalog/product/", {"action": "unpublish", "_selected_action": [products[0].pk]}
    )
    assert Product.objects.filter(is_published=True).count() == 1


def test_low_stock_filter_lists_products_running_out(editor_client):
    category = CategoryFactory()
    low = product_with_variant(category=category, name="Nearly gone", stock=1)
    plenty = product_with_variant(category=category, name="Plenty", stock=30)
    VariantFactory(product=plenty, stock=20)
    html = editor_client.get("/admin/catalog/product/?stock=low").content.decode()
    assert low.name in html and plenty.name not in html
    html = editor_client.get("/admin/catalog/product/?q=Plenty").content.decode()
    assert "50" in html  # total stock column


def test_variant_stock_cannot_go_negative(editor_client):
    product = product_with_variant()
    data = product_form_data(product, photo_rows=0)
    data["variants-0-stock"] = "-1"
    response = editor_client.post(f"/admin/catalog/product/{product.pk}/change/", data)
    assert response.status_code == 200
    assert any("greater than or equal to 0" in e for e in field_errors(response))
    assert product.variants.get().stock == 5
    assert product.variants.get().price == Decimal("4990.00")


def test_the_product_page_edits_both_languages_side_by_side(editor_client):
    product = product_with_variant(name_sr_latn="Prsten sa granatom")
    page = editor_client.get(f"/admin/catalog/product/{product.pk}/change/").content.decode()
    for field in ("name", "description", "care_instructions", "stones", "manufacturer"):
        assert f'name="{field}_en"' in page, field
        assert f'name="{field}_sr_latn"' in page, field
    assert 'name="variants-0-option_sr_latn"' in page
    assert 'value="Prsten sa granatom"' in page


def test_a_published_product_without_serbian_text_is_flagged(editor_client):
    product = product_with_variant(name="Garnet Ring")
    page = editor_client.get(f"/admin/catalog/product/{product.pk}/change/").content.decode()
    assert "is published but its name or description is missing in: Serbian (Latin)" in page

    data = product_form_data(product, photo_rows=0)
    data.update(name_sr_latn="Prsten sa granatom", description_sr_latn="Srebrni prsten.")
    response = editor_client.post(f"/admin/catalog/product/{product.pk}/change/", data, follow=True)
    assert response.redirect_chain, field_errors(response)
    assert "is missing in" not in response.content.decode()
    product.refresh_from_db()
    assert (product.name_en, product.name_sr_latn) == ("Garnet Ring", "Prsten sa granatom")


def test_serbian_text_is_required_in_the_admin(editor_client):
    product = product_with_variant()
    data = product_form_data(product, photo_rows=0)
    data["name_sr_latn"] = ""
    response = editor_client.post(f"/admin/catalog/product/{product.pk}/change/", data)
    assert response.status_code == 200
    assert field_errors(response)
