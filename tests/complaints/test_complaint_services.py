"""Receiving complaints into the register and the checked steps of their workflow."""

import datetime
import io
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone
from pypdf import PdfReader

from cestmoi.formatting import local_date
from complaints.models import (
    Complaint,
    ComplaintDecision,
    ComplaintEventKind,
    ComplaintReply,
    ComplaintResolution,
    ComplaintState,
)
from complaints.services.complaints import (
    ComplaintStepRefused,
    complaint_answer,
    complaint_extend,
    complaint_number_next,
    complaint_reply_record,
    complaint_resolve,
)
from paperwork.models import Document

from .complaint_factories import delivered_order, filed

pytestmark = pytest.mark.django_db


def pdf_text(document) -> str:
    with document.file.open("rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_complaint_gets_the_years_next_register_number_and_its_deadlines(legal_texts):
    order = delivered_order()
    now = timezone.now()
    first, second = filed(order, now=now), filed(order, now=now)
    assert first.number == f"R-{now.year}-0001"
    assert second.number == f"R-{now.year}-0002"
    assert first.state == ComplaintState.RECEIVED
    assert first.answer_due == timezone.localdate(now) + datetime.timedelta(days=8)
    assert "Prsten Luna" in first.goods
    assert [event.kind for event in first.events.all()] == [ComplaintEventKind.RECEIVED]


def test_the_confirmation_email_carries_a_pdf_with_the_number_and_date(
    legal_texts, django_capture_on_commit_callbacks
):
    order = delivered_order()
    with django_capture_on_commit_callbacks(execute=True):
        complaint = filed(order)
    [message] = mail.outbox
    assert message.to == [order.email]
    assert complaint.number in message.subject
    assert complaint.number in message.body
    document = Document.objects.get(kind="complaint_confirmation", reference=complaint.number)
    text = pdf_text(document)
    assert f"Register number: {complaint.number}" in text
    assert f"Date of receipt: {local_date(timezone.localdate(complaint.received_at))}" in text
    assert [name for name, _c, _t in message.attachments] == [document.filename]
    complaint.refresh_from_db()
    assert complaint.confirmed_at is not None
    assert complaint.events.filter(kind=ComplaintEventKind.CONFIRMATION_SENT).count() == 1


def test_a_complaint_is_stored_even_when_nothing_identifies_the_order(legal_texts):
    complaint = filed(None, order_number_given="CM-1999-000001")
    assert Complaint.objects.filter(pk=complaint.pk).exists()
    assert complaint.order is None
    assert complaint.order_number_given == "CM-1999-000001"
    assert "not identified" in complaint.problems
    assert complaint.events.filter(kind=ComplaintEventKind.CHECK_FAILED).exists()


def test_a_complaint_after_2_years_is_recorded_with_an_explanation(legal_texts):
    order = delivered_order(days_ago=2 * 366 + 5)
    complaint = filed(order)
    assert complaint.within_liability is False
    assert complaint.consumer_chooses is False
    assert "2-year liability" in complaint.problems
    assert complaint.number.startswith("R-")


def test_within_6_months_the_consumer_chooses():
    assert filed(delivered_order(days_ago=30)).consumer_chooses is True
    assert filed(delivered_order(days_ago=200)).consumer_chooses is False


@pytest.fixture
def legal_texts_and_order(legal_texts):
    return delivered_order()


def _answer(complaint, **kwargs):
    defaults = {
        "decision": ComplaintDecision.ACCEPTED,
        "response": "The clasp is faulty.",
        "proposal": "We replace the ring.",
        "resolution_deadline": timezone.localdate() + datetime.timedelta(days=10),
        "actor": None,
        "now": timezone.now(),
    }
    return complaint_answer(complaint_id=complaint.pk, **{**defaults, **kwargs})


def test_the_whole_way_to_resolution(legal_texts_and_order):
    complaint = filed(legal_texts_and_order)
    today = timezone.localdate()
    complaint = _answer(complaint)
    assert complaint.state == ComplaintState.ANSWERED
    complaint = complaint_reply_record(
        complaint_id=complaint.pk,
        reply=ComplaintReply.AGREED,
        received_on=today,
        actor=None,
        now=timezone.now(),
    )
    assert complaint.state == ComplaintState.AGREED
    # Replied the same day: no pause.
    assert complaint.resolution_due == today + datetime.timedelta(days=10)
    complaint = complaint_extend(
        complaint_id=complaint.pk,
        new_deadline=today + datetime.timedelta(days=20),
        reason="The stone must be ordered from Italy.",
        consumer_consented=True,
        actor=None,
        now=timezone.now(),
    )
    with pytest.raises(ComplaintStepRefused, match="only once"):
        complaint_extend(
            complaint_id=complaint.pk,
            new_deadline=today + datetime.timedelta(days=25),
            reason="Again",
            consumer_consented=True,
            actor=None,
            now=timezone.now(),
        )
    complaint = complaint_resolve(
        complaint_id=complaint.pk,
        resolution=ComplaintResolution.REPLACED,
        return_costs_rsd=Decimal("450.00"),
        actor=None,
        now=timezone.now(),
    )
    assert complaint.state == ComplaintState.RESOLVED
    assert complaint.return_costs_rsd == Decimal("450.00")
    assert [e.kind for e in complaint.events.all()] == [
        ComplaintEventKind.RECEIVED,
        ComplaintEventKind.ANSWERED,
        ComplaintEventKind.REPLY_RECORDED,
        ComplaintEventKind.EXTENDED,
        ComplaintEventKind.RESOLVED,
    ]


def test_the_answer_deadline_may_not_pass_15_days_from_filing(legal_texts_and_order):
    complaint = filed(legal_texts_and_order)
    too_late = timezone.localdate(complaint.received_at) + datetime.timedelta(days=16)
    with pytest.raises(ComplaintStepRefused, match="resolution deadline"):
        _answer(complaint, resolution_deadline=too_late)
    with pytest.raises(ComplaintStepRefused, match="reasons"):
        _answer(complaint, decision=ComplaintDecision.REJECTED, reasons="")
    assert Complaint.objects.get(pk=complaint.pk).state == ComplaintState.RECEIVED


def test_a_rejection_is_final_and_its_email_points_to_out_of_court_settlement(
    legal_texts_and_order, django_capture_on_commit_callbacks
):
    complaint = filed(legal_texts_and_order)
    with django_capture_on_commit_callbacks(execute=True):
        complaint = _answer(
            complaint, decision=ComplaintDecision.REJECTED, reasons="Damaged by a fall."
        )
    assert complaint.state == ComplaintState.REJECTED
    answer = mail.outbox[-1]
    assert "Damaged by a fall." in answer.body
    assert "/out-of-court-settlement/" in answer.body
    assert "insignificant non-conformity" in answer.body
    with pytest.raises(ComplaintStepRefused):
        complaint_reply_record(
            complaint_id=complaint.pk,
            reply=ComplaintReply.AGREED,
            received_on=timezone.localdate(),
            actor=None,
            now=timezone.now(),
        )


def test_the_answer_email_states_decision_proposal_deadline_and_rights(
    legal_texts_and_order, django_capture_on_commit_callbacks
):
    complaint = filed(legal_texts_and_order)
    deadline = timezone.localdate() + datetime.timedelta(days=9)
    with django_capture_on_commit_callbacks(execute=True):
        _answer(complaint, resolution_deadline=deadline)
    body = mail.outbox[-1].body
    assert "Decision: Accepted" in body
    assert "We replace the ring." in body
    assert f"Resolution deadline: {local_date(deadline)}" in body
    for right in (
        "within 6 months of delivery",
        "only with your explicit consent",
        "insignificant non-conformity gives no right to terminate",
        "costs of returning the goods",
    ):
        assert right in body
    assert "out-of-court" not in body


def test_no_reply_only_after_3_days_and_the_pause_moves_the_deadline(legal_texts_and_order):
    complaint = _answer(filed(legal_texts_and_order))
    answered = complaint.answered_on
    with pytest.raises(ComplaintStepRefused, match="may reply until"):
        complaint_reply_record(
            complaint_id=complaint.pk,
            reply=ComplaintReply.NO_REPLY,
            received_on=answered + datetime.timedelta(days=3),
            actor=None,
            now=timezone.now(),
        )
    complaint = complaint_reply_record(
        complaint_id=complaint.pk,
        reply=ComplaintReply.NO_REPLY,
        received_on=answered + datetime.timedelta(days=4),
        actor=None,
        now=timezone.now(),
    )
    assert complaint.state == ComplaintState.DISAGREED
    assert complaint.resolution_due == complaint.proposed_deadline + datetime.timedelta(days=3)


def test_steps_out_of_order_are_refused(legal_texts_and_order):
    complaint = filed(legal_texts_and_order)
    with pytest.raises(ComplaintStepRefused):
        complaint_resolve(
            complaint_id=complaint.pk,
            resolution=ComplaintResolution.REPLACED,
            actor=None,
            now=timezone.now(),
        )
    with pytest.raises(ComplaintStepRefused):
        complaint_extend(
            complaint_id=complaint.pk,
            new_deadline=timezone.localdate() + datetime.timedelta(days=20),
            reason="x",
            consumer_consented=True,
            actor=None,
            now=timezone.now(),
        )
    _answer(complaint)
    with pytest.raises(ComplaintStepRefused):
        _answer(complaint)
    with pytest.raises(ComplaintStepRefused, match="consent"):
        complaint_extend(
            complaint_id=complaint.pk,
            new_deadline=timezone.localdate() + datetime.timedelta(days=20),
            reason="x",
            consumer_consented=False,
            actor=None,
            now=timezone.now(),
        )


def test_a_refund_that_cannot_be_made_leaves_the_complaint_open(legal_texts_and_order):
    # The factory's order has no card payment: the refund service refuses.
    complaint = _answer(filed(legal_texts_and_order))
    complaint_reply_record(
        complaint_id=complaint.pk,
        reply=ComplaintReply.AGREED,
        received_on=timezone.localdate(),
        actor=None,
        now=timezone.now(),
    )
    with pytest.raises(ComplaintStepRefused):
        complaint_resolve(
            complaint_id=complaint.pk,
            resolution=ComplaintResolution.REFUNDED,
            refund_amount_rsd=Decimal("4990.00"),
            actor=None,
            now=timezone.now(),
        )
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.AGREED
    assert complaint.events.filter(kind=ComplaintEventKind.REFUND_FAILED).exists()


@pytest.mark.django_db(transaction=True)
def test_register_numbers_stay_gapless_and_unique_under_concurrency():
    threads_count = 8
    numbers, errors = [], []
    start = threading.Barrier(threads_count)

    def take(rollback):
        try:
            start.wait()
            with transaction.atomic():
                number = complaint_number_next(year=2031)
                if rollback:
                    raise RuntimeError("rolled back")
                numbers.append(number)
        except RuntimeError:
            pass
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(n % 3 == 0,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # Three rolled back and gave their numbers back: the five kept are 1..5.
    assert sorted(numbers) == [f"R-2031-{n:04d}" for n in range(1, len(numbers) + 1)]
    assert len(numbers) == 5


def test_complaints_without_an_order_mail_one_confirmation_a_day_per_address(
    legal_texts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = filed(None)
    with django_capture_on_commit_callbacks(execute=True):
        second = filed(None)
    assert [message.to for message in mail.outbox] == [["neko@example.rs"]]
    assert first.number in mail.outbox[0].subject
    assert second.events.filter(kind=ComplaintEventKind.CONFIRMATION_WITHHELD).exists()
    assert Complaint.objects.count() == 2  # both registered
