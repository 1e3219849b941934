"""Order documents and sent e-mails on the order's admin page, and the staff download view.
The inlines are read-only: documents are issued by the shop, never edited or added by hand."""

from django.contrib.admin import display as admin_display
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from paperwork.emails import emails_about

from ..models import OrderDocument
from ..views import document_response
from .base import ReadOnlyInline

ORDER_VIEW_PERMISSION = "orders.view_order"


class _IssuedRecordsInline(ReadOnlyInline):
    def has_view_permission(self, request, obj=None):
        # Part of the order: whoever may view the order sees them (as the download view checks).
        return request.user.has_perm(ORDER_VIEW_PERMISSION)


class OrderDocumentInline(_IssuedRecordsInline):
    model = OrderDocument
    fields = ("kind", "number", "language", "created_at", "download")
    readonly_fields = fields
    verbose_name_plural = _("Documents")

    @admin_display(description=_("PDF"))
    def download(self, document):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("orders:staff_document", args=(document.pk,)),
            document.filename,
        )


@admin_display(description=_("E-mails sent to the customer"))
def emails_sent(model_admin, order):
    rows = [
        format_html(
            "<li>{} {} – {}</li>",
            email.sent_at.strftime("%d.%m.%Y %H:%M"),
            email.kind,
            email.subject,
        )
        for email in emails_about(order.number)
    ]
    if not rows:
        return _("None yet.")
    return format_html("<ul>{}</ul>", format_html("".join(rows)))


@require_GET
@staff_member_required
def staff_document_download(request, document_id):
    if not request.user.has_perm(ORDER_VIEW_PERMISSION):
        raise PermissionDenied
    return document_response(get_object_or_404(OrderDocument, pk=document_id))
