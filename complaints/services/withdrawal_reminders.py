"""The daily reminder to customer care of withdrawal dates that have passed or come within 2
days (goods due back, refunds due), once a day per recipient, like complaints'."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from ..rules import complaint_overdue
from ..withdrawal_selectors import withdrawal_next_due, withdrawals_due_soon_or_overdue
from .complaint_reminders import customer_care_digest_send


def withdrawal_deadline_reminders_send(*, today: datetime.date) -> int:
    """E-mail customer care the open withdrawals due by the day after tomorrow; returns how
    many e-mails went out now (none when nothing is due or today's went out already)."""
    statements = list(withdrawals_due_soon_or_overdue(today=today).order_by("return_due", "pk"))
    if not statements:
        return 0
    rows = [
        {
            "statement": statement,
            "due": withdrawal_next_due(statement),
            "overdue": complaint_overdue(due=withdrawal_next_due(statement), today=today),
        }
        for statement in statements
    ]
    context = {
        "today": today,
        "rows": rows,
        "list_url": f"{settings.SITE_URL.rstrip('/')}"
        f"{reverse('admin:complaints_withdrawalstatement_changelist')}?due=soon",
    }
    return customer_care_digest_send(
        kind="withdrawal_deadlines",
        today=today,
        subject=_("Withdrawals due soon or overdue: %(count)d") % {"count": len(rows)},
        template="complaints/withdrawal/email/staff_deadlines",
        context=context,
    )
