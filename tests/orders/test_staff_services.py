"""What staff do to orders (orders.services.staff), the delivery digest and customer blocks."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from orders.models import (
    CustomerBlock,
    DeliveryDigest,
    FulfilmentStatus,
    Order,
    OrderEvent,
    OrderEventKind,
)
from orders.services import staff
from orders.services.blocks import BlockError, customer_block, customer_block_lift
from orders.services.digest import delivery_digest_send
from orders.services.staff import (
    StaffActionError,
    order_cancel_with_refund,
    order_courier_notify,
    order_note_add,
    order_staff_move,
)
from tests.accounts.second_factor import staff_login

from .factories import courier
from .staff_factories import paid_by_card, paid_order

pytestmark = pytest.mark.django_db
S = FulfilmentStatus


@pytest.fixture
def manager(admin_user):
    return admin_user


def status_events(order):
    return list(
        OrderEvent.objects.filter(order=order, kind=OrderEventKind.STATUS_CHANGED).values_list(
            "from_status", "to_status", "actor__email", "note"
        )
    )


def test_staff_are_offered_only_the_moves_they_make_by_hand():
    assert staff.staff_moves_from(S.PAID) == [S.IN_PREPARATION, S.DELIVERY_FAILED]
    assert staff.staff_moves_from(S.IN_PREPARATION) == [S.SHIPPED, S.DELIVERY_FAILED]
    assert staff.staff_moves_from(S.SHIPPED) == [S.DELIVERED, S.DELIVERY_FAILED]
    assert staff.staff_moves_from(S.DELIVERY_FAILED) == [S.SHIPPED]
    assert staff.staff_moves_from(S.AWAITING_PAYMENT) == []
    assert staff.staff_moves_from(S.DELIVERED) == []


def subjects(mailoutbox):
    return [message.subject for message in mailoutbox]


def test_the_whole_way_from_paid_to_delivered(
    manager, mailoutbox, django_capture_on_commit_callbacks
):
    order = paid_order()
    method = order.delivery_method
    method.tracking_url_template = "https://posta.example/track?code={tracking_number}"
    method.save()
    with django_capture_on_commit_callbacks(execute=True):
        order_staff_move(now=timezone.now(), order_id=order.pk, to=S.IN_PREPARATION, actor=manager)
        order_staff_move(
            now=timezone.now(),
            order_id=order.pk,
            to=S.SHIPPED,
            actor=manager,
            tracking_number=" RR123456789RS ",
            note="two boxes",
        )
        order_staff_move(now=timezone.now(), order_id=order.pk, to=S.DELIVERED, actor=manager)
    order.refresh_from_db()
    assert order.status == S.DELIVERED
    assert order.tracking_number == "RR123456789RS"
    assert order.tracking_url == "https://posta.example/track?code=RR123456789RS"
    assert status_events(order) == [
        (S.PAID, S.IN_PREPARATION, manager.email, ""),
        (S.IN_PREPARATION, S.SHIPPED, manager.email, "two boxes"),
        (S.SHIPPED, S.DELIVERED, manager.email, ""),
    ]
    assert subjects(mailoutbox) == [f"Your order {order.number} is on its way"]
    assert "https://posta.example/track?code=RR123456789RS" in mailoutbox[0].body


def test_shipping_needs_a_tracking_number(manager, mailoutbox):
    order = paid_order(status=S.IN_PREPARATION)
    with pytest.raises(StaffActionError, match="tracking number"):
        order_staff_move(
            now=timezone.now(), order_id=order.pk, to=S.SHIPPED, actor=manager, tracking_number="  "
        )
    order.refresh_from_db()
    assert order.status == S.IN_PREPARATION
    assert mailoutbox == []


def test_a_move_not_allowed_from_the_current_status_is_refused(manager):
    order = paid_order()
    with pytest.raises(StaffActionError, match="cannot become Delivered"):
        order_staff_move(now=timezone.now(), order_id=order.pk, to=S.DELIVERED, actor=manager)
    with pytest.raises(StaffActionError):
        order_staff_move(now=timezone.now(), order_id=order.pk, to=S.CANCELED, actor=manager)
    with pytest.raises(StaffActionError):
        order_staff_move(now=timezone.now(), order_id=order.pk, to="teleported", actor=manager)
    assert status_events(order) == []


def test_unknown_order(manager):
    with pytest.raises(Order.DoesNotExist):
        order_staff_move(now=timezone.now(), order_id=987654, to=S.IN_PREPARATION, actor=manager)


def test_delivery_impossible_tells_the_customer_at_once(
    manager, mailoutbox, django_capture_on_commit_callbacks
):
    order = paid_order(status=S.SHIPPED)
    with django_capture_on_commit_callbacks(execute=True):
        order_staff_move(
            now=timezone.now(),
            order_id=order.pk,
            to=S.DELIVERY_FAILED,
            actor=manager,
            note="moved away",
        )
    assert subjects(mailoutbox) == [f"We cannot deliver your order {order.number}"]


def test_cancel_with_full_refund(manager, client, fake_mollie):
    order = paid_by_card(client, fake_mollie, status=S.DELIVERY_FAILED)
    order_cancel_with_refund(order_id=order.pk, actor=manager, note="customer moved abroad")
    order.refresh_from_db()
    assert order.status == S.CANCELED
    (refund,) = order.refunds.all()
    assert (refund.amount_rsd, refund.created_by) == (order.total, manager)
    assert fake_mollie.payments()[0]["amountRemaining"]["value"] == "0.00"


def test_a_refund_that_fails_is_reported_and_the_cancellation_stands(
    manager, client, fake_mollie, settings
):
    order = paid_by_card(client, fake_mollie)
    settings.MOLLIE_API_ENDPOINT = "http://127.0.0.1:1"  # Mollie unreachable
    with pytest.raises(StaffActionError, match="cancelled, but its refund did not go through"):
        order_cancel_with_refund(order_id=order.pk, actor=manager)
    order.refresh_from_db()
    assert order.status == S.CANCELED
    assert fake_mollie.payments()[0]["amountRefunded"]["value"] == "0.00"


@pytest.mark.parametrize("status", [S.SHIPPED, S.DELIVERED, S.AWAITING_PAYMENT, S.CANCELED])
def test_cancel_with_refund_only_before_delivery_and_after_payment(
    manager, client, fake_mollie, status
):
    order = paid_by_card(client, fake_mollie, status=status)
    with pytest.raises(StaffActionError):
        order_cancel_with_refund(order_id=order.pk, actor=manager)
    assert not order.refunds.exists()


def test_notify_courier_once_the_order_is_in_preparation(
    manager, fake_courier, django_capture_on_commit_callbacks
):
    order = paid_order(status=S.PAID)
    method = order.delivery_method
    method.notification_backend = "http"
    method.courier_api_url = fake_courier.url
    method.save()
    with pytest.raises(StaffActionError):
        order_courier_notify(order_id=order.pk, actor=manager)
    order_staff_move(now=timezone.now(), order_id=order.pk, to=S.IN_PREPARATION, actor=manager)
    with django_capture_on_commit_callbacks(execute=True):
        order_courier_notify(order_id=order.pk, actor=manager)
    assert [post["json"]["order_number"] for post in fake_courier.posts] == [order.number]
    assert OrderEvent.objects.filter(order=order, kind="courier_requested").count() == 1


def test_internal_notes(manager):
    order = paid_order()
    with pytest.raises(StaffActionError):
        order_note_add(order_id=order.pk, actor=manager, note="   ")
    order_note_add(order_id=order.pk, actor=manager, note="Customer called about engraving")
    note = OrderEvent.objects.get(order=order, kind="note")
    assert (note.actor, note.note, note.from_status) == (
        manager,
        "Customer called about engraving",
        S.PAID,
    )
    order.refresh_from_db()
    assert order.status == S.PAID


# --- Delivery digest ------------------------------------------------------------------------
def test_digest_lists_late_and_at_risk_orders_once_a_day(settings):
    settings.STAFF_EMAIL = "staff@cestmoi.example"
    late = paid_order(days_ago=31, number="CM-2026-000001")
    at_risk = paid_order(status=S.IN_PREPARATION, days_ago=26, number="CM-2026-000002")
    paid_order(days_ago=3, number="CM-2026-000003")
    paid_order(status=S.SHIPPED, days_ago=40, number="CM-2026-000004")
    from django.utils import timezone

    today = timezone.localdate()
    assert delivery_digest_send(today=today) == 2
    assert delivery_digest_send(today=today) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["staff@cestmoi.example"]
    assert "1 late, 1 at risk" in message.subject
    body = message.body
    assert late.number in body.split("At risk")[0]
    assert at_risk.number in body.split("At risk")[1]
    assert "CM-2026-000003" not in body and "CM-2026-000004" not in body
    assert DeliveryDigest.objects.get(day=today).order_count == 2


def test_no_digest_when_nothing_is_late():
    paid_order(days_ago=3)
    assert delivery_digest_send(today=datetime.date.today()) == 0
    assert mail.outbox == []


def test_the_digest_task_is_scheduled_daily():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="orders.send_delivery_digest")
    assert task.enabled and task.crontab.hour == "7"


# --- Customer blocks ------------------------------------------------------------------------
def test_blocks_need_a_customer_and_a_reason(manager):
    with pytest.raises(BlockError):
        customer_block(email="", user=None, reason="fraud", actor=manager)
    with pytest.raises(BlockError):
        customer_block(email="x@example.com", reason="  ", actor=manager)


def test_blocking_and_lifting(manager):
    block = customer_block(email=" Fraud@Example.com ", reason="chargebacks", actor=manager)
    assert block.email == "fraud@example.com"
    assert block.created_by == manager
    lifted = customer_block_lift(block_id=block.pk, actor=manager)
    assert lifted.lifted_by == manager and lifted.lifted_at is not None
    assert CustomerBlock.objects.count() == 1


def test_the_shipped_courier_without_tracking_page_gets_no_link(manager):
    order = paid_order(status=S.IN_PREPARATION)
    order.delivery_method = courier("D Express")
    order.save()
    order_staff_move(
        now=timezone.now(), order_id=order.pk, to=S.SHIPPED, actor=manager, tracking_number="DE1"
    )
    order.refresh_from_db()
    assert (order.tracking_number, order.tracking_url) == ("DE1", "")


def test_the_reconcile_and_sweep_tasks_are_scheduled():
    from django_celery_beat.models import PeriodicTask

    reconcile = PeriodicTask.objects.get(task="orders.reconcile_unconfirmed_refunds")
    sweep = PeriodicTask.objects.get(task="paperwork.outbox_sweep")
    assert (reconcile.enabled, reconcile.interval.every, reconcile.interval.period) == (
        True,
        5,
        "minutes",
    )
    assert (sweep.enabled, sweep.interval.every, sweep.interval.period) == (True, 1, "minutes")


# --- Fulfilment and money apart -------------------------------------------------------------
def test_partly_refunded_before_shipping_still_ships_and_delivered_is_final(
    client, fake_mollie, manager, django_capture_on_commit_callbacks, settings
):
    from decimal import Decimal

    from django.urls import reverse

    from orders.models import MoneyStatus
    from orders.selectors import orders_needing_attention
    from orders.services.refunds import refund_create

    order = paid_by_card(client, fake_mollie)
    refund = refund_create(
        order=order, amount_rsd=Decimal("1000.00"), reason="Missing earring", actor=manager
    )
    fake_mollie.set_refund_status(refund.provider_refund_id, "refunded", webhook=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/payments/webhook/", {"id": order.payments.get().provider_payment_id})
    order.refresh_from_db()
    assert (order.status, order.money_status) == (S.PAID, MoneyStatus.PARTIALLY_REFUNDED)

    # Still among the orders to ship, and still watched by the delivery deadline.
    staff_login(client, manager)
    page = client.get(reverse("admin:orders_order_changelist") + "?status__in=paid,in_preparation")
    assert order.number in page.content.decode()
    order.paid_at = timezone.now() - datetime.timedelta(days=31)
    order.save()
    assert order in orders_needing_attention(today=timezone.localdate())["late"]

    for to, extra in (
        (S.IN_PREPARATION, {}),
        (S.SHIPPED, {"tracking_number": "RR1"}),
        (S.DELIVERED, {"delivered_on": timezone.localdate()}),
    ):
        order_staff_move(now=timezone.now(), order_id=order.pk, to=to, actor=manager, **extra)
    order.refresh_from_db()
    assert order.status == S.DELIVERED
    assert order.delivered_on == timezone.localdate()
    assert order.money_status == MoneyStatus.PARTIALLY_REFUNDED
    assert staff.staff_moves_from(S.DELIVERED) == []
    with pytest.raises(StaffActionError):
        order_staff_move(
            now=timezone.now(), order_id=order.pk, to=S.SHIPPED, actor=manager, tracking_number="X"
        )


def test_the_delivery_date_is_corrected_with_a_reason(manager):
    order = paid_order(status=S.SHIPPED)
    today = timezone.localdate()
    order_staff_move(
        now=timezone.now(),
        order_id=order.pk,
        to=S.DELIVERED,
        actor=manager,
        delivered_on=today,
    )
    with pytest.raises(StaffActionError, match="future"):
        staff.order_delivery_date_correct(
            order_id=order.pk,
            actor=manager,
            delivered_on=today + datetime.timedelta(days=1),
            reason="typo",
            now=timezone.now(),
        )
    with pytest.raises(StaffActionError, match="why"):
        staff.order_delivery_date_correct(
            order_id=order.pk,
            actor=manager,
            delivered_on=today,
            reason=" ",
            now=timezone.now(),
        )
    earlier = today - datetime.timedelta(days=2)
    staff.order_delivery_date_correct(
        order_id=order.pk,
        actor=manager,
        delivered_on=earlier,
        reason="The courier's proof of delivery says so",
        now=timezone.now(),
    )
    order.refresh_from_db()
    assert order.delivered_on == earlier
    event = order.events.get(kind=OrderEventKind.DELIVERY_DATE_CORRECTED)
    assert (event.from_status, event.to_status) == (today.isoformat(), earlier.isoformat())
    assert event.note == "The courier's proof of delivery says so"
