"""The order pipeline as staff use it in admin: only allowed buttons, a confirmation step,
errors as messages (never a 500), the timeline, the list's filters and the dashboard."""

import re
import uuid
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.models import CustomerBlock, FulfilmentStatus, Order, OrderEvent
from tests.accounts.second_factor import staff_login

from .staff_factories import paid_by_card, paid_order, staff_member

pytestmark = pytest.mark.django_db
S = FulfilmentStatus


@pytest.fixture
def staff_client(client):
    staff_login(client, staff_member("manager@cestmoi.rs", role="Order manager"))
    return client


def change_url(order):
    return f"/admin/orders/order/{order.pk}/change/"


def move_url(order, to):
    return f"/admin/orders/order/{order.pk}/move/{to}/"


def buttons(response):
    return re.findall(
        r'class="button pipeline-move" href="[^"]+">([^<]+)<', response.content.decode()
    )


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_order_page_offers_only_the_allowed_moves(staff_client):
    order = paid_order()
    page = staff_client.get(change_url(order))
    assert page.status_code == 200
    assert buttons(page) == ["In preparation", "Delivery failed"]
    assert "Cancel with full refund" in page.content.decode()
    assert "Notify courier" not in page.content.decode()
    order.status = S.IN_PREPARATION
    order.save()
    page = staff_client.get(change_url(order))
    assert buttons(page) == ["Shipped", "Delivery failed"]
    assert "Notify courier" in page.content.decode()


def test_a_move_is_confirmed_before_it_is_made(staff_client):
    order = paid_order()
    confirm_page = staff_client.get(move_url(order, S.IN_PREPARATION))
    assert confirm_page.status_code == 200
    assert "Confirm: In preparation" in confirm_page.content.decode()
    order.refresh_from_db()
    assert order.status == S.PAID
    response = staff_client.post(move_url(order, S.IN_PREPARATION), {"note": "packing today"})
    assert response.status_code == 302 and response.url == change_url(order)
    order.refresh_from_db()
    assert order.status == S.IN_PREPARATION
    page = staff_client.get(change_url(order))
    assert "is now In preparation" in " ".join(messages_of(response))
    assert "packing today" in page.content.decode()


def test_shipping_asks_for_the_tracking_number(staff_client):
    order = paid_order(status=S.IN_PREPARATION)
    page = staff_client.get(move_url(order, S.SHIPPED))
    assert 'name="tracking_number"' in page.content.decode()
    response = staff_client.post(move_url(order, S.SHIPPED), {"tracking_number": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    order.refresh_from_db()
    assert order.status == S.IN_PREPARATION


def test_a_move_no_longer_allowed_is_a_message_not_an_error(staff_client):
    order = paid_order(status=S.SHIPPED)
    response = staff_client.post(move_url(order, S.IN_PREPARATION))
    assert response.status_code == 302
    assert messages_of(response) == [
        f"Order {order.number} is Shipped; it cannot become In preparation."
    ]
    response = staff_client.get(move_url(order, S.IN_PREPARATION))
    assert response.status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/admin/orders/order/999999/move/shipped/",
        "/admin/orders/order/999999/cancel-refund/",
        "/admin/orders/order/999999/notify-courier/",
        "/admin/orders/order/999999/note/",
    ],
)
def test_unknown_order_is_404(staff_client, url):
    assert staff_client.post(url, {"note": "x", "tracking_number": "1"}).status_code == 404


def test_unknown_move_is_404(staff_client):
    order = paid_order()
    assert staff_client.get(move_url(order, "refunded")).status_code == 404
    assert staff_client.get(move_url(order, "nonsense")).status_code == 404


def test_refund_failure_is_shown_as_a_message(staff_client, client, fake_mollie, settings):
    order = paid_by_card(client, fake_mollie)
    settings.MOLLIE_API_ENDPOINT = "http://127.0.0.1:1"  # Mollie unreachable
    response = staff_client.post(f"/admin/orders/order/{order.pk}/cancel-refund/")
    assert response.status_code == 302
    assert "its refund did not go through" in messages_of(response)[-1]
    assert staff_client.get(change_url(order)).status_code == 200


def test_cancel_with_refund_from_the_order_page(staff_client, client, fake_mollie):
    order = paid_by_card(client, fake_mollie, status=S.DELIVERY_FAILED)
    page = staff_client.get(change_url(order)).content.decode()
    assert "Delivery is impossible: the customer has been told." in page
    confirm_page = staff_client.get(f"/admin/orders/order/{order.pk}/cancel-refund/")
    assert "Cancel and refund 10,430.00 RSD" in confirm_page.content.decode()
    staff_client.post(f"/admin/orders/order/{order.pk}/cancel-refund/", {"note": "moved abroad"})
    order.refresh_from_db()
    assert order.status == S.CANCELED
    assert order.refunds.get().amount_rsd == order.total


def test_timeline_newest_last_with_notes(staff_client):
    order = paid_order()
    staff_client.post(move_url(order, S.IN_PREPARATION))
    staff_client.post(f"/admin/orders/order/{order.pk}/note/", {"note": "Gift wrap please"})
    empty = staff_client.post(f"/admin/orders/order/{order.pk}/note/", {"note": " "})
    assert messages_of(empty)[-1] == "Write the note first."
    page = staff_client.get(change_url(order)).content.decode()
    timeline = page[page.index('class="timeline"') :]
    assert timeline.index("In preparation") < timeline.index("Gift wrap please")
    assert "manager@cestmoi.rs" in timeline
    assert OrderEvent.objects.filter(order=order, kind="note").count() == 1


# --- Order list -----------------------------------------------------------------------------
def changelist_queries(client, query=""):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/admin/orders/order/{query}")
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("query", ["", "?status__exact=paid", "?q=CM-2026", "?risk=late"])
def test_the_list_costs_the_same_queries_for_10_and_200_orders(staff_client, query):
    for n in range(10):
        paid_order(days_ago=n * 4, number=f"CM-2026-{n:06d}")
    few, _ = changelist_queries(staff_client, query)
    Order.objects.bulk_create(
        [
            Order(
                **{
                    field.name: getattr(template, field.name)
                    for field in Order._meta.concrete_fields
                    if field.name not in ("id", "number", "public_id", "idempotency_key")
                },
                number=f"CM-2026-{n:06d}",
                public_id=uuid.uuid4(),
                idempotency_key=uuid.uuid4(),
            )
            for n in range(10, 200)
            for template in [Order.objects.first()]
        ]
    )
    many, response = changelist_queries(staff_client, query)
    assert many == few
    assert response.context["cl"].result_count > 0


def test_late_and_at_risk_filters_and_flags(staff_client):
    late = paid_order(days_ago=31, number="CM-2026-000031")
    at_risk = paid_order(status=S.IN_PREPARATION, days_ago=25, number="CM-2026-000025")
    paid_order(days_ago=2, number="CM-2026-000002")
    paid_order(status=S.DELIVERED, days_ago=35, number="CM-2026-000035")
    _, response = changelist_queries(staff_client, "?risk=late")
    assert [o.number for o in response.context["cl"].result_list] == [late.number]
    _, response = changelist_queries(staff_client, "?risk=at_risk")
    assert [o.number for o in response.context["cl"].result_list] == [at_risk.number]
    _, response = changelist_queries(staff_client, "?risk=whatever")
    assert response.context["cl"].result_count == 4
    page = staff_client.get("/admin/orders/order/").content.decode()
    assert page.count('class="risk risk-late"') == 1
    assert page.count('class="risk risk-at_risk"') == 1


@pytest.mark.parametrize("term", ["000777", "Jelena", "ANA@EXAMPLE", "+38164123"])
def test_search_by_number_name_email_phone(staff_client, term):
    paid_order(number="CM-2026-000777")
    _, response = changelist_queries(staff_client, f"?q={term}")
    assert [o.number for o in response.context["cl"].result_list] == ["CM-2026-000777"]


# --- Dashboard ------------------------------------------------------------------------------
def test_dashboard_panels_and_sales_chart(staff_client):
    paid_order(days_ago=1, total="5000.00")
    paid_order(status=S.IN_PREPARATION, days_ago=31)
    paid_order(status=S.SHIPPED, days_ago=2)
    page = staff_client.get("/admin/").content.decode()
    assert re.search(
        r'dashboard-count">2</span> <span class="dashboard-title">Orders to ship', page
    )
    assert re.search(r'dashboard-count">1</span> <span class="dashboard-title">Late orders', page)
    assert page.count('class="sales-bar"') == 30
    assert "Paid sales, last 30 days: 9,990.00 RSD" in page
    assert "<script" not in page.split('class="staff-dashboard"')[1].split("</section>")[0]


def test_dashboard_counts_refunds_waiting_for_mollie(staff_client, client, fake_mollie):
    from orders.services.refunds import refund_create

    order = paid_by_card(client, fake_mollie)
    refund_create(order=order, amount_rsd=Decimal("1000.00"), reason="scratch", actor=None)
    page = staff_client.get("/admin/").content.decode()
    assert re.search(
        r'dashboard-count">1</span> <span class="dashboard-title">Refunds in progress', page
    )
    refunds_list = staff_client.get("/admin/orders/refund/?status__in=queued,pending,processing")
    assert order.number in refunds_list.content.decode()


def test_dashboard_hides_order_panels_from_staff_without_order_access(client):
    staff_login(client, staff_member("editor@cestmoi.rs", role="Catalog editor"))
    page = client.get("/admin/").content.decode()
    assert "Orders to ship" not in page and "sales-chart" not in page


def test_a_failing_panel_is_left_out(staff_client):
    from cestmoi import dashboard

    def broken(request):
        raise RuntimeError("table missing")

    dashboard.register_panel("broken", broken)
    try:
        response = staff_client.get("/admin/")
    finally:
        dashboard._panels.pop("broken")
    assert response.status_code == 200
    assert "Orders to ship" in response.content.decode()


# --- Customer blocks in admin ---------------------------------------------------------------
def test_blocks_are_added_and_lifted_in_admin_and_logged(staff_client):
    from django.contrib.admin.models import LogEntry

    missing = staff_client.post("/admin/orders/customerblock/add/", {"reason": "fraud"})
    assert "Give the e-mail address or the account to block." in missing.content.decode()
    response = staff_client.post(
        "/admin/orders/customerblock/add/", {"email": "Thief@Example.com", "reason": "fraud"}
    )
    assert response.status_code == 302
    block = CustomerBlock.objects.get()
    assert block.email == "thief@example.com"
    assert block.created_by.email == "manager@cestmoi.rs"
    staff_client.post(
        "/admin/orders/customerblock/",
        {"action": "lift_blocks", "_selected_action": [block.pk]},
    )
    block.refresh_from_db()
    assert block.lifted_by.email == "manager@cestmoi.rs"
    assert LogEntry.objects.filter(object_id=str(block.pk)).count() == 2
