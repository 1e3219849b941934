"""An engraved ring bought through the checkout: each text its own order line (one shelf for
both), snapshotted as typed and shown on the order page, in the paid e-mail, on the
confirmation PDF and on the staff order page; an engraved line cannot be withdrawn from."""

import pytest
from django.core import mail

from complaints.models import WithdrawalLineRefusal
from orders.access import order_access_key, order_link
from orders.models import Order
from tests.accounts.second_factor import staff_login
from tests.complaints.withdrawal_factories import withdrawn

from .checkout_steps import checkout_key, confirm, fill_checkout
from .factories import courier, ring, todays_rate
from .staff_factories import staff_member
from .test_emails import attachment_text, html_of

pytestmark = pytest.mark.django_db


def add(client, variant, engraving="", quantity=1):
    data = {"variant": variant.pk, "quantity": quantity, "engraving": engraving}
    return client.post("/cart/add/", data)


@pytest.fixture
def paid_engraved_order(client, fake_mollie, django_capture_on_commit_callbacks):
    """Two rings engraved "Ana i Marko" and one plain one, all of one size (stock 3), paid."""
    todays_rate("117.2000")
    variant = ring(price="4990.00", stock=3, engraving_max_length=20)[0]
    add(client, variant, " Ana   i Marko ", quantity=2)
    add(client, variant)
    key = checkout_key(fill_checkout(client, courier(price="450.00")))
    confirm(client, key)
    order = Order.objects.get(idempotency_key=key)
    payment_id = order.payments.get().provider_payment_id
    fake_mollie.set_payment_status(payment_id, "paid", webhook=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/payments/webhook/", {"id": payment_id})
    variant.refresh_from_db()
    assert variant.stock == 0  # both lines came off the one shelf
    order.refresh_from_db()
    return order


def test_the_order_lines_keep_each_engraving_as_typed(paid_engraved_order):
    lines = list(paid_engraved_order.lines.values_list("engraving", "quantity", "is_personalised"))
    assert lines == [("Ana i Marko", 2, True), ("", 1, False)]
    assert paid_engraved_order.status == "paid"


def test_the_order_page_email_and_confirmation_show_the_engraving(client, paid_engraved_order):
    page = client.get(order_link(paid_engraved_order)).content.decode()
    assert "Engraving: “Ana i Marko”" in page
    [message] = mail.outbox
    assert "Engraving: “Ana i Marko”" in message.body
    assert "Engraving: “Ana i Marko”" in html_of(message)
    confirmation = attachment_text(message.attachments[0][1])
    assert "Engraving: “Ana i Marko”" in confirmation


def test_staff_see_the_engraving_on_the_order(client, paid_engraved_order):
    staff_login(client, staff_member("manager@cestmoi.rs", role="Order manager"))
    page = client.get(f"/admin/orders/order/{paid_engraved_order.pk}/change/").content.decode()
    assert "Ana i Marko" in page


def test_the_engraved_line_is_excluded_from_withdrawal_the_plain_one_not(
    client, paid_engraved_order, legal_texts
):
    order = paid_engraved_order
    order.status, order.delivered_on = "delivered", order.created_at.date()
    order.save(update_fields=["status", "delivered_on"])
    engraved, plain = order.lines.all()
    page = client.get(order_link(order)).content.decode()
    assert "Personalised: cannot be withdrawn from" in page
    assert f"?line={plain.pk}&amp;key=" in page and f"?line={engraved.pk}&amp;" not in page
    form = client.get(f"/withdraw/new/{order.number}/?key={order_access_key(order)}")
    assert (
        "2 × Luna ring Size 54, Engraving: “Ana i Marko” (personalised: excluded from the right "
        "of withdrawal)" in form.content.decode()
    )
    statement = withdrawn(order)
    refusals = {line.order_line_id: line.refusal for line in statement.lines.all()}
    assert refusals == {engraved.pk: WithdrawalLineRefusal.PERSONALISED, plain.pk: ""}
