"""Staff and withdrawals: customer care registers statements received by post, marks goods or
proof received and refunds through (fake) Mollie; order managers only view; dates due are
highlighted and reminded daily."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from complaints.models import (
    WithdrawalChannel,
    WithdrawalEventKind,
    WithdrawalLineRefusal,
    WithdrawalStatement,
    WithdrawalStatus,
)
from complaints.services.withdrawal_reminders import withdrawal_deadline_reminders_send
from orders.models import Order, OrderLine
from tests.accounts.second_factor import staff_login
from tests.orders.staff_factories import staff_member

from .complaint_factories import delivered_order
from .withdrawal_factories import withdrawn

pytestmark = pytest.mark.django_db

CUSTOMER_CARE = "Customer care"
ORDER_MANAGER = "Order manager"
ADMIN = "/admin/complaints/withdrawalstatement"


def _login(client, role):
    user = staff_member(f"{role.split()[0].lower()}@cestmoi.rs", role=role)
    staff_login(client, user)
    return user


def test_customer_care_registers_a_statement_received_by_post(client, legal_texts):
    order = delivered_order(days_ago=20)  # on time by the postmark, received late
    [line] = order.lines.all()
    _login(client, CUSTOMER_CARE)
    form = client.get(f"{ADMIN}/receive/?order={order.number}")
    assert "Prsten Luna" in form.content.decode()
    postmark = order.delivered_on + datetime.timedelta(days=14)
    response = client.post(
        f"{ADMIN}/receive/?order={order.number}",
        {
            "channel": WithdrawalChannel.POST,
            "sent_on": postmark.isoformat(),
            "full_name": "Đorđe Šćepanović Žarković",
            "email": "",
            "address": "Knez Mihailova 12, Čačak",
            "lines": [str(line.pk)],
            f"quantity_{line.pk}": "1",
            "reason": "",
        },
    )
    assert response.status_code == 302
    statement = WithdrawalStatement.objects.get()
    assert statement.channel == WithdrawalChannel.POST and statement.order == order
    assert statement.registered_by.email == "customer@cestmoi.rs"
    [stated] = statement.lines.all()
    assert stated.quantity == 1 and stated.accepted  # sent on the last day: on time
    assert statement.return_due == postmark + datetime.timedelta(days=14)
    # No e-mail given: staff print the acknowledgement to post it.
    assert not mail.outbox
    pdf = client.get(f"{ADMIN}/{statement.pk}/acknowledgement.pdf")
    assert pdf["Content-Type"] == "application/pdf"


def test_a_posted_statement_sent_after_the_period_is_recorded_as_late(client, legal_texts):
    order = delivered_order(days_ago=20)
    [line] = order.lines.all()
    _login(client, CUSTOMER_CARE)
    client.post(
        f"{ADMIN}/receive/?order={order.number}",
        {
            "channel": WithdrawalChannel.IN_PERSON,
            "sent_on": timezone.localdate().isoformat(),
            "full_name": "Đorđe Žarković",
            "lines": [str(line.pk)],
        },
    )
    assert WithdrawalStatement.objects.get().lines.get().refusal == WithdrawalLineRefusal.LATE


def _paid_by_card_with_lines(client, fake_mollie) -> Order:
    """Paid through the fake Mollie: 2 × 4,990.00 + 450.00 delivery = 10,430.00 RSD."""
    from tests.orders.refund_steps import paid_order as paid_through_mollie

    order = paid_through_mollie(client, fake_mollie)
    Order.objects.filter(pk=order.pk).update(
        subtotal=Decimal("9980.00"),
        delivery_price=Decimal("450.00"),
        delivered_on=timezone.localdate() - datetime.timedelta(days=5),
        full_name="Jelena Petrović",
    )
    OrderLine.objects.create(
        order=order,
        product_name="Prsten Luna",
        sku="LUNA-54",
        unit_price=Decimal("4990.00"),
        quantity=2,
        vat_rate=Decimal("20.00"),
        line_total=Decimal("9980.00"),
    )
    order.refresh_from_db()
    return order


def test_goods_back_then_the_refund_through_mollie_with_the_delivery_cost(
    client, fake_mollie, legal_texts
):
    order = _paid_by_card_with_lines(client, fake_mollie)
    statement = withdrawn(order)
    _login(client, CUSTOMER_CARE)
    response = client.post(
        f"{ADMIN}/{statement.pk}/step/goods_back/",
        {"how": "goods", "received_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    page = client.get(f"{ADMIN}/{statement.pk}/step/refund/").content.decode()
    assert "Refund 10430.00 RSD" in page
    response = client.post(f"{ADMIN}/{statement.pk}/step/refund/", {"confirmed": "on"})
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.status == WithdrawalStatus.REFUNDED
    [refund] = order.refunds.all()
    assert refund.amount_rsd == Decimal("10430.00")
    assert statement.number in refund.reason
    [remote] = fake_mollie.payments()[0]["_embedded"]["refunds"]
    assert remote["amount"]["value"] == "88.99"  # the whole charge, in euros
    event = statement.events.get(kind=WithdrawalEventKind.REFUNDED)
    assert event.data["refund_id"] == refund.pk and event.data["delivery_included"] is True
    # Nothing can be refunded twice.
    again = client.post(f"{ADMIN}/{statement.pk}/step/refund/", {"confirmed": "on"})
    assert again.status_code == 200 and "cannot be refunded now" in again.content.decode()


def test_a_refund_that_cannot_be_made_leaves_the_statement_open(client, legal_texts):
    statement = withdrawn(delivered_order(days_ago=2))  # no card payment to refund to
    _login(client, CUSTOMER_CARE)
    response = client.post(f"{ADMIN}/{statement.pk}/step/refund/", {"confirmed": "on"})
    assert response.status_code == 200
    statement.refresh_from_db()
    assert statement.status == WithdrawalStatus.RECEIVED
    assert statement.events.filter(kind=WithdrawalEventKind.REFUND_FAILED).exists()


def test_order_managers_only_view(client, legal_texts):
    statement = withdrawn(delivered_order(days_ago=2))
    _login(client, ORDER_MANAGER)
    page = client.get(f"{ADMIN}/{statement.pk}/change/")
    assert page.status_code == 200
    assert statement.number in page.content.decode()
    assert "step/goods_back" not in page.content.decode()
    today = timezone.localdate().isoformat()
    assert (
        client.post(
            f"{ADMIN}/{statement.pk}/step/goods_back/", {"how": "goods", "received_on": today}
        ).status_code
        == 403
    )
    assert (
        client.post(f"{ADMIN}/{statement.pk}/step/refund/", {"confirmed": "on"}).status_code == 403
    )
    assert client.get(f"{ADMIN}/receive/").status_code == 403
    statement.refresh_from_db()
    assert statement.status == WithdrawalStatus.RECEIVED


def test_the_list_highlights_overdue_and_due_soon(client, legal_texts):
    order = delivered_order(days_ago=2)
    now = timezone.now()
    overdue = withdrawn(order, received_at=now - datetime.timedelta(days=20))
    soon = withdrawn(order, received_at=now - datetime.timedelta(days=13), email="b@example.rs")
    fine = withdrawn(order, received_at=now, email="c@example.rs")
    _login(client, ORDER_MANAGER)
    page = client.get(f"{ADMIN}/").content.decode()
    assert page.count("due-overdue") == 1
    assert page.count("due-soon") == 1
    filtered = client.get(f"{ADMIN}/?due=soon").content.decode()
    assert overdue.number in filtered and soon.number in filtered
    assert fine.number not in filtered
    index = client.get("/admin/").content.decode()
    assert "Withdrawals due soon or overdue" in index


def test_customer_care_is_reminded_once_a_day(legal_texts):
    staff_member("care@cestmoi.rs", role=CUSTOMER_CARE)
    statement = withdrawn(
        delivered_order(days_ago=2), received_at=timezone.now() - datetime.timedelta(days=13)
    )
    mail.outbox.clear()
    today = timezone.localdate()
    assert withdrawal_deadline_reminders_send(today=today) == 1
    assert withdrawal_deadline_reminders_send(today=today) == 0
    [message] = mail.outbox
    assert message.to == ["care@cestmoi.rs"]
    assert statement.number in message.body


def test_the_beat_schedule_holds_the_daily_reminder():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="complaints.withdrawal_deadline_reminders")
    assert task.enabled and task.crontab.hour == "7"
