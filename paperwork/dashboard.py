"""The dashboard panel for background work that gave up (registered in PaperworkConfig)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cestmoi.dashboard import Panel

from .models import OutboxItem, OutboxState


def failed_work_panel(request) -> Panel | None:
    if not request.user.has_perm("paperwork.view_outboxitem"):
        return None
    return Panel(
        title=_("Background tasks that gave up"),
        count=OutboxItem.objects.filter(state=OutboxState.FAILED).count(),
        url=f"{reverse('admin:paperwork_outboxitem_changelist')}?state__exact=failed",
    )
