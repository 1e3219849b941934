from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from cestmoi.dashboard import register_panel

        # The outbox runs tasks by name: they must be registered with Celery.
        from . import tasks  # noqa: F401
        from .dashboard import requests_due_panel

        register_panel("privacy_requests_due", requests_due_panel)
