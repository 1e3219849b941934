"""Documents issued for orders (stored PDFs) and the numbers of invoices and credit notes.

A document is a record of what the shop told or billed the customer: once issued it is never
changed or re-rendered. An invoice that turns out wrong is corrected by a credit note, a new
document that refers to it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from paperwork.models import IssuedDocument

from .order import Order


class DocumentKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Order confirmation")
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")
    WITHDRAWAL_FORM = "withdrawal_form", _("Withdrawal form")


# Every paid order gets exactly one of each; credit notes come as corrections require.
ONE_PER_ORDER = (DocumentKind.CONFIRMATION, DocumentKind.INVOICE, DocumentKind.WITHDRAWAL_FORM)
NUMBERED = (DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE)


def _document_path(document: "OrderDocument", filename: str) -> str:
    # The order's random public id keeps paths unguessable should MEDIA_ROOT ever be served.
    return f"orders/documents/{document.order.public_id}/{filename}"


class OrderDocument(IssuedDocument):
    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=20, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    amount = models.DecimalField(
        _("amount (RSD incl. VAT)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # The refund a credit note was issued for: one note per refund.
    refund = models.OneToOneField(
        "orders.Refund",
        verbose_name=_("refund"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_note",
    )
    file = models.FileField(_("PDF"), upload_to=_document_path, max_length=200)
    language = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("order document")
        verbose_name_plural = _("order documents")
        constraints = [
            models.UniqueConstraint(
                fields=("order", "kind"),
                condition=Q(kind__in=ONE_PER_ORDER),
                name="order_document_one_per_order",
            ),
            models.UniqueConstraint(
                fields=("number",), condition=~Q(number=""), name="order_document_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NUMBERED, number__gt="")
                | (~Q(kind__in=NUMBERED) & Q(number="")),
                name="order_document_numbered_kinds_have_numbers",
            ),
            models.CheckConstraint(
                condition=Q(kind=DocumentKind.CREDIT_NOTE, corrects__isnull=False, amount__gt=0)
                | (~Q(kind=DocumentKind.CREDIT_NOTE) & Q(corrects__isnull=True)),
                name="order_document_credit_note_refers_to_invoice",
            ),
        ]

    def __str__(self):
        label = self.get_kind_display()
        return f"{label} {self.number}" if self.number else f"{label} ({self.order})"


class DocumentSeries(models.TextChoices):
    INVOICE = "invoice", _("Invoices")
    CREDIT_NOTE = "credit_note", _("Credit notes")


class DocumentNumberCounter(models.Model):
    """The last number given out in a series and year. Numbers are taken under this row's lock
    inside the transaction that stores the document, so a failure leaves no gap."""

    series = models.CharField(max_length=20, choices=DocumentSeries.choices)
    year = models.PositiveSmallIntegerField()
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("series", "year"), name="document_counter_series_year")
        ]

    def __str__(self):
        return f"{self.series} {self.year}: {self.last_sequence}"
