"""The withdrawal function as a consumer meets it: the link on every page and on the order
page for the whole period, the short form and its "Confirm withdrawal" step, statements never
lost (late, unmatched, flooded, rate-limited), the statement's page behind its signed link."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cestmoi.formatting import local_date
from complaints.models import WithdrawalEventKind, WithdrawalStatement
from complaints.services.withdrawal_papers import withdrawal_link
from orders.access import order_access_key, order_link

from .complaint_factories import delivered_order
from .withdrawal_factories import second_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(legal_texts):
    return delivered_order(days_ago=3)


def _form_url(order):
    return f"/withdraw/new/{order.number}/?key={order_access_key(order)}"


def _fields(order, **overrides):
    return {
        "full_name": "Đorđe Šćepanović Žarković",
        "email": order.email,
        "lines": [str(line.pk) for line in order.lines.all()],
        "reason": "",
        **overrides,
    }


def test_every_page_links_to_the_withdrawal_function(client, legal_texts):
    for url in ("/", "/complaints/", "/withdraw/"):
        page = client.get(url).content.decode()
        assert re.search(
            r'<a class="withdraw-link" href="/withdraw/">Withdraw from contract here</a>', page
        ), url


def test_the_order_page_links_to_it_during_the_period_only(client, legal_texts):
    recent = delivered_order(days_ago=14)  # the last day
    engraved = second_line(recent, personalised=True)
    page = client.get(order_link(recent)).content.decode()
    assert "Withdraw from contract here" in page
    assert f"{local_date(recent.delivered_on + datetime.timedelta(days=14))}" in page
    ring = recent.lines.exclude(pk=engraved.pk).get()
    assert f"?line={ring.pk}&amp;key=" in page
    assert "Personalised: cannot be withdrawn from" in page
    old = delivered_order(days_ago=15, email="old@example.rs")
    assert (
        'class="withdraw-link" href="/withdraw/new/'
        not in client.get(order_link(old)).content.decode()
    )
    canceled = delivered_order(days_ago=1, email="canceled@example.rs")
    canceled.status = "canceled"
    canceled.save(update_fields=["status"])
    page = client.get(order_link(canceled)).content.decode()
    assert 'class="withdraw-link" href="/withdraw/new/' not in page


def test_two_steps_then_the_statement_is_recorded_and_acknowledged(
    client, order, django_capture_on_commit_callbacks
):
    form = client.get(_form_url(order)).content.decode()
    assert order.full_name in form and order.email in form
    first = client.post(_form_url(order), _fields(order, reason="Too big."))
    assert first.status_code == 200
    assert "Confirm withdrawal" in first.content.decode()
    assert not WithdrawalStatement.objects.exists()  # nothing is sent before the confirmation
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', first.content.decode()))
    assert hidden["reason"] == "Too big." and hidden["confirm"] == "1"
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(
            _form_url(order), {**_fields(order, reason="Too big."), "confirm": "1"}
        )
    statement = WithdrawalStatement.objects.get()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == withdrawal_link(statement) + "&sent=1"
    page = client.get(confirmed["Location"]).content.decode()
    assert statement.number in page
    assert (
        f"{local_date(statement.received_at)} {timezone.localtime(statement.received_at):%H:%M:%S}"
        in page
    )
    [message] = mail.outbox
    assert message.to == [order.email] and statement.number in message.subject


def test_the_statement_page_needs_its_signed_link(client, order):
    client.post(_form_url(order), {**_fields(order), "confirm": "1"})
    statement = WithdrawalStatement.objects.get()
    assert client.get(f"/withdraw/{statement.number}/").status_code == 404
    assert client.get(f"/withdraw/{statement.number}/?key=forged").status_code == 404
    key = withdrawal_link(statement).split("key=")[1]
    pdf = client.get(f"/withdraw/{statement.number}/acknowledgement.pdf?key={key}")
    assert pdf["Content-Type"] == "application/pdf"
    assert client.get(f"/withdraw/new/{order.number}/").status_code == 404
    assert client.get(f"/withdraw/new/{order.number}/?key=forged").status_code == 404


def test_the_footer_route_opens_the_order_only_when_number_email_and_surname_match(client, order):
    matched = client.post(
        "/withdraw/",
        {"full_name": "djordje zarkovic", "order_number": order.number, "email": order.email},
    )
    assert matched.status_code == 302
    form = client.get(matched["Location"]).content.decode()
    assert "Prsten Luna" in form
    # The key opens the withdrawal form only, not the order page.
    assert (
        client.get(f"/orders/{order.number}/?{matched['Location'].split('?')[1]}").status_code
        == 404
    )
    unmatched = client.post(
        "/withdraw/",
        {"full_name": "Ana Jović", "order_number": order.number, "email": order.email},
    )
    assert unmatched.status_code == 200
    assert "We found no order with that number, e-mail and surname" in unmatched.content.decode()


def test_an_unmatched_statement_is_still_recorded_and_the_consumer_told(
    client, legal_texts, django_capture_on_commit_callbacks
):
    fields = {
        "full_name": "Ana Jović",
        "email": "ana@example.rs",
        "order_number": "CM-2026-424242",
        "goods": "Prsten Luna",
        "reason": "",
        "confirm": "1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/withdraw/new/", fields)
    assert response.status_code == 302
    statement = WithdrawalStatement.objects.get()
    assert statement.order is None and statement.order_number_given == "CM-2026-424242"
    assert "not identified" in statement.problems
    [message] = mail.outbox
    assert "We could not match your statement to an order" in message.body


def test_a_flood_for_one_address_records_every_statement_and_acknowledges_once_a_day(
    client, order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(12):
            response = client.post(_form_url(order), {**_fields(order), "confirm": "1"})
            assert response.status_code == 302
    assert WithdrawalStatement.objects.count() == 12
    assert len(mail.outbox) == 1
    withheld = WithdrawalStatement.objects.filter(
        events__kind=WithdrawalEventKind.ACKNOWLEDGEMENT_WITHHELD
    )
    assert withheld.count() == 11


def test_a_rate_limited_statement_is_recorded_and_says_no_email_went(client, order, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "withdrawal": "1/h/ip"}
    client.post(_form_url(order), {**_fields(order), "confirm": "1"})
    limited = client.post(_form_url(order), {**_fields(order), "confirm": "1"}, follow=True)
    assert WithdrawalStatement.objects.count() == 2
    assert "we did not e-mail the acknowledgement" in limited.content.decode()
    second = WithdrawalStatement.objects.order_by("pk").last()
    assert second.events.filter(kind=WithdrawalEventKind.ACKNOWLEDGEMENT_WITHHELD).exists()


def test_a_customer_sees_their_withdrawals_in_the_account(client, legal_texts, django_user_model):
    from .withdrawal_factories import withdrawn

    customer = django_user_model.objects.create_user(
        email="kupac@example.rs", password="x-1234-pass"
    )
    own = withdrawn(delivered_order(email="kupac@example.rs", user=customer, days_ago=2))
    other = withdrawn(delivered_order(email="drugi@example.rs", days_ago=2))
    client.force_login(customer)
    page = client.get("/account/withdrawals/").content.decode()
    assert own.number in page and other.number not in page
    assert f"goods back by {local_date(own.return_due)}" in page
    detail = client.get(f"/withdraw/{own.number}/").content.decode()
    assert f"withdrawal period until {local_date(own.lines.get().period_ends)}" in detail
    assert client.get(f"/withdraw/{other.number}/").status_code == 404


text = st.text(max_size=200)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    full_name=text,
    email=st.one_of(text, st.emails()),
    reason=text,
    lines=st.lists(st.text(max_size=10), max_size=3),
    quantity=st.text(max_size=5),
    confirm=st.sampled_from(["", "1", "\x00"]),
)
def test_no_input_gives_a_server_error_and_nothing_is_lost(
    client, order, full_name, email, reason, lines, quantity, confirm
):
    [line] = order.lines.all()
    before = WithdrawalStatement.objects.count()
    fields = {
        "full_name": full_name,
        "email": email,
        "reason": reason,
        "lines": lines or [str(line.pk)],
        f"quantity_{line.pk}": quantity,
    }
    if confirm:
        fields["confirm"] = confirm
    response = client.post(_form_url(order), fields)
    assert response.status_code in (200, 302)
    # A statement is stored exactly when it was confirmed and every field made sense.
    assert WithdrawalStatement.objects.count() == before + (response.status_code == 302)
    if response.status_code == 200 and "confirm" not in fields:
        page = response.content.decode()
        assert "Confirm withdrawal" in page or "Please correct the fields" in page
    without_order = client.post(
        "/withdraw/new/",
        {
            "full_name": full_name,
            "email": email,
            "order_number": reason,
            "goods": reason,
            "confirm": "1",
        },
    )
    assert without_order.status_code in (200, 302)
    identify = client.post(
        "/withdraw/", {"full_name": full_name, "order_number": reason, "email": email}
    )
    assert identify.status_code in (200, 302)


@pytest.fixture
def back_to_english():
    yield
    translation.activate("en")


def test_the_withdrawal_pages_speak_serbian(client, order, back_to_english):
    client.post("/i18n/setlang/", {"language": "sr-latn", "next": "/"})
    page = client.get(_form_url(order)).content.decode()
    assert "Odustanite od ugovora ovde" in page  # the footer link
    confirm = client.post(_form_url(order), _fields(order)).content.decode()
    assert "Potvrdite odustanak" in confirm
    client.post(_form_url(order), {**_fields(order), "confirm": "1"})
    assert WithdrawalStatement.objects.get().language == "sr-latn"


def test_the_blank_form_prints_as_the_pravilnik_prescribes(client, legal_texts, back_to_english):
    import io

    from pypdf import PdfReader

    client.post("/i18n/setlang/", {"language": "sr-latn", "next": "/"})
    response = client.get("/withdraw/form.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert (
        "IZJAVA O ODUSTANKU OD UGOVORA ZAKLJUČENOG NA DALJINU ILI IZVAN POSLOVNIH PROSTORIJA"
        in text
    )
    assert "Prima" in text
    assert "Ovim obaveštavam da odustajem od ugovora o prodaji sledeće robe/usluge (*)" in text
    assert "Datum zaključenja ugovora Datum prijema robe" in text
    assert "Datum (popunjavanja obrasca)" in text
    assert "(*) Precrtati nepotrebno." in text
    assert text.count("(*)") == 2  # after the goods and in its footnote, nowhere else


def test_without_the_cache_statements_are_still_acknowledged(
    client, order, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "withdrawal": "1/h/ip"}
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_form_url(order), {**_fields(order), "confirm": "1"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_a_late_statements_page_gives_the_reason_and_asks_for_nothing(client, legal_texts):
    from .withdrawal_factories import withdrawn

    late = withdrawn(delivered_order(days_ago=20))
    page = client.get(withdrawal_link(late)).content.decode()
    assert "Items we cannot take back" in page
    assert "Stated after the withdrawal period for this item ended." in page
    ended = late.lines.get().period_ends
    assert f"(the period ended on {local_date(ended)})" in page
    assert "Please send the goods back" not in page


def test_a_signed_in_customer_picks_an_order_open_for_withdrawal(
    client, legal_texts, django_user_model
):
    customer = django_user_model.objects.create_user(
        email="kupac@example.rs", password="x-1234-pass", full_name="Đorđe Žarković"
    )
    open_order = delivered_order(email="kupac@example.rs", user=customer, days_ago=3)
    closed = delivered_order(email="kupac@example.rs", user=customer, days_ago=30)
    client.force_login(customer)
    page = client.get("/withdraw/").content.decode()
    assert open_order.number in page and closed.number not in page
    form = client.get(f"/withdraw/new/{open_order.number}/")  # no key needed: their own order
    assert form.status_code == 200 and "Prsten Luna" in form.content.decode()
    blank = client.get("/withdraw/new/").content.decode()
    assert "Đorđe Žarković" in blank and "kupac@example.rs" in blank
