"""Order documents: what the customer's PDFs say, invoice numbering, immutability, downloads."""

import io
import threading
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import User
from orders.access import order_access_key
from orders.models import DocumentKind, DocumentSeries, OrderDocument
from orders.services.documents import (
    DocumentsNotIssuable,
    credit_note_issue,
    document_number_next,
    order_documents_issue,
)
from paperwork.models import DocumentIsImmutable
from tests.accounts.second_factor import staff_login

from .factories import guest_order, paid_order

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    # Line breaks fall wherever the layout wraps: compare on single spaces.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def document_text(document: OrderDocument) -> str:
    with document.file.open("rb") as stored:
        return pdf_text(stored.read())


SELLER_FACTS = (
    "C EST MOI ART JEWELERY D.O.O. Belgrade - Old Town",
    "Balkanska no. 2, 11000 Belgrade, Serbia",
    "PIB (tax ID): 107661603",
    "Registration number: 20846739",
    "VAT payer number: 734130",
    "+381 11 20 55 008",
    "info@cestmoi.rs",
)


@pytest.fixture
def order():
    return paid_order()


def test_confirmation_is_the_contract_summary(order):
    text = document_text(order_documents_issue(order_id=order.pk)[DocumentKind.CONFIRMATION])
    for fact in SELLER_FACTS:
        assert fact in text
    assert "Đorđe Šćepanović Žarković" in text  # the buyer, diacritics intact
    assert "32000 Čačak" in text
    assert "Prsten Luna" in text
    assert "Veličina 54" in text
    assert "LUNA-54 4,990.00 RSD 2 9,980.00 RSD" in text
    assert "Delivery: Post Express 450.00 RSD" in text
    assert "20 % 8,691.67 RSD 1,738.33 RSD 10,430.00 RSD" in text  # VAT breakdown
    assert "€88.99 charged, at the NBS middle rate of" in text
    assert "(1 EUR = 117.2000 RSD)" in text
    today = timezone.localdate()
    assert f"{today.day} {today:%B %Y}" in text  # the rate's date, as "5 December 2026"
    assert "Terms of Use, version 1" in text
    assert "/legal/terms-of-service/v1/" in text
    assert "within 14 days of the day you receive the goods" in text
    assert "We answer within 8 days" in text
    assert "resolve it within 15 days" in text


def test_invoice_has_the_years_next_number_and_the_vat(order):
    invoice = order_documents_issue(order_id=order.pk)[DocumentKind.INVOICE]
    year = timezone.localdate().year
    assert invoice.number == f"{year}-0001"
    text = document_text(invoice)
    assert f"Invoice {year}-0001" in text
    assert f"Order {order.number}" in text
    for fact in SELLER_FACTS:
        assert fact in text
    assert "20 % 8,691.67 RSD 1,738.33 RSD 10,430.00 RSD" in text
    assert "Amount due: 0.00 RSD (paid in full)." in text

    second = order_documents_issue(order_id=paid_order(email="b@example.rs").pk)
    assert second[DocumentKind.INVOICE].number == f"{year}-0002"


def test_withdrawal_form_is_prefilled_in_the_prescribed_shape(order):
    form = order_documents_issue(order_id=order.pk)[DocumentKind.WITHDRAWAL_FORM]
    text = document_text(form)
    assert (
        "To C EST MOI ART JEWELERY D.O.O. Belgrade - Old Town, Balkanska no. 2, 11000 "
        "Belgrade, Serbia, phone +381 11 20 55 008, e-mail info@cestmoi.rs"
    ) in text
    assert (
        "I hereby give notice that I withdraw from my contract of sale of the following "
        "goods (*): 2 × Prsten Luna (Veličina 54), LUNA-54"
    ) in text
    paid_on = timezone.localtime(order.paid_at)
    contract_date = f"{paid_on.day} {paid_on:%B %Y}"
    assert (
        f"Date the contract was concluded {contract_date} Date the goods were received Reasons"
        in text
    )  # receipt blank
    assert "Reasons for withdrawal (optional)" in text
    assert "Name and surname of the consumer Đorđe Šćepanović Žarković" in text
    assert "Address of the consumer Knez Mihailova 12, 32000 Čačak" in text
    assert "Signature of the consumer (only if this form is sent on paper)" in text
    assert "(*) Delete as appropriate." in text


def test_issuing_again_returns_the_same_documents(order):
    first = order_documents_issue(order_id=order.pk)
    stored = {kind: document.file.name for kind, document in first.items()}
    again = order_documents_issue(order_id=order.pk)
    assert {kind: document.pk for kind, document in again.items()} == {
        kind: document.pk for kind, document in first.items()
    }
    assert {kind: document.file.name for kind, document in again.items()} == stored
    assert OrderDocument.objects.count() == 3


def test_issued_documents_cannot_be_changed_or_deleted(order):
    invoice = order_documents_issue(order_id=order.pk)[DocumentKind.INVOICE]
    invoice.number = "2026-9999"
    with pytest.raises(DocumentIsImmutable):
        invoice.save()
    with pytest.raises(DocumentIsImmutable):
        invoice.delete()
    assert OrderDocument.objects.get(pk=invoice.pk).number != "2026-9999"


def test_unpaid_orders_get_no_documents():
    with pytest.raises(DocumentsNotIssuable):
        order_documents_issue(order_id=guest_order("a@example.rs").pk)
    assert not OrderDocument.objects.exists()


def test_a_correction_is_a_credit_note_referring_to_the_invoice(order):
    invoice = order_documents_issue(order_id=order.pk)[DocumentKind.INVOICE]
    note = credit_note_issue(
        invoice_id=invoice.pk, amount=Decimal("4990.00"), reason="Ring returned"
    )
    year = timezone.localdate().year
    assert (note.kind, note.number, note.corrects_id) == (
        "credit_note",
        f"CN-{year}-0001",
        invoice.pk,
    )
    text = document_text(note)
    assert f"Credit note CN-{year}-0001" in text
    assert f"correcting invoice {invoice.number}" in text
    assert "Ring returned" in text
    assert "−4,158.33 RSD −831.67 RSD −4,990.00 RSD" in text
    assert OrderDocument.objects.get(pk=invoice.pk).file.name == invoice.file.name
    with pytest.raises(ValueError):
        credit_note_issue(invoice_id=invoice.pk, amount=Decimal("99999.00"), reason="too much")


@pytest.mark.django_db(transaction=True)
def test_invoice_numbers_stay_sequential_and_unique_under_concurrency():
    threads_count = 8
    numbers, errors = [], []
    start = threading.Barrier(threads_count)

    def take():
        try:
            start.wait()
            from django.db import transaction

            with transaction.atomic():
                numbers.append(document_number_next(series=DocumentSeries.INVOICE, year=2031))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [f"2031-{n:04d}" for n in range(1, threads_count + 1)]


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_gives_each_order_one_invoice(legal_texts):
    orders = [paid_order(email=f"c{n}@example.rs") for n in range(4)]
    errors = []

    def issue(order_id):
        try:
            order_documents_issue(order_id=order_id)
            order_documents_issue(order_id=order_id)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(o.pk,)) for o in orders + orders[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    invoices = OrderDocument.objects.filter(kind=DocumentKind.INVOICE)
    year = timezone.localdate().year
    assert sorted(invoices.values_list("number", flat=True)) == [
        f"{year}-{n:04d}" for n in range(1, 5)
    ]
    assert sorted(invoices.values_list("order_id", flat=True)) == sorted(o.pk for o in orders)


# --- Downloads ------------------------------------------------------------------------------
def _document_url(order, document, key=None):
    url = f"/orders/{order.number}/documents/{document.pk}/"
    return f"{url}?key={key}" if key else url


def test_the_order_page_lists_documents_that_download_with_the_signed_key(client, order):
    documents = order_documents_issue(order_id=order.pk)
    key = order_access_key(order)
    page = client.get(f"/orders/{order.number}/?key={key}").content.decode()
    invoice = documents[DocumentKind.INVOICE]
    assert f"Invoice {invoice.number}" in page
    assert _document_url(order, invoice, key) in page
    response = client.get(_document_url(order, invoice, key))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert f"Invoice {invoice.number}" in pdf_text(b"".join(response.streaming_content))


def test_the_signed_in_owner_downloads_without_a_key(client):
    owner = User.objects.create_user(email="owner@example.rs", password="x-Secret-123")
    order = paid_order(user=owner)
    confirmation = order_documents_issue(order_id=order.pk)[DocumentKind.CONFIRMATION]
    client.force_login(owner)
    assert client.get(_document_url(order, confirmation)).status_code == 200


def test_strangers_get_404(client, order):
    confirmation = order_documents_issue(order_id=order.pk)[DocumentKind.CONFIRMATION]
    other = paid_order(email="other@example.rs")
    other_document = order_documents_issue(order_id=other.pk)[DocumentKind.CONFIRMATION]
    assert client.get(_document_url(order, confirmation)).status_code == 404
    assert client.get(_document_url(order, confirmation, "wrong-key")).status_code == 404
    client.force_login(User.objects.create_user(email="x@example.rs", password="x-Secret-123"))
    assert client.get(_document_url(order, confirmation)).status_code == 404
    # A valid key for one order opens none of another order's documents.
    key = order_access_key(order)
    assert client.get(_document_url(order, other_document, key)).status_code == 404


def test_staff_download_needs_the_documents_own_view_permission(client, order):
    invoice = order_documents_issue(order_id=order.pk)[DocumentKind.INVOICE]
    url = f"/staff/order-documents/{invoice.pk}/"
    assert client.get(url).status_code == 302  # to the admin login
    staff = User.objects.create_user(
        email="staff@example.rs", password="x-Secret-123", is_staff=True
    )
    staff_login(client, staff)
    assert client.get(url).status_code == 403
    # Viewing the order is not enough: the contract and invoice are records of their own.
    staff.user_permissions.add(Permission.objects.get(codename="view_order"))
    staff = User.objects.get(pk=staff.pk)
    staff_login(client, staff)
    assert client.get(url).status_code == 403
    assert url not in client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    staff.user_permissions.add(Permission.objects.get(codename="view_orderdocument"))
    staff = User.objects.get(pk=staff.pk)
    staff_login(client, staff)
    response = client.get(url)
    assert response.status_code == 200
    assert f"Invoice {invoice.number}" in pdf_text(b"".join(response.streaming_content))

    admin_page = client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert url in admin_page


def test_the_blank_withdrawal_form_downloads_from_the_site(client):
    info = client.get("/withdraw/").content.decode()
    assert 'href="/withdraw/form.pdf"' in info
    response = client.get("/withdraw/form.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert (
        "STATEMENT OF WITHDRAWAL FROM A CONTRACT CONCLUDED AT A DISTANCE OR OFF BUSINESS PREMISES"
        in text
    )
    assert "I hereby give notice that I withdraw from my contract of sale" in text
    assert "PIB (tax ID): 107661603" in text
    assert "Name and surname of the consumer Address of the consumer" in text  # blank
