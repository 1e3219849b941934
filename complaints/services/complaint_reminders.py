"""The daily reminder to customer care of complaint deadlines that have passed or come within
2 days (issue 12), once a day per recipient."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from paperwork.emails import Email, email_send_once

from ..complaint_selectors import complaint_next_due, complaints_due_soon_or_overdue
from ..rules import complaint_overdue

CUSTOMER_CARE = "Customer care"


def customer_care_recipients() -> list[str]:
    emails = (
        get_user_model()
        .objects.filter(groups__name=CUSTOMER_CARE, is_active=True, is_staff=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(emails) or [settings.STAFF_EMAIL]


def customer_care_digest_send(
    *, kind: str, today: datetime.date, subject: str, template: str, context: dict
) -> int:
    """Today's digest of `kind` to every customer care member, once a day each; returns how
    many went out now."""
    sent = 0
    for recipient in customer_care_recipients():
        sent += email_send_once(
            kind=kind,
            about=f"{kind.replace('_', '-')}-{today.isoformat()}",
            reference=recipient,
            recipient=recipient,
            language=settings.LANGUAGE_CODE,
            build=lambda: Email(subject=subject, template=template, context=context),
        )
    return sent


def complaint_deadline_reminders_send(*, today: datetime.date) -> int:
    """E-mail customer care the complaints due by the day after tomorrow; returns how many
    e-mails went out now (none when nothing is due or today's went out already)."""
    complaints = list(complaints_due_soon_or_overdue(today=today).order_by("answer_due", "pk"))
    if not complaints:
        return 0
    rows = [
        {
            "complaint": complaint,
            "due": complaint_next_due(complaint),
            "overdue": complaint_overdue(due=complaint_next_due(complaint), today=today),
        }
        for complaint in complaints
    ]
    context = {
        "today": today,
        "rows": rows,
        "list_url": f"{settings.SITE_URL.rstrip('/')}"
        f"{reverse('admin:complaints_complaint_changelist')}?due=soon",
    }
    return customer_care_digest_send(
        kind="complaint_deadlines",
        today=today,
        subject=_("Complaints due soon or overdue: %(count)d") % {"count": len(rows)},
        template="complaints/complaint/email/staff_deadlines",
        context=context,
    )
