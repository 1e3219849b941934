"""Erasure: a preview for staff, the erasure, the re-scan; afterwards no value identifying the
person is anywhere in the database except what the law keeps (and says so), while the
invoices still exist with the order's personal fields anonymised."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from accounts.models import Address, User
from cart.models import Cart
from complaints.models import WithdrawalStatement
from contact.models import ContactMessage, ContactNote, ContactReply
from newsletter.models import ConsentRecord, Subscriber
from orders.models import Order, OrderDocument
from privacy.models import RequestKind, RequestState, RestrictedRecord
from privacy.services.erasure import erasure_plan
from privacy.services.people import person_find
from privacy.services.requests import (
    RequestStepRefused,
    request_confirm,
    request_erase,
    request_file,
    request_start,
)
from tests.orders.staff_factories import staff_member

from .factories import CUSTOMER, customer_with_everything, stranger_order

pytestmark = pytest.mark.django_db


def columns_mentioning(value: str) -> set[tuple[str, str]]:
    """Every text column of every table of the database that contains `value` anywhere."""
    found = set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' "
            "AND data_type IN ('character varying', 'text', 'jsonb', 'json')"
        )
        for table, column in cursor.fetchall():
            quote = connection.ops.quote_name
            cursor.execute(
                # Names from information_schema, quoted: no outside input reaches the SQL.
                f"SELECT count(*) FROM {quote(table)} WHERE {quote(column)}::text ILIKE %s",  # noqa: S608
                [f"%{value}%"],
            )
            if cursor.fetchone()[0]:
                found.add((table, column))
    return found


def received_erasure(email=CUSTOMER["email"]):
    now = timezone.now()
    data_request = request_file(
        kind=RequestKind.ERASURE, email=email, details="", user=None, language="en", now=now
    )
    return request_confirm(data_request=data_request, now=now)


def test_the_database_search_finds_the_customer_everywhere_before_the_erasure():
    customer_with_everything()
    assert {
        ("accounts_user", "email"),
        ("accounts_address", "street"),
        ("orders_order", "full_name"),
        ("orders_orderevent", "note"),
        ("complaints_complaint", "phone"),
        ("paperwork_sentemail", "recipient"),
        ("account_emailaddress", "email"),
        ("complaints_withdrawalstatement", "address"),
        ("newsletter_subscriber", "email"),
        ("newsletter_consentrecord", "email"),
        ("contact_contactmessage", "body"),
        ("contact_contactreply", "body"),
        ("contact_contactnote", "text"),
    } <= set().union(*(columns_mentioning(v) for v in CUSTOMER.values()))


def test_after_erasure_only_what_the_law_keeps_remains_and_the_invoices_stay(
    django_capture_on_commit_callbacks,
):
    user, order, documents, _complaint = customer_with_everything()
    stranger = stranger_order()
    officer = staff_member("privacy@cestmoi.rs")
    with django_capture_on_commit_callbacks(execute=True):
        data_request = received_erasure()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        data_request = request_erase(data_request=data_request, actor=officer, now=timezone.now())

    assert data_request.state == RequestState.COMPLETED
    assert data_request.erasure_result["rescan_remaining"] == []
    remaining = {value: columns_mentioning(value) for value in CUSTOMER.values()}
    assert remaining == {
        # The request's own record and the e-mail answering it (anonymised with the request
        # when its retention ends).
        # The consent ledger keeps the proof of the newsletter consent (3 years).
        CUSTOMER["email"]: {
            ("privacy_datarequest", "email"),
            ("paperwork_sentemail", "recipient"),
            ("newsletter_consentrecord", "email"),
        },
        # The register of complaints keeps the complainant's name for 2 years, the withdrawal
        # statement behind the refund the consumer's name as long as the accounting records.
        CUSTOMER["full_name"]: {
            ("complaints_complaint", "full_name"),
            ("complaints_withdrawalstatement", "full_name"),
        },
        CUSTOMER["phone"]: set(),
        CUSTOMER["street"]: set(),
    }
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Address.objects.exists()
    assert not Cart.objects.exists()
    assert not Subscriber.objects.exists()
    assert not ContactMessage.objects.exists() and not ContactReply.objects.exists()
    assert not ContactNote.objects.exists()
    statement = WithdrawalStatement.objects.get()
    assert (statement.email, statement.address, statement.order) == ("", "", order)
    assert RestrictedRecord.objects.filter(
        model="complaints.WithdrawalStatement", hold="withdrawal_record"
    ).exists()
    consent = ConsentRecord.objects.get()
    assert (consent.email, consent.user, consent.given) == (CUSTOMER["email"], None, True)

    order.refresh_from_db()
    assert (order.email, order.full_name, str(order.phone), order.street, order.user) == (
        "",
        "",
        "",
        "",
        None,
    )
    assert order.city == "Čačak"  # the place of supply stays on the sales record
    assert order.lines.count() == 1 and order.payments.count() == 1
    invoice = documents["invoice"]
    assert OrderDocument.objects.filter(pk=invoice.pk, number=invoice.number).exists()
    assert invoice.file.storage.exists(invoice.file.name)
    record = RestrictedRecord.objects.get(model="orders.Order", object_id=str(order.pk))
    assert record.keep_until == datetime.date(order.created_at.year + 6, 1, 1)
    assert record.request == data_request

    stranger.refresh_from_db()
    assert stranger.email == "stranger@example.rs" and stranger.full_name

    [answer] = mail.outbox
    assert answer.to == [CUSTOMER["email"]]
    assert "Law on Accounting" in answer.body
    assert "register of received complaints" in answer.body
    assert "found none of your details except what is listed as kept" in answer.body


def test_an_account_a_block_points_at_is_anonymised_and_closed_instead():
    from orders.models import CustomerBlock

    user, *_ = customer_with_everything()
    CustomerBlock.objects.create(user=user, email=user.email, reason="Chargeback fraud")
    data_request = received_erasure()

    request_erase(data_request=data_request, actor=None, now=timezone.now())

    user.refresh_from_db()
    assert user.email == f"erased-{user.pk}@erased.invalid"
    assert (user.full_name, str(user.phone), user.is_active) == ("", "", False)
    assert CustomerBlock.objects.get().email == CUSTOMER["email"]  # kept: fraud prevention


def test_the_preview_says_what_goes_what_is_anonymised_and_what_is_kept_and_why():
    customer_with_everything()

    lines, _rows, needles = erasure_plan(person_find(CUSTOMER["email"]))

    by_model = {(line.model, line.action): line for line in lines}
    assert by_model[("users", "delete")].rows == 1
    assert by_model[("addresses", "delete")].rows == 1
    assert "name and surname" in by_model[("orders", "anonymise")].fields
    kept_orders = by_model[("orders", "keep")]
    assert kept_orders.fields == ["city", "postal code"]
    assert "Law on Accounting" in kept_orders.reason
    assert "register" in by_model[("complaints", "keep")].reason
    assert by_model[("order events", "redact")].rows == 1
    assert {CUSTOMER["email"], CUSTOMER["phone"], CUSTOMER["street"]} <= needles
    assert User.objects.filter(email=CUSTOMER["email"]).exists()  # the preview changed nothing


def test_only_an_erasure_request_erases_and_only_while_open():
    customer_with_everything()
    now = timezone.now()
    question = request_file(
        kind=RequestKind.QUESTION,
        email=CUSTOMER["email"],
        details="?",
        user=None,
        language="en",
        now=now,
    )
    with pytest.raises(RequestStepRefused):
        request_erase(data_request=question, actor=None, now=now)
    unconfirmed = request_file(
        kind=RequestKind.ERASURE,
        email=CUSTOMER["email"],
        details="",
        user=None,
        language="en",
        now=now,
    )
    with pytest.raises(RequestStepRefused):
        request_erase(data_request=unconfirmed, actor=None, now=now)
    with pytest.raises(RequestStepRefused):
        request_start(data_request=unconfirmed, actor=None, now=now)
    assert Order.objects.filter(email=CUSTOMER["email"]).exists()
