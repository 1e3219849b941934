import datetime

import pytest
from django.utils import timezone

from legal.models import LegalDocument, LegalDocumentKind
from legal.seed import SHOP_TEXTS

pytestmark = pytest.mark.django_db


def test_migrations_seed_the_shops_own_texts():
    kinds = set(LegalDocument.objects.values_list("kind", flat=True))
    assert kinds == {kind for kind, _ in SHOP_TEXTS}
    terms = LegalDocument.objects.get(kind=LegalDocumentKind.TERMS, version=1)
    assert "Statistic number: 20846739" in terms.body
    assert "Personal data protection rules" not in terms.body
    privacy = LegalDocument.objects.get(kind=LegalDocumentKind.PRIVACY, version=1)
    assert "Mollie" in privacy.body


def test_terms_page_shows_the_current_version_with_headings(client):
    response = client.get("/legal/terms-of-service/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>Right to withdraw</h2>" in html
    assert "within 14 days from the date of receipt of the product" in html
    assert "Version 1" in html


def test_new_version_replaces_the_old_one_only_from_its_publication_date(client):
    today = timezone.localdate()
    LegalDocument.objects.create(
        kind=LegalDocumentKind.TERMS,
        version=3,  # version 2 (English and Serbian) comes with the migrations
        title="Terms of Service",
        published_on=today - datetime.timedelta(days=1),
        body="NEW TERMS\nVersion two text.",
    )
    LegalDocument.objects.create(
        kind=LegalDocumentKind.TERMS,
        version=4,
        title="Terms of Service",
        published_on=today + datetime.timedelta(days=7),
        body="FUTURE TERMS\nNot yet.",
    )
    current = client.get("/legal/terms-of-service/").content.decode()
    assert "Version two text." in current
    assert "Not yet." not in current
    # The version a customer accepted stays readable at its own address.
    assert "Right to withdraw" in client.get("/legal/terms-of-service/v1/").content.decode()
    assert client.get("/legal/terms-of-service/v4/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/legal/unknown/", "/legal/terms-of-service/v99/", "/legal/privacy-policy/v0/"]
)
def test_unknown_documents_are_404_in_the_shop_layout(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "20846739" in response.content.decode()  # footer of the shop's layout


def test_published_versions_cannot_change_kind_or_number_in_admin(admin_client):
    terms = LegalDocument.objects.get(kind=LegalDocumentKind.TERMS, version=1)
    page = admin_client.get(f"/admin/legal/legaldocument/{terms.pk}/change/").content.decode()
    assert 'name="version"' not in page
    assert 'name="body_en"' in page and 'name="body_sr_latn"' in page
