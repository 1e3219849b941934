"""Each legal document version holds its text per language: Serbian shoppers read and accept
the Serbian version (Cyrillic is its transliteration), and the order records the version and
the language accepted. Version 1 (English only) is never edited: version 2 is new."""

import pytest
from django.conf import settings

from legal.models import LegalDocument
from tests.orders.checkout_steps import place_order
from tests.orders.factories import courier, ring, todays_rate

pytestmark = pytest.mark.django_db


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_the_migration_published_a_bilingual_version_and_kept_the_first():
    for kind in ("terms-of-service", "data-protection-rules", "privacy-policy"):
        first, second = LegalDocument.objects.filter(kind=kind).order_by("version")[:2]
        assert (first.version, second.version) == (1, 2)
        assert first.body_en and not first.body_sr_latn
        assert second.body_en and second.body_sr_latn and second.owner_review
    terms = LegalDocument.objects.get(kind="terms-of-service", version=2)
    for text in (terms.body_en, terms.body_sr_latn):
        assert "at the following link" not in text and "Banca Intesa" not in text
        assert "https://www.cestmoi.rs/complaints/new/" in text
        assert "https://www.cestmoi.rs/withdraw/form.pdf" in text
        assert "Mollie" in text
    rules = LegalDocument.objects.get(kind="data-protection-rules", version=2)
    assert "describe the identification procedure" not in rules.body_en
    privacy = LegalDocument.objects.get(kind="privacy-policy", version=2)
    assert "cestmoijewels.com" not in privacy.body_en + privacy.body_sr_latn


@pytest.mark.parametrize(
    ("language", "title", "sample"),
    [
        ("en", "Terms of Service", "Card payments are processed by our payment provider Mollie"),
        ("sr-latn", "Uslovi korišćenja", "Plaćanja karticama obrađuje naš pružalac"),
        ("sr", "Услови коришћења", "Плаћања картицама обрађује наш пружалац"),
    ],
)
def test_each_language_reads_its_text(client, language, title, sample):
    html = in_language(client, language).get("/legal/terms-of-service/").content.decode()
    assert title in html and sample in html
    # Addresses stay as they are in Cyrillic too.
    assert "https://www.cestmoi.rs/complaints/new/" in html


def test_the_first_version_stays_english_for_everyone(client):
    html = in_language(client, "sr-latn").get("/legal/terms-of-service/v1/").content.decode()
    assert "Banca Intesa" in html


@pytest.mark.parametrize("language", ["en", "sr-latn", "sr"])
def test_the_order_records_the_version_and_language_accepted(client, fake_mollie, language):
    todays_rate()
    variant = ring()[0]
    variant.option_sr_latn = "Veličina 54"
    variant.save()
    variant.product.name_sr_latn = "Prsten Luna"
    variant.product.save()
    order = place_order(in_language(client, language), variant, courier())
    assert order.terms.version == 2
    assert order.terms_language == language
    assert order.language == language
    # The snapshot keeps the names in the language (and script) the customer bought in.
    line = order.lines.get()
    assert (line.product_name, line.option) == {
        "en": ("Luna ring", "Size 54"),
        "sr-latn": ("Prsten Luna", "Veličina 54"),
        "sr": ("Прстен Луна", "Величина 54"),
    }[language]
    assert (
        order.delivery_estimate
        == {
            "en": "1–2 working days",
            "sr-latn": "1–2 radna dana",
            "sr": "1–2 радна дана",
        }[language]
    )


def test_a_version_without_serbian_text_is_recorded_as_read_in_english():
    first = LegalDocument.objects.get(kind="terms-of-service", version=1)
    assert first.language_shown("sr-latn") == "en"
    assert first.language_shown("en") == "en"
