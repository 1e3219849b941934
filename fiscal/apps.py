from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiscalConfig(AppConfig):
    name = "fiscal"
    verbose_name = _("Fiscal receipts")

    def ready(self):
        from cestmoi.dashboard import register_panel

        from . import tasks  # noqa: F401 - registers the tasks the outbox runs by name
        from .dashboard import receipts_not_issued_panel

        register_panel("fiscal_receipts_not_issued", receipts_not_issued_panel)
