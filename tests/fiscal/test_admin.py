"""Staff see every receipt of an order, the ones that failed, and each day's reconciliation;
they send a failed receipt again."""

from decimal import Decimal

import pytest
from django.utils import timezone

from fiscal.models import IntentStatus
from fiscal.services import fiscal_intent_give_up, fiscal_plan_shipped
from paperwork.models import OutboxItem
from tests.accounts.second_factor import staff_login
from tests.orders.factories import paid_order
from tests.orders.staff_factories import staff_member

from .steps import advance_for, issue_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    staff_login(client, staff_member("manager@cestmoi.rs", role="Order manager"))
    return client


def test_the_order_page_in_admin_lists_its_receipts_and_a_failed_one(manager, fake_vsdc):
    order = paid_order()
    (advance,) = issue_all([advance_for(order)])
    close_intent, sale_intent = fiscal_plan_shipped(order_id=order.pk, now=timezone.now())
    (close,) = issue_all([close_intent])
    fiscal_intent_give_up(intent_id=sale_intent.pk, error="VsdcRejected: test", now=timezone.now())

    page = manager.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert advance.invoice_number in page
    assert close.invoice_number in page
    assert "VsdcRejected: test" in page
    assert "needs attention" in page  # the timeline's event


def test_reconciliation_shows_payments_without_a_receipt(manager, fake_vsdc):
    with_receipt, without = paid_order(), paid_order(email="marko@example.rs")
    (receipt,) = issue_all([advance_for(with_receipt)])
    page = manager.get("/admin/fiscal/fiscalreceipt/reconciliation/").content.decode()
    assert "1 payment, shipment or refund of this day has no fiscal receipt." in page
    assert receipt.invoice_number in page
    assert without.number in page
    assert "missing" in page
    yesterday = manager.get("/admin/fiscal/fiscalreceipt/reconciliation/?day=2023-01-01")
    assert "No payments, shipments or refunds on this day." in yesterday.content.decode()
    for day in ("garbage", "2026-02-30", "9999-99-99", "0001-01-01", "9999-12-31"):
        page = manager.get(f"/admin/fiscal/fiscalreceipt/reconciliation/?day={day}")
        assert page.status_code == 200


def test_staff_send_a_failed_receipt_again(manager, fake_vsdc):
    order = paid_order()
    intent = advance_for(order)
    fiscal_intent_give_up(intent_id=intent.pk, error="gave up", now=timezone.now())
    response = manager.post(
        "/admin/fiscal/fiscalintent/",
        {"action": "issue_again", "_selected_action": [str(intent.pk)]},
        follow=True,
    )
    assert "1 receipt will be issued again" in response.content.decode()
    intent.refresh_from_db()
    assert intent.status == IntentStatus.PENDING
    assert OutboxItem.objects.filter(key__startswith=f"fiscal.issue:{intent.pk}:again").exists()
    assert intent.amount == Decimal("10430.00")


def test_the_dashboard_counts_receipts_not_issued(manager, fake_vsdc):
    advance_for(paid_order())  # planned, not issued yet
    page = manager.get("/admin/").content.decode()
    assert "Fiscal receipts not issued yet" in page
    assert "/admin/fiscal/fiscalintent/?status__in=pending,failed" in page
    listed = manager.get("/admin/fiscal/fiscalintent/?status__in=pending,failed")
    assert listed.status_code == 200
    assert "Waiting for the fiscal processor" in listed.content.decode()
