"""Staff refund from the order page in admin: amount with what is left, a confirmation step,
errors shown as admin messages."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from orders.models import Refund
from orders.services.refunds import refund_create
from tests.accounts.factories import UserFactory
from tests.accounts.second_factor import staff_login

from .refund_steps import paid_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    staff_login(client, UserFactory(is_staff=True, is_superuser=True))
    return client


def test_staff_refund_with_confirmation(staff_client, fake_mollie):
    order = paid_order(staff_client, fake_mollie)
    change_page = staff_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "Refund…" in change_page
    assert "up to RSD 10,430.00" in change_page

    url = f"/admin/orders/order/{order.pk}/refund/"
    form = staff_client.get(url).content.decode()
    assert "Still refundable: RSD 10,430.00 (EUR 88.99" in form

    too_much = staff_client.post(url, {"amount_rsd": "10430.01", "reason": "x"})
    assert "At most RSD 10,430.00 can still be refunded." in too_much.content.decode()
    assert not Refund.objects.exists()

    confirm = staff_client.post(url, {"amount_rsd": "1172.00", "reason": "Scratched clasp"})
    assert "Refund RSD 1,172.00 = EUR 10.00 to the customer" in confirm.content.decode()
    assert not Refund.objects.exists()

    done = staff_client.post(
        url, {"amount_rsd": "1172.00", "reason": "Scratched clasp", "confirmed": "yes"}, follow=True
    )
    refund = Refund.objects.get()
    assert (refund.amount_eur, refund.reason) == (Decimal("10.00"), "Scratched clasp")
    page = done.content.decode()
    assert "Refund of RSD 1,172.00 (EUR 10.00) sent to Mollie" in page
    assert refund.provider_refund_id in page  # the refunds list on the order
    assert "up to RSD 9,258.00" in page


def test_mollie_unreachable_is_an_admin_message(staff_client, fake_mollie, settings):
    order = paid_order(staff_client, fake_mollie)
    settings.MOLLIE_API_ENDPOINT = "http://127.0.0.1:9"
    response = staff_client.post(
        f"/admin/orders/order/{order.pk}/refund/",
        {"amount_rsd": "100.00", "reason": "x", "confirmed": "yes"},
        follow=True,
    )
    assert "The payment provider could not be reached" in response.content.decode()


def test_staff_without_the_refund_permission_cannot_refund(client, fake_mollie):
    order = paid_order(client, fake_mollie)
    staff_login(client, UserFactory(is_staff=True))
    assert client.get(f"/admin/orders/order/{order.pk}/refund/").status_code == 403


def test_a_lost_answer_is_a_warning_and_staff_check_it_with_mollie(
    staff_client, fake_mollie, settings
):
    settings.MOLLIE_READ_TIMEOUT = 0.5
    order = paid_order(staff_client, fake_mollie)
    fake_mollie.add_fault("unavailable", path_contains="/refunds", method="POST")
    response = staff_client.post(
        f"/admin/orders/order/{order.pk}/refund/",
        {"amount_rsd": "1172.00", "reason": "x", "confirmed": "yes"},
        follow=True,
    )
    page = response.content.decode()
    assert (
        "The payment provider did not confirm the refund yet. Nothing will be refunded twice"
        in page
    )
    assert "Not confirmed by Mollie yet" in page  # the refunds list on the order
    refund = Refund.objects.get()

    listing = staff_client.get("/admin/orders/refund/").content.decode()
    assert "Check unconfirmed refunds with the payment provider" in listing
    checked = staff_client.post(
        "/admin/orders/refund/",
        {"action": "check_with_mollie", "_selected_action": [refund.pk]},
        follow=True,
    )
    assert (
        f"Order {order.number}: the payment provider has the refund of EUR 10.00"
        in checked.content.decode()
    )
    refund.refresh_from_db()
    assert refund.provider_refund_id
    assert len(fake_mollie.payments()[0]["_embedded"]["refunds"]) == 1


def test_checking_refunds_needs_the_refund_permission(client, fake_mollie):
    order = paid_order(client, fake_mollie)
    refund_create(order=order, amount_rsd=Decimal("100.00"), reason="", actor=None)
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_refund"))
    staff_login(client, viewer)
    listing = client.get("/admin/orders/refund/")
    assert listing.status_code == 200
    assert "Check unconfirmed refunds with the payment provider" not in listing.content.decode()
