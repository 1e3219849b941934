"""With AWS_STORAGE_BUCKET_NAME set, photos and documents go to S3-compatible object storage:
here a real S3 API over HTTP (moto's server on 127.0.0.1), the shop in a process of its own
configured only through the environment."""

import json
import os
import socket
import urllib.error
import urllib.request

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.foundation.test_settings import run_python

BUCKET = "cestmoi-media"
# README's policy ("Several web and worker nodes"): only the photo folders are public.
PUBLIC_PHOTOS_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": [f"arn:aws:s3:::{BUCKET}/products/*", f"arn:aws:s3:::{BUCKET}/demo/*"],
        }
    ],
}
PROBE = """
import io, json, django
django.setup()
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from catalog.demo_images import draw_piece
from catalog.services import photo_files_store

photo = photo_files_store(upload=io.BytesIO(draw_piece("ring", size=600)), folder="products/7")
invoice = default_storage.save("documents/invoice/3f9a/R-2026-0001.pdf", ContentFile(b"%PDF-1.7"))
with default_storage.open(invoice, "rb") as stored:
    invoice_bytes = stored.read().decode()
print(json.dumps({
    "backend": settings.STORAGES["default"]["BACKEND"],
    "photo_url": default_storage.url(photo.renditions[0]["webp"]),
    "invoice_bytes": invoice_bytes,
    "invoice_url": default_storage.url(invoice),
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""


@pytest.fixture
def s3():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_PHOTOS_POLICY))
    try:
        yield endpoint, client
    finally:
        server.stop()


def test_photos_and_documents_are_stored_in_the_bucket(s3):
    endpoint, client = s3
    result = run_python(
        PROBE,
        {
            "DJANGO_SETTINGS_MODULE": "cestmoi.settings",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_S3_REGION_NAME": "us-east-1",
            "HOME": os.environ.get("HOME", ""),
        },
    )
    assert result.returncode == 0, result.stderr
    shop = json.loads(result.stdout)
    assert shop["backend"] == "storages.backends.s3.S3Storage"
    assert shop["invoice_bytes"] == "%PDF-1.7"

    # The photo's address is the bucket's, unsigned (pages stay cacheable), and it answers.
    assert shop["photo_url"].startswith(f"{endpoint}/{BUCKET}/products/7/")
    assert "Signature" not in shop["photo_url"]
    with urllib.request.urlopen(shop["photo_url"], timeout=10) as response:
        assert response.read(12)[8:12] == b"WEBP"
    # Documents are not public: only the shop, with its credentials, reads them.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(shop["invoice_url"], timeout=10)
    assert refused.value.code == 403
    # Pages may show images from the bucket (Content-Security-Policy).
    assert endpoint in shop["img_src"]

    stored = {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert "documents/invoice/3f9a/R-2026-0001.pdf" in stored
    assert len([key for key in stored if key.startswith("products/7/")]) >= 3
    # Long browser caching for the content-hashed photo names.
    head = client.head_object(Bucket=BUCKET, Key=next(k for k in stored if k.endswith(".webp")))
    assert head["CacheControl"] == "public, max-age=31536000, immutable"
