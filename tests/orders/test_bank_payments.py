"""Card payments in dinars through the bank's hosted page (NestPay 3D Pay Hosting), against
the fake bank over HTTP: the signed form, the signed answers, the server-to-server status
query, idempotency against forged, replayed and out-of-order answers, and stock release."""

import base64
import datetime
import hashlib
import re
import urllib.error
import urllib.request
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from catalog.models import Variant
from devtools.fake_bank import nestpay_hash as bank_side_hash
from orders.access import order_link
from orders.models import DocumentKind, FulfilmentStatus, OrderEventKind, Payment, StockReservation
from orders.payments import ProviderPaymentStatus
from orders.payments.bank import hash_is_valid, nestpay_hash
from orders.services.paying import reservations_release_expired

from .bank_steps import (
    BANK_CALLBACK,
    BANK_RETURN,
    back_from_bank,
    bank_decides,
    bank_form,
    pay_at_bank,
)
from .checkout_steps import place_order
from .factories import courier, ring, todays_rate
from .test_documents import document_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(fake_bank):
    todays_rate("117.2000")
    return {"variant": ring(price="4990.37", stock=3)[0], "courier": courier(price="450.00")}


def _stock(shop) -> int:
    return Variant.objects.get(pk=shop["variant"].pk).stock


# --- the hash --------------------------------------------------------------------------------
def test_hash_version_3_matches_nestpays_published_sample():
    """Fields ordered by name regardless of case, `\\` and `|` escaped, the store key last."""
    fields = {"oid": "A|1", "Amount": "10.00", "clientid": "C\\1", "HASH": "x", "encoding": "u"}
    plain = "10.00|C\\\\1|A\\|1|key\\|1"
    expected = base64.b64encode(hashlib.sha512(plain.encode()).digest()).decode()
    assert nestpay_hash(fields, "key|1") == expected


def test_names_are_ordered_in_upper_case_as_the_bank_does():
    """ "_" sorts after the letters in upper case (PHP's natcasesort, Java's toUpperCase), before
    them in lower case: "aB" comes before "a_b"."""
    expected = base64.b64encode(hashlib.sha512(b"2|1|key").digest()).decode()
    assert nestpay_hash({"a_b": "1", "aB": "2"}, "key") == expected


@hypothesis_settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(
            alphabet=st.characters(categories=("L", "N"), include_characters="_."),
            min_size=1,
            max_size=12,
        ),
        st.text(max_size=30),
        max_size=8,
    ),
    st.text(min_size=1, max_size=20),
)
def test_the_shop_and_the_bank_sign_alike(fields, store_key):
    """Two implementations written apart (the shop's, the fake bank's) agree on any fields."""
    if len({name.lower() for name in fields}) != len(fields):
        return  # NestPay field names are unique regardless of case
    assert nestpay_hash(fields, store_key) == bank_side_hash(fields, store_key)
    signed = {**fields, "HASH": nestpay_hash(fields, store_key)}
    assert hash_is_valid(signed, store_key)
    assert not hash_is_valid(signed, store_key + "x")


def test_the_bank_accepts_the_shops_form_and_refuses_a_changed_amount(client, shop, fake_bank):
    order = place_order(client, shop["variant"], shop["courier"])
    form = bank_form(client, order)
    assert form["amount"] == "5440.37" == f"{order.total:.2f}"
    assert (form["currency"], form["storetype"], form["hashAlgorithm"]) == (
        "941",
        "3d_pay_hosting",
        "ver3",
    )
    assert form["TranType"] == "Auth" and form["clientid"] == fake_bank.client_id
    assert "card" not in str(form).lower()  # no card data ever passes the shop
    assert fake_bank.check_form(form) == ""
    assert "Hash mismatch" in fake_bank.check_form({**form, "amount": "1.00"})


# --- paying ----------------------------------------------------------------------------------
def test_guest_pays_the_dinar_total_to_the_para(
    client, shop, fake_bank, django_capture_on_commit_callbacks
):
    order = place_order(client, shop["variant"], shop["courier"])
    payment = order.payments.get()
    assert (payment.provider, payment.currency, payment.amount_eur) == ("bank", "RSD", None)
    page, _answer = pay_at_bank(
        client, fake_bank, order, capture=django_capture_on_commit_callbacks
    )
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID
    assert order.stock_reservation == StockReservation.COMMITTED
    assert payment.status == ProviderPaymentStatus.PAID
    assert payment.amount_charged == order.total == Decimal("5440.37")
    [at_bank] = fake_bank.snapshot().values()
    assert Decimal(at_bank["amount"]) == order.total
    assert len(mail.outbox) == 1
    assert "Charged to your card: 5,440.37 RSD." in mail.outbox[0].body
    for kind in (DocumentKind.CONFIRMATION, DocumentKind.INVOICE):
        assert "5,440.37 RSD charged" in document_text(order.documents.get(kind=kind))
    assert "Card charge: 5,440.37 RSD, in dinars." in page.content.decode()


def test_the_review_page_says_dinars_and_marks_the_euro_amount_as_an_indication(
    client, shop, fake_bank
):
    from .checkout_steps import add_to_cart, fill_checkout

    add_to_cart(client, shop["variant"])
    fill_checkout(client, shop["courier"])
    page = client.get("/checkout/review/").content.decode()
    assert "You will be charged 5,440.37 RSD: the card is charged in dinars." in page
    assert "≈ €46.42" in page and "for information only" in page


@pytest.mark.parametrize("choice", ["decline", "3ds_fail", "abandon"])
def test_declined_failed_or_abandoned_payments_release_the_stock(
    client, shop, fake_bank, choice, django_capture_on_commit_callbacks
):
    order = place_order(client, shop["variant"], shop["courier"])
    assert _stock(shop) == 2
    page, _answer = pay_at_bank(
        client, fake_bank, order, choice, capture=django_capture_on_commit_callbacks
    )
    assert "Your payment was not completed" in page.content.decode()
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.AWAITING_PAYMENT
    assert order.stock_reservation == StockReservation.RELEASED
    assert _stock(shop) == 3
    expected = (
        ProviderPaymentStatus.CANCELED if choice == "abandon" else ProviderPaymentStatus.FAILED
    )
    assert order.payments.get().status == expected
    # A declined card is told how to pay again; an abandoned page is not.
    assert len(mail.outbox) == (0 if choice == "abandon" else 1)


def test_the_shopper_pays_again_after_a_decline(client, shop, fake_bank):
    order = place_order(client, shop["variant"], shop["courier"])
    pay_at_bank(client, fake_bank, order, "decline")
    assert _stock(shop) == 3
    response = client.post(order_link(order).replace("/?", "/pay/?"))
    assert response.status_code == 302
    assert "/payments/bank/pay/" in response["Location"]
    assert order.payments.count() == 2
    assert _stock(shop) == 2  # held again
    pay_at_bank(client, fake_bank, order)
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID
    assert _stock(shop) == 2


# --- forged, replayed, out of order ----------------------------------------------------------
def test_forged_answers_change_nothing(client, shop, fake_bank):
    order = place_order(client, shop["variant"], shop["courier"])
    declined = bank_decides(fake_bank, bank_form(client, order), "decline")
    oid = declined["oid"]
    events = order.events.count()
    forgeries = [
        {**declined, "Response": "Approved", "ProcReturnCode": "00"},  # signed fields changed
        {**declined, "HASH": ""},
        {key: value for key, value in declined.items() if key != "HASH"},
        {**declined, "extra": "1"},  # an unsigned field added
        {**declined, "HASH": nestpay_hash(declined, "a guessed store key")},
        {"oid": oid, "Response": "Approved"},
        {},
    ]
    for forged in forgeries:
        assert client.post(BANK_RETURN, forged).status_code == 400
        assert client.post(BANK_CALLBACK, forged).status_code == 400
    order.refresh_from_db()
    assert order.events.count() == events
    assert order.payments.get().status == ProviderPaymentStatus.OPEN
    assert order.stock_reservation == StockReservation.HELD


def test_a_signed_answer_is_only_a_hint_the_bank_is_asked(client, shop, fake_bank):
    """Even a correctly signed "Approved" for an order the bank has not charged marks nothing
    paid: the status comes from the bank's API."""
    order = place_order(client, shop["variant"], shop["courier"])
    form = bank_form(client, order)
    claimed = fake_bank.sign({"oid": form["oid"], "Response": "Approved", "ProcReturnCode": "00"})
    assert client.post(BANK_CALLBACK, claimed).content == b"Approved"
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.AWAITING_PAYMENT
    assert order.payments.get().status == ProviderPaymentStatus.OPEN


def test_settling_a_payment_nobody_refunded_asks_the_bank_only_its_status(client, shop, fake_bank):
    """The refund history is a second call to the bank, made only when a refund can exist."""
    order = place_order(client, shop["variant"], shop["courier"])
    answer = bank_decides(fake_bank, bank_form(client, order))
    calls = fake_bank.api_calls

    assert client.post(BANK_CALLBACK, answer).content == b"Approved"

    assert fake_bank.api_calls - calls == 1
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID


def test_replayed_answers_change_nothing_and_send_one_email(
    client, shop, fake_bank, django_capture_on_commit_callbacks
):
    order = place_order(client, shop["variant"], shop["courier"])
    _response, answer = pay_at_bank(
        client, fake_bank, order, capture=django_capture_on_commit_callbacks
    )
    events = order.events.count()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert client.post(BANK_RETURN, answer).status_code == 302
            assert client.post(BANK_CALLBACK, answer).content == b"Approved"
    assert order.events.count() == events
    assert len(mail.outbox) == 1
    assert _stock(shop) == 2


def test_an_old_decline_arriving_after_the_payment_changes_nothing(
    client, shop, fake_bank, django_capture_on_commit_callbacks
):
    order = place_order(client, shop["variant"], shop["courier"])
    _response, declined = pay_at_bank(client, fake_bank, order, "decline")
    client.post(order_link(order).replace("/?", "/pay/?"))  # "pay again"
    pay_at_bank(client, fake_bank, order, capture=django_capture_on_commit_callbacks)
    client.post(BANK_CALLBACK, declined)  # the bank's late call about the first attempt
    client.post(BANK_RETURN, declined)
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID
    assert order.stock_reservation == StockReservation.COMMITTED
    assert _stock(shop) == 2


def test_a_paid_amount_other_than_the_total_is_not_taken_as_payment(client, shop, fake_bank):
    """A form signed with the shop's key but another amount (a bug, a leaked key): the bank
    charged it, the shop does not mark the order paid and asks a person to look, once."""
    order = place_order(client, shop["variant"], shop["courier"])
    form = bank_form(client, order)
    other = {key: value for key, value in form.items() if key != "HASH"} | {"amount": "1.00"}
    answer = bank_decides(fake_bank, fake_bank.sign(other))
    for _ in range(2):
        client.post(BANK_CALLBACK, answer)
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.AWAITING_PAYMENT
    [event] = order.events.filter(kind=OrderEventKind.PAYMENT_AMOUNT_MISMATCH)
    assert event.needs_attention
    assert "RSD 1.00 paid, RSD 5440.37 expected" in event.note


# --- the bank's API failing ------------------------------------------------------------------
def test_callback_asks_the_bank_to_call_again_when_its_api_fails(client, shop, fake_bank):
    order = place_order(client, shop["variant"], shop["courier"])
    answer = bank_decides(fake_bank, bank_form(client, order))
    fake_bank.add_fault("unavailable", request_type="status")
    assert client.post(BANK_CALLBACK, answer).status_code == 503
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.AWAITING_PAYMENT
    assert client.post(BANK_CALLBACK, answer).content == b"Approved"
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID


def test_a_slow_bank_does_not_hang_the_shopper_and_its_callback_settles_the_order(
    client, shop, fake_bank, settings
):
    settings.BANK_READ_TIMEOUT = 0.3
    order = place_order(client, shop["variant"], shop["courier"])
    answer = bank_decides(fake_bank, bank_form(client, order))
    fake_bank.add_fault("slow", request_type="status", delay=1.0)
    page = back_from_bank(client, answer)  # the order page's question times out
    assert "Your payment was not completed" not in page.content.decode()
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.AWAITING_PAYMENT
    assert client.post(BANK_CALLBACK, answer).content == b"Approved"
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID


def test_a_payment_whose_answer_was_lost_is_found_before_the_stock_is_released(
    client, shop, fake_bank
):
    """The bank charged the card, but neither the shopper nor the callback came back: when
    the hold runs out, the shop asks the bank first and keeps the order."""
    order = place_order(client, shop["variant"], shop["courier"])
    fake_bank.add_fault("lost_return")
    form = bank_form(client, order)
    page = fake_bank_page_pay(fake_bank, form)
    assert page == 504
    assert fake_bank.callbacks == []
    later = timezone.now() + datetime.timedelta(hours=1)
    assert reservations_release_expired(now=later) == 0
    order.refresh_from_db()
    assert order.status == FulfilmentStatus.PAID
    assert _stock(shop) == 2


def fake_bank_page_pay(fake_bank, form) -> int:
    """Post the shop's form to the hosted page and press "Pay", as the browser does."""
    with urllib.request.urlopen(
        urllib.request.Request(fake_bank.gateway_url, data=urlencode(form).encode()), timeout=10
    ) as page:
        action = re.search(r'action="(/fim/pay/[^"]+)"', page.read().decode())[1]
    choice = urlencode({"choice": "approve", "brand": "Visa"}).encode()
    try:
        with urllib.request.urlopen(
            urllib.request.Request(fake_bank.url + action, data=choice), timeout=10
        ) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_unknown_payment_pages_are_not_found(client, shop):
    assert client.get("/payments/bank/pay/no-such-oid/").status_code == 404
    assert Payment.objects.count() == 0
