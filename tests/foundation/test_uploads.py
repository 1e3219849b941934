"""Every place a file is uploaded (a customer's complaint photos, an editor's product photos)
refuses what is not a usable photo with a message saying why, and never answers with a server
error: text renamed .jpg, a decompression bomb (a few hundred bytes claiming billions of
pixels), a file too large, an SVG carrying a script."""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.images import MAX_UPLOAD_BYTES
from catalog.models import ProductImage
from complaints.complaint_forms import PHOTO_MAX_BYTES
from complaints.models import Complaint
from tests.catalog.factories import product_with_variant
from tests.catalog.test_admin import editor_client, field_errors, post_photo  # noqa: F401

pytestmark = pytest.mark.django_db


def png_claiming(width: int, height: int) -> bytes:
    """A valid PNG header with the given size and next to no pixel data: what a decompression
    bomb looks like before anything decodes it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


SVG_WITH_SCRIPT = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" onload="alert(1)">
<script>alert(document.cookie)</script><rect width="400" height="400"/></svg>"""

# name, content, what the message says (complaint form / product admin)
BAD_UPLOADS = {
    "text renamed .jpg": ("notes.jpg", b"Dear shop, this is not a photo.", "not a photo"),
    "decompression bomb": ("bomb.png", png_claiming(100_000, 100_000), "not a photo"),
    "half a bomb": ("wide.png", png_claiming(12_000, 12_000), "megapixels"),
    "SVG with a script": ("ring.svg", SVG_WITH_SCRIPT, "not a photo"),
    "SVG renamed .png": ("ring.png", SVG_WITH_SCRIPT, "not a photo"),
}


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_a_complaint_photo_that_is_no_photo_is_refused_and_the_customer_told(
    client, legal_texts, case
):
    name, content, reason = BAD_UPLOADS[case]
    response = client.post(
        "/complaints/new/",
        {
            "full_name": "Jelena",
            "email": "jelena@example.rs",
            "goods": "A silver ring",
            "description": "Broken",
            "remedy": "termination",
            "photos": [SimpleUploadedFile(name, content, "image/jpeg")],
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert not complaint.photos.exists()
    assert reason in client.get(response["Location"]).content.decode()


def test_a_huge_complaint_photo_is_refused_before_pillow_reads_it(client, legal_texts):
    huge = SimpleUploadedFile("huge.png", png_claiming(800, 600) + b"\0" * PHOTO_MAX_BYTES)
    response = client.post(
        "/complaints/new/",
        {
            "full_name": "Jelena",
            "email": "jelena@example.rs",
            "goods": "A silver ring",
            "description": "Broken",
            "remedy": "termination",
            "photos": [huge],
        },
    )
    assert response.status_code == 302
    assert "at most 5.0" in client.get(response["Location"]).content.decode()


ADMIN_REASONS = {"not a photo": "not a photo we can read", "megapixels": "megapixels"}


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_a_product_photo_that_is_no_photo_gets_a_form_error(editor_client, case):  # noqa: F811
    name, content, reason = BAD_UPLOADS[case]
    product = product_with_variant()
    response = post_photo(editor_client, product, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    errors = field_errors(response)
    assert any(ADMIN_REASONS[reason] in error for error in errors), errors
    assert not ProductImage.objects.exists()


def test_a_huge_product_photo_is_refused_for_its_size_before_pillow_reads_it(editor_client):  # noqa: F811
    huge = b"\xff" * (MAX_UPLOAD_BYTES + 1)
    product = product_with_variant()
    response = post_photo(editor_client, product, SimpleUploadedFile("huge.png", huge))
    assert response.status_code == 200
    errors = field_errors(response)
    assert any("photos may be at most 10.0" in error for error in errors), errors
