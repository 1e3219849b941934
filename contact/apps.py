from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "contact"
    verbose_name = _("Contact messages and contests")

    def ready(self):
        from cestmoi.dashboard import register_panel

        # The outbox runs tasks by name: they must be registered with Celery.
        from . import tasks  # noqa: F401
        from .dashboard import contact_messages_new_panel

        register_panel("contact_messages_new", contact_messages_new_panel)
