"""What happens to a statement of withdrawal, one checked function per step:

    received ─goods or proof of sending received→ goods_back ─refund→ refunded
    received ─refund→ refunded          (the shop need not wait for the goods)
    received | goods_back ─decline→ declined

`withdrawal_receive` stores every statement, whatever check it fails (late, order not
identified, personalised items): the reasons are stored on it for staff and told to the
consumer. Each later step writes one event in the same transaction as the workflow columns it
changes; what the consumer stated is never changed. The refund calls Mollie, so
`withdrawal_refund` makes it before its transaction. E-mails go through the outbox."""

import datetime
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from legal import consumer_law as law
from orders.models import Order, OrderLine
from orders.services.refunds import RefundError, refund_create
from paperwork.numbering import sequence_next
from paperwork.outbox import outbox_enqueue

from ..models import (
    WithdrawalChannel,
    WithdrawalEvent,
    WithdrawalEventKind,
    WithdrawalLine,
    WithdrawalLineRefusal,
    WithdrawalNumberCounter,
    WithdrawalStatement,
    WithdrawalStatus,
)


class WithdrawalStepRefused(Exception):
    """The step is not allowed now; the message says why, in staff's words."""


@dataclass(frozen=True)
class StatedLine:
    """An order line the consumer picked and how many of its pieces."""

    order_line: OrderLine
    quantity: int


def withdrawal_number(*, year: int, sequence: int) -> str:
    """O-2026-0001 ("odustanak"): the numbering restarts every year."""
    return f"O-{year}-{sequence:04d}"


def withdrawal_number_next(*, year: int) -> str:
    """The next number; call inside the transaction that stores the statement (the counter row
    stays locked until it commits, and a rollback gives the number back: no gaps)."""
    return withdrawal_number(year=year, sequence=sequence_next(WithdrawalNumberCounter, year=year))


def _name_words(name: str) -> list[str]:
    # Case and accents do not tell people apart here: "Šćepanović" typed as "scepanovic" on a
    # keyboard without Serbian letters is the same surname. Đ/đ has no decomposition.
    plain = unicodedata.normalize("NFKD", name.casefold().replace("đ", "dj"))
    return "".join(c for c in plain if not unicodedata.combining(c)).replace("-", " ").split()


def surname_matches(*, given_name: str, order_name: str) -> bool:
    """The surname (the last word of the name on the order) is among the words typed."""
    order_words = _name_words(order_name)
    return bool(order_words) and order_words[-1] in _name_words(given_name)


def withdrawal_order_match(*, number: str, email: str, full_name: str) -> Order | None:
    """The order a statement names, only when its number, e-mail and the surname all match:
    a guest's statement never attaches to someone else's order on a guessed number."""
    order = Order.objects.filter(number__iexact=number.strip(), email=email.strip().lower()).first()
    if order is None or not surname_matches(given_name=full_name, order_name=order.full_name):
        return None
    return order


def _event(statement, kind, *, now, actor=None, note="", **data) -> WithdrawalEvent:
    return WithdrawalEvent.objects.create(
        statement=statement, kind=kind, at=now, actor=actor, note=note, data=data
    )


def _withdrawn_before(order_line: OrderLine) -> int:
    """Pieces of the line already withdrawn from validly in earlier statements."""
    return (
        WithdrawalLine.objects.filter(order_line=order_line, refusal="")
        .exclude(statement__status=WithdrawalStatus.DECLINED)
        .aggregate(total=Sum("quantity"))["total"]
        or 0
    )


def _line(stated: StatedLine, *, sent_on: datetime.date) -> WithdrawalLine:
    line = stated.order_line
    # One parcel per order: every line was delivered on the order's delivery day.
    delivered_on = line.order.delivered_on
    if law.withdrawal_line_excluded(is_personalised=line.is_personalised):
        refusal = WithdrawalLineRefusal.PERSONALISED
    elif not law.withdrawal_on_time(delivered_on=delivered_on, sent_on=sent_on):
        refusal = WithdrawalLineRefusal.LATE
    elif _withdrawn_before(line) + stated.quantity > line.quantity:
        refusal = WithdrawalLineRefusal.ALREADY_WITHDRAWN
    else:
        refusal = ""
    return WithdrawalLine(
        order_line=line,
        quantity=stated.quantity,
        delivered_on=delivered_on,
        period_ends=law.withdrawal_period_ends(delivered_on) if delivered_on else None,
        refusal=refusal,
    )


def _goods(lines: list[WithdrawalLine]) -> str:
    return "\n".join(
        f"{line.quantity} × {line.order_line.product_name}"
        f"{f' ({line.order_line.option})' if line.order_line.option else ''} {line.order_line.sku}"
        for line in lines
    )


def withdrawal_receive(
    *,
    received_at: datetime.datetime,
    channel: str,
    full_name: str,
    email: str,
    order: Order | None = None,
    order_number_given: str = "",
    lines: list[StatedLine] = (),
    goods: str = "",
    reason: str = "",
    sent_on: datetime.date | None = None,
    address: str = "",
    language: str = "en",
    registered_by=None,
    acknowledge: bool = True,
) -> WithdrawalStatement:
    """Record a statement of withdrawal as received at `received_at` (taken by the caller
    before anything else ran), numbered, whatever checks it fails; the acknowledgement e-mail
    is queued in the same transaction. `sent_on` is the day the consumer sent it (the postmark
    for post; the day received for the online function). `acknowledge` False (the form's rate
    limit was hit) records the statement without e-mailing: its page shows the acknowledgement."""
    received_on = timezone.localdate(received_at)
    sent_on = sent_on or received_on
    stated = [item for item in lines if order is not None and item.order_line.order_id == order.pk]
    with transaction.atomic():
        if order is not None:
            # Statements on one order queue here, so that two cannot both take its last pieces.
            Order.objects.select_for_update().filter(pk=order.pk).first()
        built = [_line(item, sent_on=sent_on) for item in stated]
        with translation.override(settings.LANGUAGE_CODE):  # staff read the problems
            problems = _problems(order=order, lines=built, goods=goods)
        statement = WithdrawalStatement.objects.create(
            number=withdrawal_number_next(year=received_on.year),
            received_at=received_at,
            sent_on=sent_on,
            channel=channel,
            full_name=full_name[:150],
            email=email.strip().lower()[:254],
            address=address[:300],
            language=language,
            order=order,
            order_number_given=(order.number if order is not None else order_number_given)[:40],
            goods=_goods(built) or goods,
            reason=reason,
            registered_by=registered_by,
            problems="\n".join(problems),
            return_due=law.withdrawal_return_due(sent_on),
            refund_latest=law.withdrawal_refund_latest(received_on),
        )
        for line in built:
            line.statement = statement
        WithdrawalLine.objects.bulk_create(built)
        _event(
            statement,
            WithdrawalEventKind.RECEIVED,
            now=received_at,
            actor=registered_by,
            note=WithdrawalChannel(channel).label,
        )
        if problems:
            _event(
                statement,
                WithdrawalEventKind.CHECK_FAILED,
                now=received_at,
                note="\n".join(problems),
            )
        if statement.email and acknowledge:
            withdrawal_email_later(statement=statement, kind="received", now=received_at)
        elif statement.email:
            _event(
                statement,
                WithdrawalEventKind.ACKNOWLEDGEMENT_WITHHELD,
                now=received_at,
                note=_("Too many statements from this address or network in a short time."),
            )
    return statement


def _problems(*, order, lines, goods) -> list[str]:
    problems = []
    if order is None:
        problems.append(
            _(
                "The order was not identified (order number, e-mail and surname must all "
                "match); staff must find it."
            )
        )
    elif not lines:
        problems.append(_("No item was chosen."))
    for line in lines:
        if line.refusal:
            problems.append(
                f"{line.order_line.product_name}: {WithdrawalLineRefusal(line.refusal).label}"
            )
    if order is None and not goods.strip():
        problems.append(_("The goods were not described."))
    return problems


def withdrawal_email_later(*, statement: WithdrawalStatement, kind: str, now) -> None:
    """Queue one of the statement's e-mails (received, declined) inside the step's transaction."""
    outbox_enqueue(
        "complaints.withdrawal_send_email",
        key=f"complaints.withdrawal-email:{statement.pk}:{kind}",
        now=now,
        statement_id=statement.pk,
        kind=kind,
    )


def withdrawal_email_recorded(*, statement_id: int, kind: str, now) -> None:
    """Note on the timeline that an e-mail went out (or was withheld)."""
    with transaction.atomic():
        statement = WithdrawalStatement.objects.select_for_update().get(pk=statement_id)
        if kind == WithdrawalEventKind.ACKNOWLEDGED and statement.acknowledged_at is None:
            statement.acknowledged_at = now
            statement.save(update_fields=["acknowledged_at"])
        _event(statement, kind, now=now, note=statement.email)


def _locked(statement_id: int, *allowed: WithdrawalStatus) -> WithdrawalStatement:
    statement = WithdrawalStatement.objects.select_for_update().get(pk=statement_id)
    if statement.status not in allowed:
        raise WithdrawalStepRefused(
            _("Withdrawal %(number)s is %(status)s; this step is not possible now.")
            % {"number": statement.number, "status": statement.get_status_display()}
        )
    return statement


GOODS_BACK_HOW = {
    "goods": WithdrawalEventKind.GOODS_RECEIVED,
    "proof": WithdrawalEventKind.PROOF_RECEIVED,
}


def withdrawal_goods_back(
    *, statement_id: int, how: str, received_on: datetime.date, note: str = "", actor, now
) -> WithdrawalStatement:
    """Staff received the goods back, or the consumer's proof of having sent them, whichever
    came first (Directive 2011/83 Art. 13(3)): from then the refund is due."""
    if how not in GOODS_BACK_HOW:
        raise WithdrawalStepRefused(_("Choose goods received or proof of sending received."))
    with transaction.atomic():
        statement = _locked(statement_id, WithdrawalStatus.RECEIVED)
        if not timezone.localdate(statement.received_at) <= received_on <= timezone.localdate(now):
            raise WithdrawalStepRefused(
                _("The day must lie between the statement's receipt and today.")
            )
        statement.status = WithdrawalStatus.GOODS_BACK
        statement.goods_back_on = received_on
        statement.refund_due = law.withdrawal_refund_due(
            received_on=timezone.localdate(statement.received_at), goods_back_on=received_on
        )
        statement.save(update_fields=["status", "goods_back_on", "refund_due"])
        _event(
            statement,
            GOODS_BACK_HOW[how],
            now=now,
            actor=actor,
            note=note,
            received_on=received_on.isoformat(),
            refund_due=statement.refund_due.isoformat(),
        )
    return statement


def _accepted_lines(statement: WithdrawalStatement) -> list[WithdrawalLine]:
    return [line for line in statement.lines.select_related("order_line") if line.accepted]


def _order_wholly_withdrawn(order: Order) -> bool:
    """Every piece of every line of the order is withdrawn from validly, this statement and
    earlier ones together."""
    return all(_withdrawn_before(line) >= line.quantity for line in order.lines.all())


def _delivery_refunded_already(order: Order) -> bool:
    return WithdrawalEvent.objects.filter(
        statement__order=order, kind=WithdrawalEventKind.REFUNDED, data__delivery_included=True
    ).exists()


@dataclass(frozen=True)
class RefundProposal:
    lines_total: Decimal
    delivery: Decimal
    amount: Decimal


def withdrawal_refund_proposal(statement: WithdrawalStatement) -> RefundProposal:
    """What the refund is: the price of the accepted items, and the standard delivery cost
    once the whole order is withdrawn from (`legal.consumer_law.withdrawal_refund_amount`)."""
    lines_total = sum(
        (line.order_line.unit_price * line.quantity for line in _accepted_lines(statement)),
        Decimal("0.00"),
    )
    order = statement.order
    whole = (
        order is not None
        and _order_wholly_withdrawn(order)
        and not _delivery_refunded_already(order)
    )
    amount = law.withdrawal_refund_amount(
        withdrawn_lines_total=lines_total,
        delivery_paid=order.delivery_price if order is not None else Decimal("0.00"),
        whole_order_withdrawn=whole,
    )
    return RefundProposal(lines_total=lines_total, delivery=amount - lines_total, amount=amount)


REFUNDABLE = (WithdrawalStatus.RECEIVED, WithdrawalStatus.GOODS_BACK)


def withdrawal_refund(*, statement_id: int, actor, now) -> WithdrawalStatement:
    """Refund the statement's accepted items (and the delivery cost when due) to the card the
    order was paid with, through the refund service, outside any transaction since it calls
    Mollie; a refund that fails leaves the statement open with the failure on its timeline."""
    statement = WithdrawalStatement.objects.select_related("order").get(pk=statement_id)
    if statement.status not in REFUNDABLE:
        raise WithdrawalStepRefused(
            _("Withdrawal %(number)s is %(status)s; it cannot be refunded now.")
            % {"number": statement.number, "status": statement.get_status_display()}
        )
    if statement.order is None:
        raise WithdrawalStepRefused(_("The statement is linked to no order: nothing to refund."))
    proposal = withdrawal_refund_proposal(statement)
    if proposal.amount <= 0:
        raise WithdrawalStepRefused(_("No item of this statement can be withdrawn from."))
    try:
        refund = refund_create(
            order=statement.order,
            amount_rsd=proposal.amount,
            reason=_("Withdrawal %(number)s") % {"number": statement.number},
            actor=actor,
        )
    except RefundError as error:
        with transaction.atomic():
            _event(
                statement, WithdrawalEventKind.REFUND_FAILED, now=now, actor=actor, note=str(error)
            )
        raise WithdrawalStepRefused(str(error)) from error
    with transaction.atomic():
        statement = _locked(statement_id, *REFUNDABLE)
        statement.status = WithdrawalStatus.REFUNDED
        statement.refunded_on = timezone.localdate(now)
        statement.save(update_fields=["status", "refunded_on"])
        _event(
            statement,
            WithdrawalEventKind.REFUNDED,
            now=now,
            actor=actor,
            refund_id=refund.pk,
            amount_rsd=str(proposal.amount),
            delivery_included=proposal.delivery > 0,
        )
    return statement


def withdrawal_decline(*, statement_id: int, reason: str, actor, now) -> WithdrawalStatement:
    """Close a statement that is not a valid withdrawal (late, only personalised items, no
    order of ours), telling the consumer why by e-mail."""
    if not reason.strip():
        raise WithdrawalStepRefused(_("Give the reason the consumer will read."))
    with transaction.atomic():
        statement = _locked(statement_id, *REFUNDABLE)
        statement.status = WithdrawalStatus.DECLINED
        statement.save(update_fields=["status"])
        _event(statement, WithdrawalEventKind.DECLINED, now=now, actor=actor, note=reason)
        if statement.email:
            withdrawal_email_later(statement=statement, kind="declined", now=now)
    return statement
