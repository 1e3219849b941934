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


# Version 2 of each text: English corrected where the first version was a template (links,
# the identification procedure, the card processor and currency, the domain) and a Serbian
# text, which Serbian consumer law wants for the contract terms. Never an edit of version 1:
# orders point at the version their buyer accepted.
BILINGUAL_PUBLISHED_ON = datetime.date(2026, 12, 5)
BILINGUAL_DIR = TEXTS_DIR / "v2"
SERBIAN_TITLES = {
    "terms-of-service": "Uslovi korišćenja",
    "data-protection-rules": "Pravila o zaštiti podataka o ličnosti",
    "privacy-policy": "Politika privatnosti",
}
_CHECK_LINKS = (
    "The placeholders “at the following link” now point at the shop's real pages "
    "(www.cestmoi.rs/complaints/new/, /complaints/form.pdf, /withdraw/, /withdraw/form.pdf, "
    "/legal/data-protection-rules/): check that these are the addresses you want to publish."
)
OWNER_REVIEW = {
    "terms-of-service": "\n".join(
        (
            _CHECK_LINKS,
            "Card processor: version 1 named Banca Intesa and refunds “through VISA, EC/MC and "
            "Maestro”; the shop takes cards on Mollie's hosted page, so the text now says Mollie "
            "B.V. and refunds to the same card through Mollie. Confirm.",
            "Currency: version 1 said all payments are made in dinars; the shop charges the card "
            "in EUR at the NBS middle rate of the order day, showing amount, rate and date "
            "before confirmation. The text now says so. Confirm with Mollie and your bank.",
            "Withdrawal: version 1 required a handwritten signature and the invoice, which "
            "contradicts “in another unambiguous way” and the online form (Consumer Protection "
            "Law, art. 28); the text now asks only that the statement names the order. Confirm.",
            "The business name is written “C EST MOI ART JEWELERY” as in version 1: check it "
            "against the Business Registers Agency extract. A truncated PIB (10766160) was "
            "corrected to 107661603.",
            "The Serbian text is a translation made for this version: have it read by a lawyer.",
        )
    ),
    "data-protection-rules": "\n".join(
        (
            "“(describe the identification procedure - eg a link to an email)” is replaced by the "
            "procedure the shop uses: a confirmation link sent to the e-mail address used with "
            "the shop, or the request made while signed in. Confirm it matches how privacy "
            "requests are handled.",
            "“(Add if otherwise canceled or deleted from the mailing list)” is replaced by the "
            "newsletter's unsubscribe link.",
            "Version 1 listed payment card data among the data the shop collects; card data go "
            "to Mollie only. Mollie is now named as a recipient.",
            "Version 1 said data are kept “permanently”, which the storage limitation principle "
            "(Personal Data Protection Law, art. 5) does not allow; now: as long as the purpose "
            "requires, or as long as the law requires for records such as invoices. Confirm the "
            "actual retention periods.",
            "References to “part 1” and “section 1.3.” (which do not exist) now name the "
            "sections; a stray line “Address for receiving the shipment” under the contact "
            "details was removed.",
            "The Serbian text is a translation made for this version: have it read by a lawyer.",
        )
    ),
    "privacy-policy": "\n".join(
        (
            "The domain was “cestmoijewels.com”; it is now www.cestmoi.rs.",
            "“We work with an EV SSL certificate” could not be verified; it now says the site is "
            "reached only over HTTPS. Confirm.",
            "The closing paragraph was unreadable (“We never use your data to you other than "
            "prices to other customers”); it now says every customer sees the same prices and "
            "data are never sold.",
            "The sections on contests, repairs by another party, social media and the "
            "distribution center describe things the shop may not do: remove what does not apply.",
            "The Serbian text is a translation made for this version: have it read by a lawyer.",
        )
    ),
}


def seed_bilingual_versions(legal_document_model) -> int:
    """Publish the next version of every shop text that has no Serbian version yet, in English
    and Serbian, with what the owner should check; returns how many were made. Takes the
    model class so that a data migration can pass its historical model."""
    created = 0
    for kind, title in SHOP_TEXTS:
        versions = legal_document_model.objects.filter(kind=kind)
        if versions.exclude(body_sr_latn__isnull=True).exclude(body_sr_latn="").exists():
            continue
        latest = versions.order_by("-version").first()
        english = (BILINGUAL_DIR / "en" / f"{kind}.txt").read_text(encoding="utf-8")
        legal_document_model.objects.create(
            kind=kind,
            version=(latest.version if latest else 0) + 1,
            title=title,
            title_en=title,
            title_sr_latn=SERBIAN_TITLES[kind],
            body=english,
            body_en=english,
            body_sr_latn=(BILINGUAL_DIR / "sr_latn" / f"{kind}.txt").read_text(encoding="utf-8"),
            published_on=BILINGUAL_PUBLISHED_ON,
            owner_review=OWNER_REVIEW[kind],
        )
        created += 1
    return created
