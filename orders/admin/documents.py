"""Order documents and sent e-mails on the order's admin page, and the staff download view.
The records are read-only: documents are issued by the shop, never edited or added by hand.

Each is shown only to staff holding its own view permission, not to everyone who may view the
order. Migration 0008 gives `orders.view_orderdocument` to the order manager (sends and corrects
invoices) and to customer care (a complaint or withdrawal is answered against the contract and
invoice the customer holds), not to the privacy officer, who reads the order's personal data but
has no need for the invoice PDF (the invoice is kept for the tax law, not handed out on request)."""

from django.contrib.admin import display as admin_display
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cestmoi.formatting import local_datetime
from paperwork.emails import emails_about

from ..models import OrderDocument
from ..views import document_response
from .base import ReadOnlyInline

DOCUMENT_VIEW_PERMISSION = "orders.view_orderdocument"


class OrderDocumentInline(ReadOnlyInline):
    model = OrderDocument
    fields = ("kind", "number", "language", "created_at", "download")
    readonly_fields = fields
    verbose_name_plural = _("Documents")

    def has_view_permission(self, request, obj=None):
        # The download links show to exactly those the download view lets through.
        return request.user.has_perm(DOCUMENT_VIEW_PERMISSION)

    @admin_display(description=_("PDF"))
    def download(self, document):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("orders:staff_document", args=(document.pk,)),
            document.filename,
        )


@admin_display(description=_("E-mails sent to the customer"))
def emails_sent(model_admin, order):
    emails = list(emails_about(order.number))
    if not emails:
        return _("None yet.")
    rows = format_html_join(
        "",
        "<li>{} {} – {}</li>",
        (
            (
                local_datetime(email.sent_at),
                email.kind,
                email.subject,
            )
            for email in emails
        ),
    )
    return format_html("<ul>{}</ul>", rows)


@require_GET
@staff_member_required
def staff_document_download(request, document_id):
    if not request.user.has_perm(DOCUMENT_VIEW_PERMISSION):
        raise PermissionDenied
    return document_response(get_object_or_404(OrderDocument, pk=document_id))
