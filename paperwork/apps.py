from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaperworkConfig(AppConfig):
    name = "paperwork"
    verbose_name = _("Documents, e-mails and background work")

    def ready(self):
        from cestmoi.dashboard import register_panel

        from . import tasks  # noqa: F401 - registers the outbox's own tasks
        from .dashboard import failed_work_panel

        register_panel("background_work_failed", failed_work_panel)
