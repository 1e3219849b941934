"""Receiving statements of withdrawal, whatever checks they fail, and the checked steps after."""

import datetime
import io
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from cestmoi.formatting import local_date
from complaints.models import (
    WithdrawalEvent,
    WithdrawalEventKind,
    WithdrawalLineRefusal,
    WithdrawalStatement,
    WithdrawalStatus,
)
from complaints.services.withdrawal_papers import withdrawal_email_send
from complaints.services.withdrawals import (
    WithdrawalStepRefused,
    surname_matches,
    withdrawal_decline,
    withdrawal_goods_back,
    withdrawal_order_match,
    withdrawal_refund_proposal,
)
from paperwork.models import Document, SentEmail

from .complaint_factories import delivered_order
from .withdrawal_factories import second_line, stated, withdrawn

pytestmark = pytest.mark.django_db


def pdf_text(document) -> str:
    with document.file.open("rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_statements_are_numbered_gaplessly_per_year_with_their_deadlines(legal_texts):
    order = delivered_order(days_ago=3)
    received_at = timezone.now()
    first, second = withdrawn(order, received_at=received_at), withdrawn(None)
    assert first.number == f"O-{received_at.year}-0001"
    assert second.number == f"O-{received_at.year}-0002"
    today = timezone.localdate(received_at)
    assert first.received_at == received_at
    assert first.return_due == today + datetime.timedelta(days=14)
    assert first.refund_latest == today + datetime.timedelta(days=14)
    [line] = first.lines.all()
    assert line.accepted
    assert line.period_ends == order.delivered_on + datetime.timedelta(days=14)
    assert [e.kind for e in first.events.all()] == [WithdrawalEventKind.RECEIVED]


def test_the_acknowledgement_carries_the_content_and_the_time_received(
    legal_texts, django_capture_on_commit_callbacks
):
    order = delivered_order(days_ago=3)
    with django_capture_on_commit_callbacks(execute=True):
        statement = withdrawn(order, reason="Ne odgovara mi boja.")
    [message] = mail.outbox
    assert message.to == [order.email]
    assert statement.number in message.subject
    received = timezone.localtime(statement.received_at)
    assert f"{local_date(received)} at {received:%H:%M:%S}" in message.body
    # English writes the month out ("5 December 2026"), never a numeric "05.12.2026".
    assert f"{received.day} {received:%B %Y} at" in message.body
    document = Document.objects.get(kind="withdrawal_acknowledgement", reference=statement.number)
    text = pdf_text(document)
    assert f"Number: {statement.number}" in text
    assert f"Received on {local_date(received)} at {received:%H:%M:%S}" in text
    assert f"Received on {received.day} {received:%B %Y} at" in text
    assert "2 × Prsten Luna (Veličina 54) LUNA-54" in text
    assert "Ne odgovara mi boja." in text
    statement.refresh_from_db()
    assert statement.acknowledged_at is not None


def test_late_unmatched_and_personalised_statements_are_stored_with_the_reasons(
    legal_texts, django_capture_on_commit_callbacks
):
    late_order = delivered_order(days_ago=15)
    personalised = second_line(late_order, personalised=True)
    with django_capture_on_commit_callbacks(execute=True):
        late = withdrawn(late_order)
        unmatched = withdrawn(None, order_number_given="CM-1999-000001", email="x@example.rs")
    refusals = {line.order_line_id: line.refusal for line in late.lines.all()}
    assert refusals[personalised.pk] == WithdrawalLineRefusal.PERSONALISED
    assert set(refusals.values()) == {
        WithdrawalLineRefusal.PERSONALISED,
        WithdrawalLineRefusal.LATE,
    }
    assert "after the withdrawal period" in late.problems
    assert "not identified" in unmatched.problems
    assert WithdrawalStatement.objects.count() == 2
    late_mail = next(m for m in mail.outbox if m.to == [late_order.email])
    assert "excluded from the right of withdrawal" in late_mail.body
    assert "Stated after the withdrawal period for this item ended." in late_mail.body


def test_withdrawal_before_delivery_is_on_time(legal_texts):
    order = delivered_order()
    order.delivered_on = None
    order.save(update_fields=["delivered_on"])
    [line] = withdrawn(order).lines.all()
    assert line.accepted and line.period_ends is None


def test_pieces_cannot_be_withdrawn_from_twice(legal_texts):
    order = delivered_order(days_ago=1)
    [line] = order.lines.all()
    withdrawn(order, lines=stated(order, line, quantity=1))
    second = withdrawn(order, lines=stated(order, line, quantity=1))
    third = withdrawn(order, lines=stated(order, line, quantity=1))
    assert second.lines.get().accepted
    assert third.lines.get().refusal == WithdrawalLineRefusal.ALREADY_WITHDRAWN


def test_an_order_is_linked_only_when_number_email_and_surname_all_match(legal_texts):
    order = delivered_order()
    name = "Đorđe Šćepanović Žarković"
    assert withdrawal_order_match(number=order.number, email=order.email, full_name=name) == order
    assert (
        withdrawal_order_match(
            number=order.number.lower(), email=order.email.upper(), full_name="djordje zarkovic"
        )
        == order
    )
    assert (
        withdrawal_order_match(number=order.number, email=order.email, full_name="Ana Jović")
        is None
    )
    assert (
        withdrawal_order_match(number=order.number, email="other@example.rs", full_name=name)
        is None
    )
    assert (
        withdrawal_order_match(number="CM-2026-999999", email=order.email, full_name=name) is None
    )


@pytest.mark.parametrize(
    ("given", "on_order", "matches"),
    [
        ("Jelena Petrović", "Jelena Petrović", True),
        ("jelena petrovic", "Jelena Petrović", True),
        ("Petrović", "Jelena Petrović", True),
        ("Jelena", "Jelena Petrović", False),
        ("Ana Marija Đurić-Kovač", "Ana Đurić-Kovač", True),
        ("", "Jelena Petrović", False),
        ("Jelena Petrović", "", False),
    ],
)
def test_surname_matching(given, on_order, matches):
    assert surname_matches(given_name=given, order_name=on_order) is matches


def test_goods_back_makes_the_refund_due_and_steps_are_checked(legal_texts, admin_user):
    order = delivered_order(days_ago=2)
    statement = withdrawn(order)
    now = timezone.now()
    today = timezone.localdate(now)
    with pytest.raises(WithdrawalStepRefused):
        withdrawal_goods_back(
            statement_id=statement.pk,
            how="goods",
            received_on=today + datetime.timedelta(days=1),
            actor=admin_user,
            now=now,
        )
    statement = withdrawal_goods_back(
        statement_id=statement.pk, how="proof", received_on=today, actor=admin_user, now=now
    )
    assert statement.status == WithdrawalStatus.GOODS_BACK
    assert statement.refund_due == today + datetime.timedelta(days=14)
    with pytest.raises(WithdrawalStepRefused, match="not possible now"):
        withdrawal_goods_back(
            statement_id=statement.pk, how="goods", received_on=today, actor=admin_user, now=now
        )
    kinds = list(statement.events.values_list("kind", flat=True))
    assert kinds[-1] == WithdrawalEventKind.PROOF_RECEIVED


def test_the_refund_is_the_items_price_and_the_delivery_once_all_is_withdrawn(legal_texts):
    order = delivered_order(days_ago=2)  # 2 × 4,990.00 + 450.00 delivery
    extra = second_line(order)
    [ring] = [line for line in order.lines.all() if line.pk != extra.pk]
    partial = withdrawn(order, lines=stated(order, extra))
    assert withdrawal_refund_proposal(partial).amount == Decimal("1990.00")
    rest = withdrawn(order, lines=stated(order, ring))
    proposal = withdrawal_refund_proposal(rest)
    assert proposal.lines_total == Decimal("9980.00")
    assert proposal.delivery == Decimal("450.00")


def test_a_declined_statement_tells_the_consumer_why(
    legal_texts, admin_user, django_capture_on_commit_callbacks
):
    statement = withdrawn(delivered_order(days_ago=30))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        withdrawal_decline(
            statement_id=statement.pk,
            reason="The period ended.",
            actor=admin_user,
            now=timezone.now(),
        )
    [message] = mail.outbox
    assert "The period ended." in message.body
    assert statement.events.filter(kind=WithdrawalEventKind.DECLINE_SENT).exists()
    with pytest.raises(WithdrawalStepRefused):
        withdrawal_decline(
            statement_id=statement.pk, reason="Again", actor=admin_user, now=timezone.now()
        )


def _in_threads(count, work):
    errors = []
    start = threading.Barrier(count)

    def run(index):
        try:
            start.wait()
            work(index)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_statements_get_gapless_numbers_and_one_takes_the_last_piece(legal_texts):
    order = delivered_order(days_ago=1)
    [line] = order.lines.all()  # 2 pieces
    _in_threads(6, lambda n: withdrawn(order, lines=stated(order, line, quantity=1)))
    statements = WithdrawalStatement.objects.order_by("number")
    year = timezone.localdate().year
    assert [s.number for s in statements] == [f"O-{year}-{n:04d}" for n in range(1, 7)]
    refusals = [s.lines.get().refusal for s in statements]
    assert refusals.count("") == 2  # the two pieces, once each
    assert refusals.count(WithdrawalLineRefusal.ALREADY_WITHDRAWN) == 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_acknowledgements_to_one_address_send_one_email(legal_texts):
    order = delivered_order(days_ago=1)
    statements = [withdrawn(order) for _n in range(4)]
    # As if the broker had been down when they came: no acknowledgement went out yet, and the
    # outbox sweep now hands all four to workers at once.
    SentEmail.objects.all().delete()
    WithdrawalEvent.objects.filter(
        kind__in=(WithdrawalEventKind.ACKNOWLEDGED, WithdrawalEventKind.ACKNOWLEDGEMENT_WITHHELD)
    ).delete()
    WithdrawalStatement.objects.update(acknowledged_at=None)
    mail.outbox.clear()
    _in_threads(4, lambda n: withdrawal_email_send(statement_id=statements[n].pk, kind="received"))
    assert len(mail.outbox) == 1
    assert WithdrawalStatement.objects.filter(acknowledged_at__isnull=False).count() == 1
    assert (
        WithdrawalStatement.objects.filter(
            events__kind=WithdrawalEventKind.ACKNOWLEDGEMENT_WITHHELD
        ).count()
        == 3
    )
