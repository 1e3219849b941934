"""The order's timeline: every event is written here, typed by OrderEventKind."""

import datetime

from django.db import transaction

from ..models import NEEDS_ATTENTION, Order, OrderEvent, OrderEventKind


def order_event_record(
    *,
    order: Order | int,
    kind: OrderEventKind,
    actor=None,
    note: str = "",
    from_status: str = "",
    to_status: str = "",
) -> OrderEvent:
    """Add an event to the order's timeline. Events of the NEEDS_ATTENTION kinds stay on the
    staff dashboard until someone marks them handled."""
    order_id = order if isinstance(order, int) else order.pk
    return OrderEvent.objects.create(
        order_id=order_id,
        kind=OrderEventKind(kind),
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=note,
        from_status=from_status,
        to_status=to_status,
        needs_attention=kind in NEEDS_ATTENTION,
    )


def order_events_handle(*, event_ids, actor, now: datetime.datetime) -> int:
    """Staff: these events needing attention have been dealt with."""
    with transaction.atomic():
        return OrderEvent.objects.filter(
            pk__in=event_ids, needs_attention=True, handled_at__isnull=True
        ).update(handled_at=now, handled_by=actor)
