from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .models import LegalDocument, LegalDocumentKind
from .selectors import legal_document_current, legal_document_versions


def _kind_or_404(kind: str) -> str:
    if kind not in LegalDocumentKind.values:
        raise Http404
    return kind


def document(request, kind, version=None):
    kind = _kind_or_404(kind)
    today = timezone.localdate()
    if version is None:
        shown = legal_document_current(kind=kind, today=today)
        if shown is None:
            raise Http404
    else:
        shown = get_object_or_404(
            LegalDocument, kind=kind, version=version, published_on__lte=today
        )
    return render(
        request,
        "legal/document.html",
        {"document": shown, "versions": legal_document_versions(kind=kind, today=today)},
    )


def contact(request):
    return render(request, "legal/contact.html")
