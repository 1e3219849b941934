"""The typed timeline: every kind reads in words in both languages, and the events that need a
person stay on the staff dashboard until someone marks them handled."""

import re

import pytest
from django.utils import translation

from orders.models import NEEDS_ATTENTION, OrderEvent, OrderEventKind
from orders.services.timeline import order_event_record
from tests.accounts.second_factor import staff_login

from .staff_factories import paid_order, staff_member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", OrderEventKind)
def test_every_event_kind_has_a_label_in_english_and_serbian(kind):
    with translation.override("en"):
        english = str(kind.label)
    with translation.override("sr-latn"):
        serbian = str(kind.label)
    assert english and english != kind.value
    assert serbian and serbian != english, f"{kind.value} has no Serbian label"


def attention_count(client) -> int:
    page = client.get("/admin/").content.decode()
    found = re.search(
        r'dashboard-count">(\d+)</span> <span class="dashboard-title">Order events needing', page
    )
    return int(found.group(1)) if found else 0


def test_events_needing_attention_stay_on_the_dashboard_until_handled(client):
    manager = staff_member("manager@cestmoi.rs", role="Order manager")
    staff_login(client, manager)
    order = paid_order()
    order_event_record(order=order, kind=OrderEventKind.EMAIL_SENT, note="order_paid")
    for kind in NEEDS_ATTENTION:
        order_event_record(order=order, kind=kind, note="look at me")
    assert attention_count(client) == len(NEEDS_ATTENTION)

    listing = client.get("/admin/orders/needsattention/?handled=no").content.decode()
    assert order.number in listing and "Paid, but the stock ran short" in listing
    shortfall = OrderEvent.objects.get(kind=OrderEventKind.STOCK_SHORTFALL)
    response = client.post(
        "/admin/orders/needsattention/",
        {"action": "mark_handled", "_selected_action": [shortfall.pk]},
    )
    assert response.status_code == 302
    shortfall.refresh_from_db()
    assert shortfall.handled_by == manager and shortfall.handled_at is not None
    assert attention_count(client) == len(NEEDS_ATTENTION) - 1

    # The order's own timeline shows it in words, handled.
    timeline = client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "Paid, but the stock ran short" in timeline
    assert "handled by manager@cestmoi.rs" in timeline
    assert "needs attention" in timeline


def test_staff_who_only_read_orders_cannot_mark_events_handled(client):
    staff_login(client, staff_member("care@cestmoi.rs", role="Customer care"))
    order = paid_order()
    event = order_event_record(order=order, kind=OrderEventKind.DUPLICATE_PAYMENT)
    client.post(
        "/admin/orders/needsattention/",
        {"action": "mark_handled", "_selected_action": [event.pk]},
    )
    event.refresh_from_db()
    assert event.handled_at is None


def test_customer_care_sees_the_list_without_acting_on_it(client):
    staff_login(client, staff_member("care2@cestmoi.rs", role="Customer care"))
    event = order_event_record(order=paid_order(), kind=OrderEventKind.STOCK_SHORTFALL)
    listing = client.get("/admin/orders/needsattention/")
    assert listing.status_code == 200
    assert event.order.number in listing.content.decode()
    assert "mark_handled" not in listing.content.decode()
