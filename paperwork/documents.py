"""Stored PDF documents for any app: issued once per (kind, reference), never rendered again."""

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import translation

from .models import Document


def document_issue(
    *,
    kind: str,
    reference: str,
    title: str,
    language: str,
    filename: str,
    build: Callable[[], bytes],
) -> Document:
    """The document of `kind` for `reference`, rendering it with `build()` (in `language`)
    only the first time; a concurrent or repeated call returns the stored one."""
    existing = Document.objects.filter(kind=kind, reference=reference).first()
    if existing is not None:
        return existing
    with translation.override(language):
        pdf = build()
    document = Document(kind=kind, reference=reference, title=title[:200], language=language)
    document.file.save(filename, ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # Issued by someone else meanwhile; the file just written is left unreferenced.
        return Document.objects.get(kind=kind, reference=reference)
    return document
