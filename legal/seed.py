"""The shop's own legal texts, shipped with the project in `legal/texts/`."""

import datetime
from pathlib import Path

TEXTS_DIR = Path(__file__).resolve().parent / "texts"
FIRST_PUBLISHED_ON = datetime.date(2026, 11, 24)

SHOP_TEXTS = (
    ("terms-of-service", "Terms of Service"),
    ("data-protection-rules", "Rules of Personal Data Protection"),
    ("privacy-policy", "Privacy Policy"),
)


def seed_shop_texts(legal_document_model) -> int:
    """Create version 1 of every shop text that has no version yet; returns how many were made.
    Takes the model class so that a data migration can pass its historical model."""
    created = 0
    for kind, title in SHOP_TEXTS:
        _, was_created = legal_document_model.objects.get_or_create(
            kind=kind,
            version=1,
            defaults={
                "title": title,
                "published_on": FIRST_PUBLISHED_ON,
                "body": (TEXTS_DIR / f"{kind}.txt").read_text(encoding="utf-8"),
            },
        )
        created += was_created
    return created
