"""The purchase through the shop's pages, paid through the real Mollie client against the fake
Mollie API. Mollie's webhook is posted by the test client (the fake's own call would go to a
server that is not running here)."""

from decimal import Decimal

import pytest
from django.core import mail

from catalog.models import Variant
from orders.access import order_access_key, order_link
from orders.models import FulfilmentStatus, Order, Payment, StockReservation
from orders.rules import order_number

from .checkout_steps import add_to_cart, checkout_key, confirm, fill_checkout, place_order
from .factories import GUEST, courier, ring, todays_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(fake_mollie):
    todays_rate("117.2000")
    return {"variant": ring(price="4990.00", stock=3)[0], "courier": courier(price="450.00")}


@pytest.fixture
def pay(client, fake_mollie, django_capture_on_commit_callbacks):
    """Settle the order's latest payment at the fake Mollie, then post Mollie's webhook; the
    tasks queued after commit run, as a worker would run them."""

    def settle(order, status="paid"):
        payment_id = order.payments.first().provider_payment_id
        fake_mollie.set_payment_status(payment_id, status, webhook=False)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/payments/webhook/", {"id": payment_id})

    return settle


def test_guest_pays_and_the_order_keeps_a_snapshot(client, shop, fake_mollie, pay):
    variant = shop["variant"]
    add_to_cart(client, variant, 2)
    confirm_page = fill_checkout(client, shop["courier"])
    page = confirm_page.content.decode()
    assert "CONFIRM ORDER" in page
    # 2 × 4,990.00 + 450.00 courier = 10,430.00 RSD; / 117.2 = 88.993... → €88.99
    assert "You will be charged €88.99 (RSD 10,430.00 at the NBS middle rate of" in page

    response = confirm(client, checkout_key(confirm_page))
    order = Order.objects.get()
    payment = order.payments.get()
    assert response.status_code == 302
    assert response["Location"] == payment.checkout_url
    assert response["Location"].startswith(fake_mollie.url)
    remote = fake_mollie.payments()[0]
    assert remote["amount"] == {"currency": "EUR", "value": "88.99"}
    assert remote["metadata"]["order_id"] == order.pk
    assert payment.amount_eur == Decimal("88.99")
    assert payment.eur_rsd_rate == Decimal("117.2000")

    assert order.number == order_number(year=order.created_at.year, sequence=1)
    assert order.status == FulfilmentStatus.AWAITING_PAYMENT
    assert order.email == "jelena@example.rs"
    assert str(order.phone) == "+381641234567"
    assert (order.subtotal, order.delivery_price, order.total) == (
        Decimal("9980.00"),
        Decimal("450.00"),
        Decimal("10430.00"),
    )
    assert order.vat_total == Decimal("1738.33")
    assert order.terms.kind == "terms-of-service"
    line = order.lines.get()
    assert (line.product_name, line.option, line.unit_price, line.quantity) == (
        "Luna ring",
        "Size 54",
        Decimal("4990.00"),
        2,
    )
    variant.refresh_from_db()
    assert variant.stock == 1  # held for the payment

    # A later price change does not touch the order.
    Variant.objects.filter(pk=variant.pk).update(price=Decimal("9999.00"))

    assert pay(order).status_code == 200
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID
    assert order.stock_reservation == StockReservation.COMMITTED
    assert order.lines.get().unit_price == Decimal("4990.00")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jelena@example.rs"]
    assert order.number in mail.outbox[0].subject
    assert "10,430.00 RSD" in mail.outbox[0].body
    assert "€88.99" in mail.outbox[0].body


def test_over_11000_rsd_ships_free_and_the_cart_says_how_much_is_missing(client, shop):
    cheap = ring(price="10999.99", stock=5)[0]
    add_to_cart(client, cheap)
    assert "0.02 RSD more for free delivery" in client.get("/cart/").content.decode()
    add_to_cart(client, shop["variant"])
    cart_page = client.get("/cart/").content.decode()
    assert "Your order ships free." in cart_page
    page = fill_checkout(client, shop["courier"]).content.decode()
    assert "15,989.99 RSD" in page
    assert "free" in page


def test_double_submit_back_button_and_two_tabs_make_one_order(client, shop):
    add_to_cart(client, shop["variant"])
    key = checkout_key(fill_checkout(client, shop["courier"]))
    first = confirm(client, key)
    again = confirm(client, key)  # double click, or the back button and submit again
    assert Order.objects.count() == 1
    assert Payment.objects.count() == 1  # the second click goes back to the same payment page
    assert first["Location"] == again["Location"]


def test_the_same_checkout_page_in_two_tabs_places_one_order(client, shop):
    add_to_cart(client, shop["variant"])
    key = checkout_key(fill_checkout(client, shop["courier"]))
    assert checkout_key(client.get("/checkout/confirm/")) == key  # the second tab
    confirm(client, key)
    confirm(client, key)
    assert Order.objects.count() == 1


def test_failed_payment_releases_stock_and_the_shopper_pays_again(client, shop, fake_mollie, pay):
    order = place_order(client, shop["variant"], shop["courier"], quantity=3)
    assert Variant.objects.get(pk=shop["variant"].pk).stock == 0
    pay(order, "failed")
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.AWAITING_PAYMENT
    assert order.stock_reservation == StockReservation.RELEASED
    assert Variant.objects.get(pk=shop["variant"].pk).stock == 3

    page = client.get(order_link(order)).content.decode()
    assert "Your payment was not completed, and nothing was charged." in page
    [failed_email] = mail.outbox
    assert "did not go through" in failed_email.subject
    assert order_link(order) in failed_email.body
    response = client.post(f"/orders/{order.number}/pay/?key={order_access_key(order)}")
    assert response.status_code == 302
    assert order.payments.count() == 2
    assert Variant.objects.get(pk=shop["variant"].pk).stock == 0  # held again

    pay(order)
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID
    assert len(mail.outbox) == 2
    assert "is confirmed" in mail.outbox[1].subject


@pytest.mark.parametrize("status", ["canceled", "expired"])
def test_canceled_or_expired_payment_releases_the_stock(client, shop, fake_mollie, status, pay):
    order = place_order(client, shop["variant"], shop["courier"])
    pay(order, status)
    order.refresh_from_db()
    assert order.stock_reservation == StockReservation.RELEASED
    assert Variant.objects.get(pk=shop["variant"].pk).stock == 3
    assert mail.outbox == []


def test_replayed_webhook_changes_nothing_and_sends_one_email(client, shop, fake_mollie, pay):
    order = place_order(client, shop["variant"], shop["courier"])
    payment_id = order.payments.get().provider_payment_id
    pay(order)
    events = order.events.count()
    for _ in range(3):
        assert client.post("/payments/webhook/", {"id": payment_id}).status_code == 200
    assert order.events.count() == events
    assert len(mail.outbox) == 1
    assert Variant.objects.get(pk=shop["variant"].pk).stock == 2


def test_out_of_order_webhooks_end_in_the_true_state(client, shop, fake_mollie):
    """Mollie's later "paid" may reach the shop before an earlier "pending" call: the shop
    always asks Mollie, so the stale call cannot undo the payment."""
    order = place_order(client, shop["variant"], shop["courier"])
    payment_id = order.payments.get().provider_payment_id
    fake_mollie.set_payment_status(payment_id, "pending", webhook=False)
    fake_mollie.set_payment_status(payment_id, "paid", webhook=False)
    client.post("/payments/webhook/", {"id": payment_id})  # the "paid" call
    client.post("/payments/webhook/", {"id": payment_id})  # the late "pending" call
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID


@pytest.mark.parametrize(
    "body", [{"id": "tr_doesNotExist123"}, {"id": "nonsense"}, {"id": "x" * 500}, {}]
)
def test_unknown_webhook_ids_answer_200_and_change_nothing(client, shop, body):
    assert client.post("/payments/webhook/", body).status_code == 200
    assert Order.objects.count() == 0


def test_webhook_asks_mollie_to_retry_when_mollie_is_unreachable(
    client, shop, fake_mollie, settings
):
    order = place_order(client, shop["variant"], shop["courier"])
    settings.MOLLIE_API_ENDPOINT = "http://127.0.0.1:1"
    response = client.post("/payments/webhook/", {"id": order.payments.get().provider_payment_id})
    assert response.status_code == 503


def test_return_page_shows_paid_before_the_webhook_arrives(client, shop, fake_mollie):
    order = place_order(client, shop["variant"], shop["courier"])
    fake_mollie.set_payment_status(order.payments.get().provider_payment_id, "paid", webhook=False)
    page = client.get(order_link(order) + "&returned=1").content.decode()
    assert "Status: <strong>Paid</strong>" in page
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID


def test_payment_made_after_the_hold_ran_out_still_counts(client, shop, fake_mollie, pay):
    from django.utils import timezone

    from orders.services.paying import reservations_release_expired

    order = place_order(client, shop["variant"], shop["courier"])
    later = timezone.now() + timezone.timedelta(minutes=31)
    assert reservations_release_expired(now=later) == 1
    order.refresh_from_db()
    assert order.stock_reservation == StockReservation.RELEASED
    assert Variant.objects.get(pk=shop["variant"].pk).stock == 3

    pay(order)
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID
    assert order.stock_reservation == StockReservation.COMMITTED
    assert Variant.objects.get(pk=shop["variant"].pk).stock == 2


def test_expiry_asks_mollie_first_and_never_releases_a_paid_order(client, shop, fake_mollie):
    from django.utils import timezone

    from orders.services.paying import reservations_release_expired

    order = place_order(client, shop["variant"], shop["courier"])
    fake_mollie.set_payment_status(order.payments.get().provider_payment_id, "paid", webhook=False)
    later = timezone.now() + timezone.timedelta(minutes=31)
    assert reservations_release_expired(now=later) == 0
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID
    assert Variant.objects.get(pk=shop["variant"].pk).stock == 2


def test_no_exchange_rate_means_no_charge_but_the_order_is_kept(client, fake_mollie):
    variant, delivery = ring(stock=2)[0], courier()
    order = place_order(client, variant, delivery)
    assert order.payments.count() == 0
    page = client.get(order_link(order)).content.decode()
    assert "Card payments are unavailable at the moment" in page
    assert "Pay by card" in page
    assert GUEST["street"] in page


def test_product_page_shows_stock_taken_by_an_order(client, shop, fake_mollie):
    variant = shop["variant"]
    url = variant.product.get_absolute_url()
    assert "sold out" not in client.get(url).content.decode()  # now cached
    place_order(client, variant, shop["courier"], quantity=3)
    assert "sold out" in client.get(url).content.decode()


def test_one_customer_cannot_hold_stock_with_more_than_three_unpaid_orders(
    client, shop, fake_mollie
):
    Variant.objects.filter(pk=shop["variant"].pk).update(stock=10)
    for _ in range(3):
        place_order(client, shop["variant"], shop["courier"], quantity=1)
    assert Variant.objects.get(pk=shop["variant"].pk).stock == 7
    add_to_cart(client, shop["variant"], 1)
    fill_checkout(client, shop["courier"])
    response = confirm(client, checkout_key(client.get("/checkout/confirm/")))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "You have 3 unpaid orders holding items for you" in page
    assert Order.objects.count() == 3
    assert Variant.objects.get(pk=shop["variant"].pk).stock == 7


def test_placing_orders_is_rate_limited_per_visitor(client, shop, fake_mollie, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "place_order": "2/h/ip"}
    Variant.objects.filter(pk=shop["variant"].pk).update(stock=10)
    for email in ("a@example.rs", "b@example.rs"):
        place_order(client, shop["variant"], shop["courier"], contact={**GUEST, "email": email})
    add_to_cart(client, shop["variant"], 1)
    fill_checkout(client, shop["courier"], contact={**GUEST, "email": "c@example.rs"})
    response = confirm(client, checkout_key(client.get("/checkout/confirm/")))
    assert response.status_code == 302
    assert "Too many orders in a short time" in client.get(response.url).content.decode()
    assert Order.objects.count() == 2
