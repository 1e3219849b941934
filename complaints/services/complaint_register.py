"""The register of received complaints ("evidencija primljenih reklamacija", Art. 56(1)):
kept at least 2 years from filing, paper or electronic, with the columns the law lists. One
function gives the rows; the admin page, the CSV and the PDF for an inspector all show them."""

import csv
import io

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cestmoi.formatting import local_date
from legal.seller import SELLER
from paperwork.pdf import render_pdf

from ..models import Complaint, ComplaintEventKind

COLUMNS = (
    ("number", gettext_lazy("Number")),
    ("name", gettext_lazy("Consumer's name")),
    ("received_on", gettext_lazy("Date of receipt")),
    ("channel", gettext_lazy("How received")),
    ("goods", gettext_lazy("Goods")),
    ("defect", gettext_lazy("Defect")),
    ("request", gettext_lazy("Request")),
    ("confirmed_on", gettext_lazy("Confirmation issued on")),
    ("decision", gettext_lazy("Decision")),
    ("decision_delivered_on", gettext_lazy("Decision delivered on")),
    ("agreed_deadline", gettext_lazy("Deadline agreed by the consumer")),
    ("resolution", gettext_lazy("How resolved")),
    ("resolved_on", gettext_lazy("Resolved on")),
    ("extension", gettext_lazy("Extension")),
)


def _day(value) -> str:
    return local_date(value)


def register_row(complaint: Complaint) -> dict[str, str]:
    extension = ""
    if complaint.extended_to:
        event = complaint.events.filter(kind=ComplaintEventKind.EXTENDED).last()
        extension = _("to %(date)s: %(reason)s") % {
            "date": _day(complaint.extended_to),
            "reason": event.note if event else "",
        }
    agreed = complaint.proposed_deadline if complaint.reply == "agreed" else None
    return {
        "number": complaint.number,
        "name": complaint.full_name,
        "received_on": _day(timezone.localdate(complaint.received_at)),
        "channel": complaint.get_channel_display(),
        "goods": " / ".join(complaint.goods.splitlines()),
        "defect": complaint.description,
        "request": complaint.get_remedy_display()
        + (f" ({_('consents to repair')})" if complaint.repair_consent else ""),
        "confirmed_on": _day(timezone.localdate(complaint.confirmed_at))
        if complaint.confirmed_at
        else "",
        "decision": complaint.get_decision_display(),
        "decision_delivered_on": _day(complaint.answered_on),
        "agreed_deadline": _day(agreed),
        "resolution": complaint.get_resolution_display(),
        "resolved_on": _day(complaint.resolved_on),
        "extension": extension,
    }


def register_rows(complaints: QuerySet[Complaint]) -> list[dict[str, str]]:
    return [register_row(c) for c in complaints.order_by("received_at", "pk")]


def register_csv(complaints: QuerySet[Complaint]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(label) for _key, label in COLUMNS])
    for row in register_rows(complaints):
        writer.writerow([row[key] for key, _label in COLUMNS])
    return buffer.getvalue()


def register_pdf(complaints: QuerySet[Complaint], *, now) -> bytes:
    return render_pdf(
        "complaints/complaint/pdf/register.html",
        {
            "seller": SELLER,
            "title": _("Register of received complaints"),
            "columns": [label for _key, label in COLUMNS],
            "rows": [[row[key] for key, _l in COLUMNS] for row in register_rows(complaints)],
            "printed_at": now,
        },
    )
