"""Order PDFs follow the buyer's language and script: Serbian dates "5. 12. 2026.", amounts
"10.430,00 RSD", and in Cyrillic the interface transliterated (the brand and codes stay Latin)."""

import pytest
from django.utils import timezone

from orders.models import DocumentKind
from orders.services.documents import order_documents_issue

from .factories import paid_order
from .test_documents import document_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"),
    [("sr-latn", ["Porudžbina", "Ukupno"]), ("sr", ["Поруџбина", "Укупно"])],
)
def test_the_confirmation_reads_in_the_buyers_script(language, words):
    order = paid_order(language=language)
    text = document_text(order_documents_issue(order_id=order.pk)[DocumentKind.CONFIRMATION])
    today = timezone.localdate()
    assert f"{today.day}. {today.month}. {today.year}." in text
    assert "10.430,00 RSD" in text
    for word in words:
        assert word in text, (word, text[:600])
