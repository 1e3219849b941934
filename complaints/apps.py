from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints and withdrawals")

    def ready(self):
        from cestmoi.dashboard import register_panel

        # The outbox runs tasks by name: they must be registered with Celery.
        from . import tasks  # noqa: F401
        from .complaint_dashboard import complaints_due_panel, withdrawals_due_panel

        register_panel("complaints_due", complaints_due_panel)
        register_panel("withdrawals_due", withdrawals_due_panel)
