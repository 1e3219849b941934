import datetime

from .models import LegalDocument


def legal_document_current(*, kind: str, today: datetime.date) -> LegalDocument | None:
    """The version in force on `today`: the highest version already published."""
    return (
        LegalDocument.objects.filter(kind=kind, published_on__lte=today)
        .order_by("-version")
        .first()
    )


def legal_document_versions(*, kind: str, today: datetime.date):
    return LegalDocument.objects.filter(kind=kind, published_on__lte=today).only(
        "kind", "version", "published_on"
    )
