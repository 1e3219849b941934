"""The courier hears of a ready parcel once, with only what delivery needs: by e-mail with a
shipping label, or by a JSON POST to its API (the fake courier on 127.0.0.1), retried with
backoff, and staff are alerted when it keeps failing."""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from legal.seller import SELLER
from orders.couriers import parcel_weight_grams
from orders.models import (
    CourierNotification,
    CourierNotificationStatus,
    OrderEventKind,
    OrderLine,
)
from orders.services.couriers import courier_notify, courier_notify_later
from orders.tasks import COURIER_NOTICE_RETRIES, notify_courier
from paperwork.models import OutboxItem, OutboxState
from tests.paperwork.steps import enqueued, run_outbox_until_settled

from .factories import courier, guest_order, ring

pytestmark = pytest.mark.django_db

PAYLOAD_KEYS = {
    "order_number",
    "recipient_name",
    "phone",
    "street",
    "postal_code",
    "city",
    "country",
    "parcel_count",
    "weight_grams",
}


def ready_order(method):
    order = guest_order("jelena@example.rs", total="9980.00")
    order.delivery_method = method
    order.save(update_fields=["delivery_method"])
    variant = ring(price="4990.00")[0]  # the factory's product weighs 4.20 g
    OrderLine.objects.create(
        order=order,
        variant=variant,
        product_name="Luna ring",
        option="Size 54",
        sku=variant.sku,
        unit_price=Decimal("4990.00"),
        quantity=2,
        vat_rate=Decimal("20.00"),
        line_total=Decimal("9980.00"),
    )
    return order


@pytest.fixture
def api_courier(fake_courier):
    method = courier("D Express")
    method.notification_backend = "http"
    method.courier_api_url = fake_courier.url
    method.save()
    return method


@pytest.fixture
def email_courier():
    method = courier("Post Express")
    method.notification_backend = "email"
    method.courier_email = "pickup@posta.example.rs"
    method.save()
    return method


def test_weight_is_products_times_quantity_plus_packaging():
    assert parcel_weight_grams([(Decimal("4.20"), 2), (Decimal("12.05"), 1)]) == 171  # 170.45 ↑
    assert parcel_weight_grams([]) == 150


def test_api_courier_gets_exactly_the_allowed_fields(api_courier, fake_courier):
    order = ready_order(api_courier)
    notification = courier_notify(order_id=order.pk)
    assert notification.status == CourierNotificationStatus.SENT
    assert notification.sent_at is not None
    [post] = fake_courier.posts
    assert set(post["json"]) == PAYLOAD_KEYS  # the privacy policy: nothing more
    assert post["json"] == {
        "order_number": order.number,
        "recipient_name": "Jelena Petrović",
        "phone": "+381641234567",
        "street": "Knez Mihailova 12",
        "postal_code": "11000",
        "city": "Beograd",
        "country": "RS",
        "parcel_count": 1,
        "weight_grams": 159,  # 2 × 4.20 g + 150 g packaging, rounded up
    }
    assert post["headers"]["Idempotency-Key"] == f"{order.number}-1"
    assert post["headers"]["Content-Type"] == "application/json"
    assert "jelena@example.rs" not in str(post)


def test_a_second_call_does_not_notify_twice(api_courier, fake_courier):
    order = ready_order(api_courier)
    courier_notify(order_id=order.pk)
    courier_notify(order_id=order.pk)
    notify_courier.delay(order.pk)
    assert len(fake_courier.posts) == 1
    assert CourierNotification.objects.get().attempts == 1


def test_email_courier_gets_a_shipping_label(email_courier):
    order = ready_order(email_courier)
    courier_notify(order_id=order.pk)
    [message] = mail.outbox
    assert message.to == ["pickup@posta.example.rs"]
    assert order.number in message.subject
    assert "Phone: +381641234567" in message.body
    assert "jelena@example.rs" not in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"label-{order.number}.pdf", "application/pdf")
    pages = PdfReader(io.BytesIO(content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())  # lines wrap
    for expected in (
        "Jelena Petrović",
        "Knez Mihailova 12",
        "11000 Beograd, Serbia",  # the country by name, in the label's language
        "+381641234567",
        order.number,
        "1 parcel, 159 g",
        SELLER.business_name,
        SELLER.address,
    ):
        assert expected in text, expected
    assert "jelena@example.rs" not in text


def test_failures_are_retried_until_the_courier_answers(
    api_courier, fake_courier, django_capture_on_commit_callbacks
):
    order = ready_order(api_courier)
    fake_courier.fail_next(2)
    now = timezone.now()
    enqueued(django_capture_on_commit_callbacks, lambda: courier_notify_later(order=order, now=now))
    assert fake_courier.attempts == 1
    run_outbox_until_settled(now)
    notification = CourierNotification.objects.get()
    assert (notification.status, notification.attempts) == ("sent", 3)
    assert fake_courier.attempts == 3
    assert len(fake_courier.posts) == 1
    # Every retry of one notice carries the same key, so the courier books one pick-up.
    assert {p["headers"]["Idempotency-Key"] for p in fake_courier.posts} == {f"{order.number}-1"}
    assert mail.outbox == []
    assert OutboxItem.objects.get().state == OutboxState.DONE


def test_staff_are_alerted_when_retries_run_out(
    api_courier, fake_courier, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_EMAIL = "orders@cestmoi.rs"
    order = ready_order(api_courier)
    fake_courier.fail_next(100)
    now = timezone.now()
    enqueued(django_capture_on_commit_callbacks, lambda: courier_notify_later(order=order, now=now))
    run_outbox_until_settled(now)
    notification = CourierNotification.objects.get()
    assert notification.status == CourierNotificationStatus.FAILED
    assert notification.attempts == COURIER_NOTICE_RETRIES + 1
    assert "HTTP 503" in notification.last_error
    [alert] = mail.outbox
    assert alert.to == ["orders@cestmoi.rs"]
    assert order.number in alert.subject
    assert "arrange the pick-up by hand" in alert.body
    [event] = order.events.filter(kind=OrderEventKind.COURIER_NOTICE_FAILED)
    assert event.needs_attention and event.handled_at is None
    assert OutboxItem.objects.get().state == OutboxState.FAILED


def test_a_refusal_alerts_staff_at_once(
    api_courier, fake_courier, django_capture_on_commit_callbacks
):
    order = ready_order(api_courier)
    fake_courier.fail_next(1, status=422)
    now = timezone.now()
    enqueued(django_capture_on_commit_callbacks, lambda: courier_notify_later(order=order, now=now))
    assert fake_courier.attempts == 1
    assert len(mail.outbox) == 1
    assert OutboxItem.objects.get().state == OutboxState.FAILED


def test_courier_without_automatic_notice_is_skipped(fake_courier):
    order = ready_order(courier("Post Express"))
    assert courier_notify(order_id=order.pk).status == CourierNotificationStatus.SKIPPED
    assert fake_courier.attempts == 0
    assert mail.outbox == []
