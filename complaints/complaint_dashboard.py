"""The complaints panel on the admin index (registered in ComplaintsConfig.ready)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cestmoi.dashboard import Panel

from .complaint_selectors import complaints_due_soon_or_overdue
from .withdrawal_selectors import withdrawals_due_soon_or_overdue


def complaints_due_panel(request) -> Panel | None:
    if not request.user.has_perm("complaints.view_complaint"):
        return None
    return Panel(
        title=_("Complaints due soon or overdue"),
        count=complaints_due_soon_or_overdue(today=timezone.localdate()).count(),
        url=f"{reverse('admin:complaints_complaint_changelist')}?due=soon",
    )


def withdrawals_due_panel(request) -> Panel | None:
    if not request.user.has_perm("complaints.view_withdrawalstatement"):
        return None
    return Panel(
        title=_("Withdrawals due soon or overdue"),
        count=withdrawals_due_soon_or_overdue(today=timezone.localdate()).count(),
        url=f"{reverse('admin:complaints_withdrawalstatement_changelist')}?due=soon",
    )
