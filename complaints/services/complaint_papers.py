"""What a complaint's consumer receives on a durable medium: the confirmation of receipt (PDF
stating the register number and the date of receipt, Art. 56(2)), the answer e-mail with the
rights the terms promise, and the signed link to the complaint's page. The register's own
PDF for an inspector and the complaint form for post are rendered here too."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from legal.consumer_law import deadlines
from legal.seller import SELLER
from paperwork.documents import document_issue
from paperwork.emails import Email, email_send_once
from paperwork.models import SentEmail
from paperwork.pdf import render_pdf

from .. import rules
from ..models import Complaint, ComplaintDecision, ComplaintEventKind, ComplaintRemedy
from .complaints import complaint_answer_given, complaint_email_recorded

CONFIRMATION = "complaint_confirmation"
EMAIL_KINDS = {"received": "complaint_received", "answered": "complaint_answered"}

_signer = signing.Signer(salt="complaints.complaint-page")


def complaint_access_key(complaint: Complaint) -> str:
    return _signer.signature(complaint.public_id)


def complaint_link(complaint: Complaint) -> str:
    """The complaint page's path with its signed key: works without signing in."""
    return (
        f"{reverse('complaints:complaint_detail', args=(complaint.number,))}"
        f"?key={complaint_access_key(complaint)}"
    )


def complaint_visible_to(complaint: Complaint, *, user, key: str | None) -> bool:
    if user.is_authenticated and complaint.order_id and complaint.order.user_id == user.pk:
        return True
    return bool(key) and constant_time_compare(key, complaint_access_key(complaint))


def complaint_deadlines(complaint: Complaint) -> dict:
    """The dates that apply to the complaint now, for its page, e-mails and the register."""
    filed_on = timezone.localdate(complaint.received_at)
    return {
        "received_on": filed_on,
        "answer_due": complaint.answer_due,
        "resolution_latest": rules.complaint_resolution_latest(filed_on),
        "reply_due": (
            rules.complaint_reply_due(complaint.answered_on) if complaint.answered_on else None
        ),
        "resolution_due": complaint.resolution_due,
    }


def _context(complaint: Complaint) -> dict:
    return {
        "complaint": complaint,
        "seller": SELLER,
        **deadlines(),
        **complaint_deadlines(complaint),
        "complaint_url": settings.SITE_URL + complaint_link(complaint),
        "out_of_court_url": settings.SITE_URL + reverse("complaints:out_of_court"),
        "answer": complaint_answer_given(complaint),
        "rejected": complaint.decision == ComplaintDecision.REJECTED,
    }


def complaint_confirmation(complaint: Complaint):
    """The confirmation of receipt, issued once and stored."""
    return document_issue(
        kind=CONFIRMATION,
        reference=complaint.number,
        title=_("Confirmation of receipt of complaint"),
        language=complaint.language,
        filename=f"{complaint.number}-confirmation.pdf",
        build=lambda: render_pdf(
            "complaints/complaint/pdf/confirmation.html",
            {
                **_context(complaint),
                "title": _("Confirmation of receipt of complaint"),
                "number": complaint.number,
                "lines": complaint.goods.splitlines(),
            },
        ),
    )


def complaint_email_send(*, complaint_id: int, kind: str) -> bool:
    """Send the complaint's e-mail of `kind` once; returns whether it was sent now."""
    complaint = Complaint.objects.select_related("order").get(pk=complaint_id)
    sent = email_send_once(
        kind=EMAIL_KINDS[kind],
        about=complaint.number,
        recipient=complaint.email,
        language=complaint.language,
        build=lambda: _BUILDERS[kind](complaint),
    )
    if sent:
        complaint_email_recorded(
            complaint_id=complaint.pk,
            now=timezone.now(),
            kind=(
                ComplaintEventKind.CONFIRMATION_SENT
                if kind == "received"
                else ComplaintEventKind.ANSWER_SENT
            ),
        )
    return sent


def _received(complaint: Complaint) -> Email | None:
    if complaint.order_id is None and _confirmed_today(complaint):
        # Nothing ties this address to an order: at most one e-mail a day, so that the form
        # cannot be used to mail strangers. The complaint is registered all the same and its
        # page shows the number; staff see the withheld confirmation on the timeline.
        complaint_email_recorded(
            complaint_id=complaint.pk,
            kind=ComplaintEventKind.CONFIRMATION_WITHHELD,
            now=timezone.now(),
        )
        return None
    document = complaint_confirmation(complaint)
    return Email(
        subject=_("We received your complaint %(number)s") % {"number": complaint.number},
        template="complaints/complaint/email/received",
        context=_context(complaint),
        attachments=(document,),
    )


def _answered(complaint: Complaint) -> Email:
    return Email(
        subject=_("Our answer to your complaint %(number)s") % {"number": complaint.number},
        template="complaints/complaint/email/answered",
        context=_context(complaint),
    )


def _confirmed_today(complaint: Complaint) -> bool:
    return SentEmail.objects.filter(
        kind=EMAIL_KINDS["received"],
        recipient=complaint.email,
        sent_at__date=timezone.localdate(),
    ).exists()


_BUILDERS = {"received": _received, "answered": _answered}


def complaint_form_pdf(*, order=None, language: str) -> bytes:
    """The complaint form for those who complain by post or in person: blank, or pre-filled
    with an order's buyer and items (not stored: nothing was filed yet)."""
    with translation.override(language):
        return render_pdf(
            "complaints/complaint/pdf/form.html",
            {
                "seller": SELLER,
                "title": _("Complaint form"),
                "order": order,
                "lines": list(order.lines.all()) if order is not None else [],
                "remedies": ComplaintRemedy.choices,
                **deadlines(),
            },
        )
