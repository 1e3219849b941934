from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self):
        from cestmoi.dashboard import register_panel

        from . import tasks  # noqa: F401 - registers the tasks the outbox runs by name
        from .dashboard import (
            late_orders_panel,
            needs_attention_panel,
            orders_to_ship_panel,
            refunds_in_progress_panel,
        )

        register_panel("orders_to_ship", orders_to_ship_panel)
        register_panel("orders_late", late_orders_panel)
        register_panel("refunds_in_progress", refunds_in_progress_panel)
        register_panel("orders_needing_attention", needs_attention_panel)
