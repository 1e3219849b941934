"""Telling the courier that an order's parcel is ready, once per shipment, and telling staff
when that keeps failing; and a test notice staff send when they set a courier up."""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from legal.seller import SELLER
from paperwork.outbox import outbox_enqueue

from ..couriers import (
    CourierError,
    Shipment,
    get_courier_backend,
    parcel_weight_grams,
    shipment_for,
)
from ..models import (
    CourierBackendChoice,
    CourierNotification,
    CourierNotificationStatus,
    DeliveryMethod,
    Order,
    OrderEventKind,
)
from .timeline import order_event_record

S = CourierNotificationStatus
logger = logging.getLogger(__name__)

TEST_NUMBER_PREFIX = "TEST-"


def courier_notify_later(*, order: Order, now: datetime.datetime, shipment: int = 1) -> None:
    """Queue the courier notice in the outbox, inside the transaction of the staff action."""
    outbox_enqueue(
        "orders.notify_courier",
        key=f"orders.courier:{order.pk}:{shipment}",
        now=now,
        order_id=order.pk,
        shipment=shipment,
    )


def courier_notify(*, order_id: int, shipment: int = 1) -> CourierNotification:
    """Notify the order's courier through its configured backend. Idempotent: a notice sent
    once is never sent again. The notice's row stays locked while the backend sends, so two
    workers never send it at the same time (the order row is not locked: staff keep working);
    a crash after sending but before commit sends again on retry, which the idempotency key
    covers for the API backend. Raises the backend's CourierError after recording it."""
    order = Order.objects.select_related("delivery_method").get(pk=order_id)
    method = order.delivery_method
    backend_name = method.notification_backend if method else CourierBackendChoice.NONE
    notification, _ = CourierNotification.objects.get_or_create(
        order=order, shipment=shipment, defaults={"backend": backend_name}
    )
    failure = None
    with transaction.atomic():
        notification = CourierNotification.objects.select_for_update().get(pk=notification.pk)
        if notification.status in (S.SENT, S.SKIPPED):
            return notification
        backend = get_courier_backend(backend_name)
        notification.backend = backend_name
        if backend is None:
            notification.status = S.SKIPPED
        else:
            notification.attempts += 1
            try:
                backend.send(
                    shipment_for(order),
                    method=method,
                    idempotency_key=f"{order.number}-{shipment}",
                )
            except CourierError as error:
                failure = error
                notification.status = S.FAILED
                notification.last_error = str(error)[:2000]
            else:
                notification.status = S.SENT
                notification.sent_at = timezone.now()
                notification.last_error = ""
                order_event_record(
                    order=order,
                    kind=OrderEventKind.COURIER_NOTIFIED,
                    note=f"{backend_name}, shipment {shipment}",
                )
        notification.save()
    if failure is not None:
        raise failure
    return notification


def courier_failure_alert(*, order_id: int, shipment: int, error: str) -> None:
    """Put it on the dashboard and e-mail staff: the courier could not be notified (retries
    ran out)."""
    order = Order.objects.get(pk=order_id)
    order_event_record(order=order, kind=OrderEventKind.COURIER_NOTICE_FAILED, note=error[:2000])
    link = settings.SITE_URL + reverse("admin:orders_order_change", args=(order.pk,))
    send_mail(
        subject=_("Courier not notified: order %(number)s") % {"number": order.number},
        message=_(
            "The courier of order %(number)s (%(courier)s, shipment %(shipment)s) could not be "
            "notified, and the shop has stopped trying. Please arrange the pick-up by hand.\n\n"
            "Last error: %(error)s\n\n%(link)s"
        )
        % {
            "number": order.number,
            "courier": order.delivery_name,
            "shipment": shipment,
            "error": error,
            "link": link,
        },
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[settings.STAFF_EMAIL],
    )


def courier_test_shipment(*, now) -> Shipment:
    """Made-up parcel for a test notice: a TEST- number and the shop itself as the recipient
    (its address from legal.seller, "Street, 11000 City, Country"), never a customer's data."""
    street, postal_code_and_city, _country = (part.strip() for part in SELLER.address.split(","))
    postal_code, city = postal_code_and_city.split(" ", 1)
    return Shipment(
        order_number=f"{TEST_NUMBER_PREFIX}{now:%Y%m%d-%H%M%S}",
        recipient_name=f"TEST – {SELLER.business_name}",
        phone=SELLER.phone,
        street=street,
        postal_code=postal_code,
        city=city,
        country="RS",
        parcel_count=1,
        weight_grams=parcel_weight_grams([]),
    )


def courier_test_notice_send(*, method_id: int, actor) -> Shipment:
    """Send a TEST pick-up notice with made-up data through the courier service's configured
    backend, so staff see that its e-mail address or API works. No order is involved and no
    CourierNotification is recorded. Returns the test shipment; raises CourierError (its
    CourierUnavailable too) with the reason when the notice did not go out."""
    method = DeliveryMethod.objects.get(pk=method_id)
    backend = get_courier_backend(method.notification_backend)
    if backend is None:
        raise CourierError(
            _("%(courier)s has no automatic notice: choose how to notify the courier first.")
            % {"courier": method.name}
        )
    shipment = courier_test_shipment(now=timezone.localtime())
    backend.send(
        shipment,
        method=method,
        # Unique per test, so that a courier API never takes a test for a retry of another.
        idempotency_key=f"{shipment.order_number}-{uuid.uuid4().hex[:8]}",
        test=True,
    )
    logger.info(
        "Test courier notice %s sent to %s (%s) by %s",
        shipment.order_number,
        method.name,
        method.notification_backend,
        getattr(actor, "pk", None),
    )
    return shipment
