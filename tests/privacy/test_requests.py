"""Filing, confirming and following requests; the export and its download link; the access
answer; extensions, refusals, reminders and the retention table."""

import datetime
import io
import json
import re
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from complaints.models import WithdrawalStatement
from contact.models import ContactMessage, ContactNote, Contest, ContestEntry
from contact.services import contact_message_receive, contact_note_add
from newsletter.models import ConsentRecord, ConsentSource, Subscriber
from newsletter.services import newsletter_subscribe
from orders.models import Order
from privacy.models import DataRequest, RequestKind, RequestState
from privacy.retention import RETENTION_TABLE, retention_apply
from privacy.services.papers import download_token
from privacy.services.reminders import request_deadline_reminders_send
from privacy.services.requests import (
    RequestStepRefused,
    request_confirm,
    request_extend,
    request_file,
    request_reject,
    request_start,
)
from tests.orders.factories import paid_order

from .factories import CUSTOMER, customer_with_everything, stranger_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """The outbox hands work to Celery (eager in tests) after commit."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def link_in(message, pattern: str) -> str:
    return re.search(rf"https?://[^\s\"]*{pattern}[^\s\"]*", message.body).group(0)


def test_a_guest_request_waits_for_the_e_mail_link_and_a_get_never_confirms(client, run_on_commit):
    response = run_on_commit(
        client.post,
        path=reverse("privacy:center"),
        data={"kind": "export", "email": "Guest@Example.rs", "details": ""},
    )
    data_request = DataRequest.objects.get()
    assert response.status_code == 302
    assert data_request.state == RequestState.AWAITING_CONFIRMATION
    assert data_request.email == "guest@example.rs"
    [message] = mail.outbox
    assert message.to == ["guest@example.rs"]
    confirm_url = link_in(message, "/privacy/confirm/")

    page = client.get(confirm_url)
    assert page.status_code == 200
    assert b"Yes, this is my request" in page.content
    data_request.refresh_from_db()
    assert data_request.state == RequestState.AWAITING_CONFIRMATION

    run_on_commit(client.post, path=confirm_url)
    data_request.refresh_from_db()
    assert data_request.state == RequestState.RECEIVED
    assert data_request.due_on == timezone.localdate() + datetime.timedelta(days=30)
    assert "We received your request" in mail.outbox[-1].subject


def test_a_forged_or_expired_confirmation_link_confirms_nothing(client):
    data_request = request_file(
        kind="access",
        email="a@example.rs",
        details="",
        user=None,
        language="en",
        now=timezone.now(),
    )
    assert client.post("/privacy/confirm/forged:token/").status_code == 404
    from django.core import signing

    token = signing.TimestampSigner(salt="privacy.request-confirm").sign(data_request.public_id)
    future = timezone.now() + datetime.timedelta(days=4)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: future.timestamp())
        assert client.post(f"/privacy/confirm/{token}/").status_code == 404
    data_request.refresh_from_db()
    assert data_request.state == RequestState.AWAITING_CONFIRMATION


def test_the_form_says_what_is_wrong(client):
    response = client.post(reverse("privacy:center"), {"kind": "question", "email": "nope"})
    assert response.status_code == 200
    assert b"Enter a valid email address." in response.content
    assert b"Please tell us what to correct" in response.content
    assert client.post(reverse("privacy:center"), {"kind": "burn-it"}).status_code == 200
    assert not DataRequest.objects.exists()


def test_a_signed_in_customer_with_the_address_verified_skips_the_confirmation(client):
    user = User.objects.create_user(email="ana@example.rs", password="x-pass-1234")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    client.post(reverse("privacy:center"), {"kind": "access", "email": "ana@example.rs"})
    client.post(reverse("privacy:center"), {"kind": "access", "email": "someone@example.rs"})
    own, other = DataRequest.objects.order_by("pk")
    assert own.state == RequestState.RECEIVED and own.user == user
    assert other.state == RequestState.AWAITING_CONFIRMATION and other.user is None
    page = client.get(reverse("privacy:center"))
    assert own.reference.encode() in page.content


def test_the_status_page_opens_with_its_key_only(client):
    data_request = request_file(
        kind="question",
        email="a@example.rs",
        details="Why?",
        user=None,
        language="en",
        now=timezone.now(),
    )
    from privacy.services.papers import follow_link

    assert client.get(follow_link(data_request)).status_code == 200
    url = reverse("privacy:request_status", args=(data_request.public_id,))
    assert client.get(url).status_code == 404
    assert client.get(url + "?key=wrong").status_code == 404


def received(kind, email=CUSTOMER["email"], **kwargs):
    now = timezone.now()
    data_request = request_file(
        kind=kind,
        email=email,
        details=kwargs.get("details", ""),
        user=None,
        language="en",
        now=now,
    )
    return request_confirm(data_request=data_request, now=now)


def test_the_export_holds_the_persons_data_and_nobody_elses(client, run_on_commit):
    _user, order, _documents, complaint = customer_with_everything()
    stranger = stranger_order()
    data_request = received(RequestKind.EXPORT)
    mail.outbox.clear()

    run_on_commit(request_start, data_request=data_request, actor=None, now=timezone.now())

    data_request.refresh_from_db()
    assert data_request.state == RequestState.COMPLETED
    [message] = mail.outbox
    download = client.get(link_in(message, "/privacy/export/"))
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(archive.namelist()) == ["personal-data.json", "personal-data.pdf"]
    assert archive.read("personal-data.pdf").startswith(b"%PDF")
    data = json.loads(archive.read("personal-data.json"))["data"]
    assert [o["number"] for o in data["orders.Order"]] == [order.number]
    assert [line["sku"] for line in data["orders.OrderLine"]] == ["LUNA-54"]
    assert data["accounts.User"][0]["email"] == CUSTOMER["email"]
    assert "password" not in data["accounts.User"][0]
    assert data["complaints.Complaint"][0]["number"] == complaint.number
    assert len(data["orders.Payment"]) == 1
    assert stranger.number not in json.dumps(data)
    assert "stranger@example.rs" not in json.dumps(data)


def test_the_download_link_is_for_the_requester_only_and_expires(client, run_on_commit):
    customer_with_everything()
    data_request = received(RequestKind.EXPORT)
    run_on_commit(request_start, data_request=data_request, actor=None, now=timezone.now())
    data_request.refresh_from_db()
    url = reverse("privacy:export_download", args=(download_token(data_request),))

    other = User.objects.create_user(email="other@example.rs", password="x-pass-1234")
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url.replace("/export/", "/export/x")).status_code == 404
    assert client.get(url).status_code == 200

    DataRequest.objects.filter(pk=data_request.pk).update(
        export_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(url).status_code == 404
    assert retention_apply(now=timezone.now())["expired_exports"] == 1
    data_request.refresh_from_db()
    assert not data_request.export_file


def test_the_access_answer_is_a_pdf_naming_purposes_recipients_and_periods(run_on_commit):
    customer_with_everything()
    data_request = received(RequestKind.ACCESS)
    mail.outbox.clear()

    run_on_commit(request_start, data_request=data_request, actor=None, now=timezone.now())

    [message] = mail.outbox
    [(name, content, kind)] = message.attachments
    assert kind == "application/pdf" and content.startswith(b"%PDF")
    assert name == f"{data_request.reference}-access.pdf"
    data_request.refresh_from_db()
    assert data_request.state == RequestState.COMPLETED


def test_the_deadline_is_extended_once_with_the_reason_e_mailed(run_on_commit):
    data_request = received(RequestKind.QUESTION, details="What do you keep?")
    due = data_request.due_on
    mail.outbox.clear()
    data_request = run_on_commit(
        request_extend,
        data_request=data_request,
        days=60,
        reason="Many requests this month.",
        actor=None,
        now=timezone.now(),
    )
    assert data_request.due_on == due + datetime.timedelta(days=60)
    [message] = mail.outbox
    assert "Many requests this month." in message.body
    with pytest.raises(RequestStepRefused):
        request_extend(
            data_request=data_request, days=1, reason="Again", actor=None, now=timezone.now()
        )


def test_a_refusal_needs_a_reason_and_points_to_the_commissioner(run_on_commit):
    data_request = received(RequestKind.RECTIFICATION, details="My name is wrong.")
    with pytest.raises(RequestStepRefused):
        request_reject(data_request=data_request, reason=" ", actor=None, now=timezone.now())
    mail.outbox.clear()
    run_on_commit(
        request_reject,
        data_request=data_request,
        reason="We hold no data for this address.",
        actor=None,
        now=timezone.now(),
    )
    [message] = mail.outbox
    assert "office@poverenik.rs" in message.body
    with pytest.raises(RequestStepRefused):
        request_start(data_request=data_request, actor=None, now=timezone.now())


def test_privacy_officers_are_reminded_once_a_day_of_requests_due(settings):
    data_request = received(RequestKind.QUESTION, details="?")
    today = data_request.due_on - datetime.timedelta(days=3)
    assert request_deadline_reminders_send(today=today - datetime.timedelta(days=10)) == 0
    assert request_deadline_reminders_send(today=today) == 1
    assert request_deadline_reminders_send(today=today) == 0
    assert data_request.reference in mail.outbox[-1].body
    assert mail.outbox[-1].to == [settings.STAFF_EMAIL]


def test_the_retention_table_removes_what_is_past_its_period():
    now = timezone.now()
    old = now - datetime.timedelta(days=40)
    unconfirmed = request_file(
        kind="access", email="old@example.rs", details="", user=None, language="en", now=old
    )
    unpaid = paid_order(email="unpaid@example.rs")
    Order.objects.filter(pk=unpaid.pk).update(money_status="unpaid", paid_at=None, created_at=old)
    paid = paid_order(email="paid@example.rs")
    Order.objects.filter(pk=paid.pk).update(created_at=old)

    done = retention_apply(now=now)

    assert set(done) == {rule.key for rule in RETENTION_TABLE}
    assert done["unconfirmed_requests"] == 1 and done["unpaid_checkouts"] == 1
    assert not DataRequest.objects.filter(pk=unconfirmed.pk).exists()
    unpaid.refresh_from_db()
    paid.refresh_from_db()
    assert (unpaid.email, unpaid.full_name, unpaid.street) == ("", "", "")
    assert paid.email == "paid@example.rs"
    assert retention_apply(now=now)["unpaid_checkouts"] == 0


def test_kept_records_are_anonymised_when_their_legal_period_ends(run_on_commit):
    _user, order, _documents, complaint = customer_with_everything()
    from privacy.services.requests import request_erase

    request_erase(data_request=received(RequestKind.ERASURE), actor=None, now=timezone.now())
    order.refresh_from_db()
    assert order.city

    in_three_years = timezone.now() + datetime.timedelta(days=3 * 366)
    done = retention_apply(now=in_three_years)
    complaint.refresh_from_db()
    assert done["complaint_register"] == 1 and complaint.full_name == ""
    order.refresh_from_db()
    assert order.city  # the accounting period is longer
    assert done["consent_proofs"] == 1 and ConsentRecord.objects.get().email == ""
    assert WithdrawalStatement.objects.get().full_name == CUSTOMER["full_name"]

    done = retention_apply(now=timezone.now() + datetime.timedelta(days=7 * 366))
    order.refresh_from_db()
    assert done["accounting_records"] >= 1 and (order.city, order.postal_code) == ("", "")
    assert done["withdrawal_records"] == 1
    assert (
        WithdrawalStatement.objects.get().full_name,
        WithdrawalStatement.objects.get().goods,
    ) == (
        "",
        "",
    )


def test_the_retention_table_deletes_old_conversations_sign_ups_and_contest_entries():
    now = timezone.now()
    long_ago = now - datetime.timedelta(days=2 * 365 + 1)
    old, recent = (
        contact_message_receive(
            name="Ana", email=email, subject="", body="Hi", language="en", user=None, now=when
        )
        for email, when in (("old@example.rs", long_ago), ("new@example.rs", now))
    )
    contact_note_add(message_id=old.pk, text="Called her.", actor=None, now=long_ago)
    _expired, confirmable = (
        newsletter_subscribe(email=email, language="en", source=ConsentSource.FOOTER, now=when)
        for email, when in (
            ("never@example.rs", now - datetime.timedelta(days=8)),
            ("soon@example.rs", now - datetime.timedelta(days=6)),
        )
    )
    contest = Contest.objects.create(
        title="Winter draw",
        consent_text="I agree.",
        ends_at=now - datetime.timedelta(days=100),
        entries_kept_until=now - datetime.timedelta(days=10),
    )
    ContestEntry.objects.create(
        contest=contest, full_name="Ana", address="Beograd", email="ana@example.rs", entered_at=now
    )

    done = retention_apply(now=now)

    assert (done["contact_messages"], done["unconfirmed_signups"], done["contest_entries"]) == (
        1,
        1,
        1,
    )
    assert list(ContactMessage.objects.all()) == [recent] and not ContactNote.objects.exists()
    assert list(Subscriber.objects.all()) == [confirmable]
    assert not ContestEntry.objects.exists() and Contest.objects.exists()


def test_the_privacy_center_shows_the_retention_table_the_policies_and_the_commissioner(
    client, legal_texts
):
    page = client.get(reverse("privacy:center")).content.decode()
    for rule in RETENTION_TABLE:
        assert escape(str(rule.what)) in page
    assert "5 years after the end of the business year" in page
    assert "office@poverenik.rs" in page and "+381 11 34 08 900" in page
    assert reverse("legal:document", args=("privacy-policy",)) in page
    assert "courier" in page and "Mollie" in page


def test_an_unconfirmed_request_goes_with_the_address_its_e_mail_was_logged_with(run_on_commit):
    from paperwork.models import SentEmail

    old = timezone.now() - datetime.timedelta(days=8)
    run_on_commit(
        request_file,
        kind="erasure",
        email="victim@example.rs",
        details="",
        user=None,
        language="en",
        now=old,
    )
    assert SentEmail.objects.filter(recipient="victim@example.rs").count() == 1

    assert retention_apply(now=timezone.now())["unconfirmed_requests"] == 1
    assert not SentEmail.objects.filter(recipient="victim@example.rs").exists()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.text(max_size=20) | st.sampled_from(RequestKind.values),
    email=st.text(max_size=300) | st.emails(),
    details=st.text(max_size=5000),
    token=st.text(alphabet=st.characters(blacklist_characters="/?#%\x00"), min_size=1, max_size=80),
)
def test_nothing_a_person_types_breaks_the_pages(client, kind, email, details, token):
    response = client.post(
        reverse("privacy:center"), {"kind": kind, "email": email, "details": details}
    )
    assert response.status_code in (200, 302)
    assert client.post(f"/privacy/confirm/{token}/").status_code == 404
    assert client.get(f"/privacy/export/{token}/").status_code == 404
    assert client.get(f"/privacy/requests/{token}/?key={token}").status_code == 404


def test_the_privacy_center_speaks_serbian(client):
    page = client.get(reverse("privacy:center"), HTTP_ACCEPT_LANGUAGE="sr-latn").content.decode()
    assert "Centar za privatnost" in page
    assert "5 godina po isteku poslovne godine" in page
    assert "Poverenik za informacije od javnog značaja" in page


def test_a_closed_request_is_anonymised_when_its_own_retention_ends(run_on_commit):
    from paperwork.models import SentEmail

    data_request = received(RequestKind.QUESTION, email="asker@example.rs", details="Why?")
    run_on_commit(
        request_reject,
        data_request=data_request,
        reason="No data.",
        actor=None,
        now=timezone.now(),
    )
    assert SentEmail.objects.filter(recipient="asker@example.rs").exists()

    assert (
        retention_apply(now=timezone.now() + datetime.timedelta(days=365))["closed_requests"] == 0
    )
    done = retention_apply(now=timezone.now() + datetime.timedelta(days=2 * 366))

    assert done["closed_requests"] == 1
    data_request.refresh_from_db()
    assert data_request.anonymised_at is not None
    assert (data_request.email, data_request.details, data_request.answer) == (
        f"erased-{data_request.pk}@erased.invalid",
        "",
        "",
    )
    assert not SentEmail.objects.filter(recipient="asker@example.rs").exists()
    assert data_request.kind == RequestKind.QUESTION and data_request.closed_at


def test_complaint_photos_go_90_days_after_the_complaint_closed(run_on_commit):
    from complaints.models import ComplaintPhoto, ComplaintState
    from complaints.services.complaints import CleanPhoto
    from tests.complaints.complaint_factories import delivered_order, filed, jpeg_bytes

    complaint = filed(delivered_order(), photos=[CleanPhoto("defect.jpg", jpeg_bytes())])
    photo = ComplaintPhoto.objects.get()
    stored = photo.image.name
    closed = timezone.localdate() - datetime.timedelta(days=91)
    complaint.__class__.objects.filter(pk=complaint.pk).update(
        state=ComplaintState.RESOLVED, resolved_on=closed + datetime.timedelta(days=2)
    )
    assert retention_apply(now=timezone.now())["complaint_photos"] == 0
    complaint.__class__.objects.filter(pk=complaint.pk).update(resolved_on=closed)

    assert run_on_commit(retention_apply, now=timezone.now())["complaint_photos"] == 1
    assert not ComplaintPhoto.objects.exists()
    assert not photo.image.storage.exists(stored)
