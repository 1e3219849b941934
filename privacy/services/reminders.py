"""The daily reminder to the privacy officers of requests overdue or due within 5 days, once a
day per recipient."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from paperwork.emails import Email, email_send_once

from .. import rules
from ..models import OPEN_STATES, DataRequest

PRIVACY_OFFICER = "Privacy officer"


def _recipients() -> list[str]:
    emails = (
        get_user_model()
        .objects.filter(groups__name=PRIVACY_OFFICER, is_active=True, is_staff=True)
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(emails) or [settings.STAFF_EMAIL]


def requests_due_soon_or_overdue(*, today: datetime.date):
    horizon = today + datetime.timedelta(days=rules.REQUEST_DUE_SOON_DAYS)
    return DataRequest.objects.filter(state__in=OPEN_STATES, due_on__lte=horizon).order_by(
        "due_on", "pk"
    )


def request_deadline_reminders_send(*, today: datetime.date) -> int:
    """E-mail the privacy officers the open requests due by `today` + 5 days; returns how many
    e-mails went out now."""
    rows = [
        {
            "data_request": data_request,
            "overdue": rules.request_overdue(due_on=data_request.due_on, today=today),
        }
        for data_request in requests_due_soon_or_overdue(today=today)
    ]
    if not rows:
        return 0
    context = {
        "today": today,
        "rows": rows,
        "list_url": f"{settings.SITE_URL.rstrip('/')}"
        f"{reverse('admin:privacy_datarequest_changelist')}",
    }
    sent = 0
    for recipient in _recipients():
        sent += email_send_once(
            kind="privacy_deadlines",
            about=f"privacy-deadlines-{today.isoformat()}",
            reference=recipient,
            recipient=recipient,
            language=settings.LANGUAGE_CODE,
            build=lambda: Email(
                subject=_("Privacy requests due soon or overdue: %(count)d") % {"count": len(rows)},
                template="privacy/email/staff_deadlines",
                context=context,
            ),
        )
    return sent
