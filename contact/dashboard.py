"""The contact messages panel on the admin index (registered in ContactConfig.ready)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cestmoi.dashboard import Panel

from .models import ContactMessage, ContactMessageState


def contact_messages_new_panel(request) -> Panel | None:
    if not request.user.has_perm("contact.view_contactmessage"):
        return None
    return Panel(
        title=_("Contact messages waiting for an answer"),
        count=ContactMessage.objects.filter(state=ContactMessageState.NEW).count(),
        url=f"{reverse('admin:contact_contactmessage_changelist')}?state__exact=new",
    )
