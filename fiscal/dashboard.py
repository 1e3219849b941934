"""The dashboard panel for receipts still waiting for the processor or failed (registered in
FiscalConfig): a receipt that is late is a tax problem, so staff see the count every day."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cestmoi.dashboard import Panel

from .models import FiscalIntent, IntentStatus


def receipts_not_issued_panel(request) -> Panel | None:
    if not request.user.has_perm("fiscal.view_fiscalintent"):
        return None
    return Panel(
        title=_("Fiscal receipts not issued yet"),
        count=FiscalIntent.objects.exclude(status=IntentStatus.ISSUED).count(),
        url=f"{reverse('admin:fiscal_fiscalintent_changelist')}?status__in=pending,failed",
    )
