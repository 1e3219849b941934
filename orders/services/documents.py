"""Issuing an order's documents: the order confirmation (the distance contract summary the law
asks to be given on a durable medium), the invoice, the withdrawal form pre-filled for the
order, and credit notes correcting an invoice. Documents are rendered once, stored and never
rendered again: the stored PDF is what the customer received."""

import functools
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from catalog.prices import money
from legal.consumer_law import deadlines
from legal.seller import SELLER
from paperwork.numbering import sequence_next
from paperwork.outbox import outbox_enqueue
from paperwork.pdf import render_pdf

from .. import rules
from ..models import (
    DocumentKind,
    DocumentNumberCounter,
    DocumentSeries,
    Order,
    OrderDocument,
    OrderEventKind,
    Refund,
)
from ..payments import ProviderPaymentStatus, ProviderRefundStatus
from .timeline import order_event_record

TEMPLATES = {
    DocumentKind.CONFIRMATION: "orders/pdf/confirmation.html",
    DocumentKind.INVOICE: "orders/pdf/invoice.html",
    DocumentKind.CREDIT_NOTE: "orders/pdf/credit_note.html",
    DocumentKind.WITHDRAWAL_FORM: "orders/pdf/withdrawal_form.html",
}
# Issued in this order when an order is paid: the invoice last, so that the invoice counter
# stays locked only while the invoice itself is rendered.
ON_PAYMENT = (DocumentKind.CONFIRMATION, DocumentKind.WITHDRAWAL_FORM, DocumentKind.INVOICE)
SERIES_PREFIX = {DocumentSeries.INVOICE: "", DocumentSeries.CREDIT_NOTE: "CN-"}


class DocumentsNotIssuable(Exception):
    """The order is not paid: there is no contract to document yet."""


def document_number(*, series: str, year: int, sequence: int) -> str:
    """2026-0001 for invoices, CN-2026-0001 for credit notes; numbering restarts every year."""
    return f"{SERIES_PREFIX[series]}{year}-{sequence:04d}"


def document_number_next(*, series: str, year: int) -> str:
    """The next number of the series. Call inside the transaction that stores the document: the
    counter row stays locked until it commits, so concurrent issuers queue up and a rollback
    gives the number back (invoice numbers must have no gaps)."""
    sequence = sequence_next(DocumentNumberCounter, series=series, year=year)
    return document_number(series=series, year=year, sequence=sequence)


def order_documents_later(*, order: Order, now) -> None:
    """Queue the paid order's documents in the outbox (inside the paying transaction)."""
    outbox_enqueue(
        "orders.issue_order_documents",
        key=f"orders.documents:{order.pk}",
        now=now,
        order_id=order.pk,
    )


def order_documents_issue(*, order_id: int) -> dict[str, OrderDocument]:
    """Issue the confirmation, invoice and withdrawal form of a paid order, each once. Calling
    it again returns the documents already issued and renders nothing."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        issued = {
            document.kind: document for document in order.documents.filter(kind__in=ON_PAYMENT)
        }
        if len(issued) == len(ON_PAYMENT):
            return issued
        if order.paid_at is None:
            raise DocumentsNotIssuable(f"Order {order.number} is not paid.")
        now = timezone.now()
        for kind in ON_PAYMENT:
            if kind not in issued:
                number = ""
                if kind == DocumentKind.INVOICE:
                    number = document_number_next(
                        series=DocumentSeries.INVOICE, year=timezone.localdate(now).year
                    )
                issued[kind] = _document_store(order=order, kind=kind, number=number, now=now)
        return issued


def credit_note_issue(
    *, invoice_id: int, amount: Decimal, reason: str, refund: Refund | None = None
) -> OrderDocument:
    """A correction of an issued invoice (a refund, a wrong amount): a new numbered document
    referring to the invoice; the invoice itself stays as issued."""
    with transaction.atomic():
        invoice = OrderDocument.objects.select_related("order").get(
            pk=invoice_id, kind=DocumentKind.INVOICE
        )
        order = Order.objects.select_for_update().get(pk=invoice.order_id)
        amount = money(Decimal(amount))
        if not Decimal("0") < amount <= order.total:
            raise ValueError(f"A credit note of {amount} RSD does not fit order {order.number}.")
        now = timezone.now()
        number = document_number_next(
            series=DocumentSeries.CREDIT_NOTE, year=timezone.localdate(now).year
        )
        return _document_store(
            order=order,
            kind=DocumentKind.CREDIT_NOTE,
            number=number,
            now=now,
            corrects=invoice,
            amount=amount,
            reason=reason,
            refund=refund,
        )


def credit_note_for_refund(*, refund_id: int) -> OrderDocument:
    """The credit note of a completed refund, issued once (the refund e-mail carries it)."""
    refund = Refund.objects.select_related("order").get(pk=refund_id)
    existing = OrderDocument.objects.filter(refund=refund).first()
    if existing is not None:
        return existing
    if refund.status != ProviderRefundStatus.REFUNDED:
        raise ValueError(f"Refund {refund.pk} is not completed; it gets no credit note yet.")
    invoice = order_documents_issue(order_id=refund.order_id)[DocumentKind.INVOICE]
    with transaction.atomic():
        # The refund row's lock makes a concurrent issuer wait, then find the note.
        Refund.objects.select_for_update().get(pk=refund.pk)
        existing = OrderDocument.objects.filter(refund=refund).first()
        if existing is not None:
            return existing
        return credit_note_issue(
            invoice_id=invoice.pk,
            amount=refund.amount_rsd,
            reason=refund.reason or str(DocumentKind.CREDIT_NOTE.label),
            refund=refund,
        )


def credit_note_later(*, refund: Refund, now) -> None:
    """Queue the credit note of a refund that has just completed."""
    outbox_enqueue(
        "orders.issue_credit_note",
        key=f"orders.credit_note:{refund.pk}",
        now=now,
        refund_id=refund.pk,
    )


def _document_store(
    *, order, kind, number, now, corrects=None, amount=None, reason="", refund=None
):
    with translation.override(order.language):
        context = {
            **document_context(order),
            "kind": kind,
            "title": DocumentKind(kind).label,
            "number": number,
            "issued_on": timezone.localdate(now),
            "corrects": corrects,
            "amount": amount,
            "amount_vat": rules.vat_split(amount) if amount is not None else None,
            "reason": reason,
        }
        pdf = render_pdf(TEMPLATES[kind], context)
    document = OrderDocument(
        order=order,
        kind=kind,
        number=number,
        corrects=corrects,
        amount=amount,
        refund=refund,
        language=order.language,
    )
    name = f"{number or kind}-{order.number}.pdf".replace("_", "-")
    # A rollback after this leaves an unreferenced file behind; the retry stores a new one.
    document.file.save(name, ContentFile(pdf), save=False)
    document.save()
    order_event_record(order=order, kind=OrderEventKind.DOCUMENT_ISSUED, note=str(document))
    return document


def document_context(order: Order | None) -> dict:
    """What every document shows; `order` None renders the blank withdrawal form."""
    context = {
        "seller": SELLER,
        **deadlines(),
        "order": order,
    }
    if order is None:
        return context
    payment = order.payments.filter(status=ProviderPaymentStatus.PAID).first()
    return {
        **context,
        "lines": list(order.lines.all()),
        "payment": payment,
        "vat": rules.vat_split(order.total),
        "vat_percent": int(rules.VAT_RATE * 100),
        "contract_date": timezone.localtime(order.paid_at).date() if order.paid_at else None,
        "terms_url": settings.SITE_URL + order.terms.get_absolute_url(),
    }


@functools.cache
def withdrawal_form_blank_pdf(*, language: str) -> bytes:
    """The blank withdrawal form for the site's download link. It depends only on the language
    and the code, so each process renders it once (rendering takes a noticeable fraction of a
    second); a deploy restarts the processes and with them the memo."""
    with translation.override(language):
        return render_pdf(
            TEMPLATES[DocumentKind.WITHDRAWAL_FORM],
            {**document_context(None), "title": DocumentKind.WITHDRAWAL_FORM.label},
        )
