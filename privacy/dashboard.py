"""The privacy requests panel on the admin index (registered in PrivacyConfig.ready)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cestmoi.dashboard import Panel

from .services.reminders import requests_due_soon_or_overdue


def requests_due_panel(request) -> Panel | None:
    if not request.user.has_perm("privacy.view_datarequest"):
        return None
    return Panel(
        title=_("Privacy requests due soon or overdue"),
        count=requests_due_soon_or_overdue(today=timezone.localdate()).count(),
        url=f"{reverse('admin:privacy_datarequest_changelist')}?due=soon",
    )
