"""Fraud flags (privacy policy, "Fraud"): staff flag an order or a customer with a reason;
flags are append-only, shown on the order's admin page, which leads to blocking the customer
(the existing blocks, not a second mechanism)."""

import pytest

from orders.models import CustomerBlock, FraudFlag
from orders.models.fraud import FraudFlagIsAppendOnly
from orders.services.blocks import customer_block
from orders.services.fraud import FraudFlagError, fraud_flag
from tests.accounts.second_factor import staff_login

from .staff_factories import paid_order, staff_member

pytestmark = pytest.mark.django_db


def test_a_flag_records_the_order_its_customer_the_reason_and_who(legal_texts):
    order = paid_order(email="sumnjivo@example.com")
    staff = staff_member("mgr@cestmoi.rs", role="Order manager")
    flag = fraud_flag(order=order, reason="Three cards declined, then a fourth.", actor=staff)
    assert (flag.email, flag.created_by, flag.order) == ("sumnjivo@example.com", staff, order)
    flag.reason = "changed"
    with pytest.raises(FraudFlagIsAppendOnly):
        flag.save()
    with pytest.raises(FraudFlagIsAppendOnly):
        flag.delete()
    with pytest.raises(FraudFlagError):
        fraud_flag(reason=" ", actor=staff, email="x@example.com")
    with pytest.raises(FraudFlagError):
        fraud_flag(reason="Why", actor=staff)


def test_staff_flag_from_the_order_page_and_are_led_to_blocking(client, legal_texts):
    order = paid_order(email="sumnjivo@example.com")
    staff_login(client, staff_member("care@cestmoi.rs", role="Customer care"))
    page = client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "Flag this order for suspected fraud" in page
    add_url = f"/admin/orders/fraudflag/add/?order={order.pk}"
    assert add_url in page
    assert client.get(add_url).status_code == 200
    response = client.post(
        "/admin/orders/fraudflag/add/", {"order": order.pk, "email": "", "reason": "Stolen card"}
    )
    assert response.status_code == 302
    flag = FraudFlag.objects.get()
    assert (flag.order, flag.email, flag.created_by.email) == (
        order,
        "sumnjivo@example.com",
        "care@cestmoi.rs",
    )
    page = client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "Stolen card" in page
    assert "/admin/orders/customerblock/add/?email=sumnjivo%40example.com" in page
    assert client.post(f"/admin/orders/fraudflag/{flag.pk}/delete/").status_code == 403


def test_a_blocked_customer_shows_as_blocked(admin_client, admin_user, legal_texts):
    order = paid_order(email="sumnjivo@example.com")
    fraud_flag(order=order, reason="Stolen card", actor=admin_user)
    customer_block(email="sumnjivo@example.com", reason="Stolen card", actor=admin_user)
    page = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    block = CustomerBlock.objects.get()
    assert f"/admin/orders/customerblock/{block.pk}/change/" in page
    assert "Block this customer" not in page
