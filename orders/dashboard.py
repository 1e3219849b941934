"""The panels of the admin index ("what needs attention"). A panel is a function taking the
request and returning a Panel, or None when this staff member may not see it. Apps register
theirs from their AppConfig.ready():

    from orders.dashboard import Panel, register_panel
    register_panel("complaints_open", complaints_panel)

A panel that fails is left out and logged: one broken panel must not close the admin."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rules
from .models import FINAL_REFUND_STATUSES, Order
from .models.refund import REFUND_STATUS_CHOICES
from .selectors import TO_SHIP, orders_by_delivery_risk, refunds_in_progress

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Panel:
    title: str
    count: int
    url: str


PanelFunction = Callable[..., Panel | None]
_panels: dict[str, PanelFunction] = {}


def register_panel(key: str, function: PanelFunction) -> None:
    """Add a panel (registering the same key again replaces it, so reloads are harmless)."""
    _panels[key] = function


def panels_for(request) -> list[Panel]:
    shown = []
    for key, function in _panels.items():
        try:
            panel = function(request)
        except Exception:
            logger.exception("Dashboard panel %s failed", key)
            continue
        if panel is not None:
            shown.append(panel)
    return shown


def _changelist(query: str) -> str:
    return f"{reverse('admin:orders_order_changelist')}?{query}"


def orders_to_ship_panel(request) -> Panel | None:
    if not request.user.has_perm("orders.view_order"):
        return None
    return Panel(
        title=_("Orders to ship"),
        count=Order.objects.filter(status__in=TO_SHIP).count(),
        url=_changelist("status__in=" + ",".join(TO_SHIP)),
    )


def late_orders_panel(request) -> Panel | None:
    if not request.user.has_perm("orders.view_order"):
        return None
    late = rules.DeliveryRisk.LATE
    return Panel(
        title=_("Late orders"),
        count=orders_by_delivery_risk(Order.objects, late, today=timezone.localdate()).count(),
        url=_changelist(f"risk={late}"),
    )


def refunds_in_progress_panel(request) -> Panel | None:
    if not request.user.has_perm("orders.view_refund"):
        return None
    waiting = [
        status for status, _label in REFUND_STATUS_CHOICES if status not in FINAL_REFUND_STATUSES
    ]
    return Panel(
        title=_("Refunds in progress"),
        count=refunds_in_progress().count(),
        url=f"{reverse('admin:orders_refund_changelist')}?status__in={','.join(waiting)}",
    )
