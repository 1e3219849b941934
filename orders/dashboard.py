"""The orders app's panels on the admin index (registered in OrdersConfig.ready)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cestmoi.dashboard import Panel

from . import rules
from .models import FINAL_REFUND_STATUSES, Order, OrderEvent
from .models.refund import REFUND_STATUS_CHOICES
from .selectors import TO_SHIP, orders_by_delivery_risk, refunds_in_progress


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


def needs_attention_panel(request) -> Panel | None:
    if not request.user.has_perm("orders.view_orderevent"):
        return None
    return Panel(
        title=_("Order events needing attention"),
        count=OrderEvent.objects.filter(needs_attention=True, handled_at__isnull=True).count(),
        url=f"{reverse('admin:orders_needsattention_changelist')}?handled=no",
    )
