"""What happens to a complaint, one checked function per step of its workflow:

    received ─answer(accepted)→ answered ─reply→ agreed | disagreed ─resolve→ resolved
    received ─answer(rejected)→ rejected

Every step writes one event on the complaint's timeline in the same transaction as the
workflow columns it changes; what the consumer filed is never changed. Refunds (price
reduction, termination) call Mollie, so `complaint_resolve` makes them before its transaction.
E-mails and documents go through the outbox, queued inside the step's transaction."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from orders.models import Order, OrderLine
from orders.services.refunds import RefundError, refund_create
from paperwork.numbering import sequence_next
from paperwork.outbox import outbox_enqueue

from .. import rules
from ..models import (
    Complaint,
    ComplaintChannel,
    ComplaintDecision,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintNumberCounter,
    ComplaintPhoto,
    ComplaintReply,
    ComplaintResolution,
    ComplaintState,
)


class ComplaintStepRefused(Exception):
    """The step is not allowed now; the message says why, in staff's words."""


@dataclass(frozen=True)
class CleanPhoto:
    """A photo already checked and stripped of metadata (catalog.images.clean_photo)."""

    name: str
    jpeg: bytes


def complaint_number(*, year: int, sequence: int) -> str:
    """R-2026-0001: the register's numbering restarts every year."""
    return f"R-{year}-{sequence:04d}"


def complaint_number_next(*, year: int) -> str:
    """The register's next number. Call inside the transaction that stores the complaint: the
    counter row stays locked until it commits (concurrent filers queue up) and a rollback
    gives the number back, so the register has no gaps."""
    return complaint_number(year=year, sequence=sequence_next(ComplaintNumberCounter, year=year))


def complaint_order_find(*, number: str, email: str) -> Order | None:
    """The order a guest names by its number and the e-mail it was placed with."""
    return Order.objects.filter(number__iexact=number.strip(), email=email.strip().lower()).first()


def _event(complaint, kind, *, now, actor=None, note="", **data) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint, kind=kind, at=now, actor=actor, note=note, data=data
    )


def _goods(lines) -> str:
    return "\n".join(
        f"{line.quantity} × {line.product_name}{f' ({line.option})' if line.option else ''}"
        f" {line.sku}".rstrip()
        for line in lines
    )


def complaint_receive(
    *,
    now: datetime.datetime,
    channel: str,
    full_name: str,
    email: str,
    description: str,
    remedy: str,
    repair_consent: bool = False,
    order: Order | None = None,
    order_number_given: str = "",
    lines: list[OrderLine] = (),
    goods: str = "",
    phone: str = "",
    address: str = "",
    language: str = "en",
    photos: list[CleanPhoto] = (),
    photos_refused: list[str] = (),
    registered_by=None,
) -> Complaint:
    """Enter a complaint in the register as received, whatever checks it fails: photos the
    form refused (`photos_refused`, the reasons the consumer was shown) and the legal checks
    made here are stored on it for staff to read, never a reason to drop it. The consumer's
    confirmation (e-mail with a PDF stating the number and the date of receipt) is queued in
    the same transaction."""
    lines = [line for line in lines if order is not None and line.order_id == order.pk]
    received_on = timezone.localdate(now)
    delivered_on = order.delivered_on if order is not None else None
    within_liability = rules.complaint_within_liability(
        delivered_on=delivered_on, filed_on=received_on
    )
    with translation.override(settings.LANGUAGE_CODE):  # staff read the problems
        problems = _problems(
            order=order, within_liability=within_liability, photos_refused=photos_refused
        )
    with transaction.atomic():
        complaint = Complaint.objects.create(
            number=complaint_number_next(year=received_on.year),
            order=order,
            order_number_given=(order.number if order is not None else order_number_given)[:40],
            full_name=full_name[:150],
            email=email.strip().lower(),
            phone=phone[:40],
            address=address[:300],
            language=language,
            goods=_goods(lines) or goods,
            description=description,
            remedy=remedy,
            repair_consent=repair_consent,
            channel=channel,
            received_at=now,
            registered_by=registered_by,
            problems="\n".join(problems),
            within_liability=within_liability,
            consumer_chooses=rules.complaint_consumer_chooses_remedy(
                delivered_on=delivered_on, filed_on=received_on
            ),
            answer_due=rules.complaint_answer_due(received_on),
        )
        complaint.lines.set(lines)
        for index, photo in enumerate(photos, start=1):
            stored = ComplaintPhoto(complaint=complaint)
            stored.image.save(
                f"{complaint.number}-{index}.jpg", ContentFile(photo.jpeg), save=False
            )
            stored.save()
        _event(
            complaint,
            ComplaintEventKind.RECEIVED,
            now=now,
            actor=registered_by,
            note=ComplaintChannel(channel).label,
        )
        if problems:
            _event(
                complaint,
                ComplaintEventKind.CHECK_FAILED,
                now=now,
                note="\n".join(problems),
                photos_refused=list(photos_refused),
            )
        if complaint.email:
            complaint_email_later(complaint=complaint, kind="received", now=now)
    return complaint


def complaint_email_later(*, complaint: Complaint, kind: str, now) -> None:
    """Queue one of the complaint's e-mails (received, answered); inside the step's transaction."""
    outbox_enqueue(
        "complaints.complaint_send_email",
        key=f"complaints.email:{complaint.pk}:{kind}",
        now=now,
        complaint_id=complaint.pk,
        kind=kind,
    )


def _locked(complaint_id: int, *allowed: ComplaintState) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
    if complaint.state not in allowed:
        raise ComplaintStepRefused(
            _("Complaint %(number)s is %(state)s; this step is not possible now.")
            % {"number": complaint.number, "state": complaint.get_state_display()}
        )
    return complaint


def complaint_answer(
    *,
    complaint_id: int,
    decision: str,
    response: str,
    proposal: str = "",
    reasons: str = "",
    resolution_deadline: datetime.date | None = None,
    actor,
    now: datetime.datetime,
) -> Complaint:
    """The seller's answer (Art. 56(3)): accepted with a concrete proposal and a resolution
    deadline at most 15 days from filing, or rejected with reasons. The answer e-mail goes
    out at once, so the day it is given counts as the day the consumer received it."""
    answered_on = timezone.localdate(now)
    with transaction.atomic():
        complaint = _locked(complaint_id, ComplaintState.RECEIVED)
        filed_on = timezone.localdate(complaint.received_at)
        if not response.strip():
            raise ComplaintStepRefused(_("Write the response to the consumer's request."))
        if decision == ComplaintDecision.REJECTED:
            if not reasons.strip():
                raise ComplaintStepRefused(_("A rejection needs its reasons."))
            complaint.state = ComplaintState.REJECTED
        elif decision == ComplaintDecision.ACCEPTED:
            if not proposal.strip():
                raise ComplaintStepRefused(_("An accepted complaint needs a concrete proposal."))
            if resolution_deadline is None or not rules.complaint_proposal_deadline_valid(
                filed_on=filed_on, answered_on=answered_on, deadline=resolution_deadline
            ):
                raise ComplaintStepRefused(
                    _("The resolution deadline must lie between today and %(latest)s.")
                    % {"latest": rules.complaint_resolution_latest(filed_on).isoformat()}
                )
            complaint.state = ComplaintState.ANSWERED
            complaint.proposed_deadline = resolution_deadline
            complaint.resolution_due = resolution_deadline
        else:
            raise ComplaintStepRefused(_("Choose accepted or rejected."))
        complaint.decision = decision
        complaint.answered_on = answered_on
        complaint.save()
        _event(
            complaint,
            ComplaintEventKind.ANSWERED,
            now=now,
            actor=actor,
            note=response,
            decision=decision,
            reasons=reasons,
            proposal=proposal,
            resolution_deadline=resolution_deadline.isoformat() if resolution_deadline else "",
        )
        if complaint.email:
            complaint_email_later(complaint=complaint, kind="answered", now=now)
    return complaint


def complaint_answer_given(complaint: Complaint) -> ComplaintEvent | None:
    return complaint.events.filter(kind=ComplaintEventKind.ANSWERED).last()


def complaint_reply_record(
    *, complaint_id: int, reply: str, received_on: datetime.date, actor, now
) -> Complaint:
    """The consumer's reply to the proposal. The resolution deadline moves by the days the
    clock was paused (from the answer until the reply, at most the 3 days); "no reply" may be
    recorded only once the 3 days have passed and counts as not agreeing (Art. 56(5))."""
    with transaction.atomic():
        complaint = _locked(complaint_id, ComplaintState.ANSWERED)
        reply_due = rules.complaint_reply_due(complaint.answered_on)
        if reply == ComplaintReply.NO_REPLY:
            if received_on <= reply_due:
                raise ComplaintStepRefused(
                    _("The consumer may reply until %(date)s; record no reply after that.")
                    % {"date": reply_due.isoformat()}
                )
            complaint.state = ComplaintState.DISAGREED
        elif reply in (ComplaintReply.AGREED, ComplaintReply.DISAGREED):
            if not complaint.answered_on <= received_on <= timezone.localdate(now):
                raise ComplaintStepRefused(
                    _("The reply cannot be received before the answer or in the future.")
                )
            complaint.state = (
                ComplaintState.AGREED
                if reply == ComplaintReply.AGREED
                else ComplaintState.DISAGREED
            )
        else:
            raise ComplaintStepRefused(_("Choose the consumer's reply."))
        paused = rules.complaint_paused_days(
            answer_received_on=complaint.answered_on, reply_received_on=received_on
        )
        complaint.reply = reply
        complaint.reply_received_on = received_on
        complaint.resolution_due = rules.complaint_resolution_due(
            proposed=complaint.proposed_deadline, paused_days=paused, extended_to=None
        )
        complaint.save()
        _event(
            complaint,
            ComplaintEventKind.REPLY_RECORDED,
            now=now,
            actor=actor,
            note=ComplaintReply(reply).label,
            paused_days=paused,
            resolution_due=complaint.resolution_due.isoformat(),
        )
    return complaint


def complaint_extend(
    *,
    complaint_id: int,
    new_deadline: datetime.date,
    reason: str,
    consumer_consented: bool,
    actor,
    now,
) -> Complaint:
    """Extend the resolution deadline: once only, for an objective reason, with the consumer's
    consent (Art. 56(6)); recorded in the register."""
    with transaction.atomic():
        complaint = _locked(
            complaint_id, ComplaintState.ANSWERED, ComplaintState.AGREED, ComplaintState.DISAGREED
        )
        if complaint.extended_to is not None:
            raise ComplaintStepRefused(_("The resolution deadline can be extended only once."))
        if not rules.complaint_extension_allowed(
            extensions_so_far=0, consumer_consented=consumer_consented
        ):
            raise ComplaintStepRefused(_("An extension needs the consumer's consent."))
        if not reason.strip():
            raise ComplaintStepRefused(_("Give the objective reason for the extension."))
        if new_deadline <= complaint.resolution_due:
            raise ComplaintStepRefused(
                _("The new deadline must be after %(date)s.")
                % {"date": complaint.resolution_due.isoformat()}
            )
        complaint.extended_to = new_deadline
        complaint.resolution_due = new_deadline
        complaint.save()
        _event(
            complaint,
            ComplaintEventKind.EXTENDED,
            now=now,
            actor=actor,
            note=reason,
            extended_to=new_deadline.isoformat(),
        )
    return complaint


REFUNDING = (ComplaintResolution.PRICE_REDUCED, ComplaintResolution.REFUNDED)


def complaint_resolve(
    *,
    complaint_id: int,
    resolution: str,
    note: str = "",
    refund_amount_rsd: Decimal | None = None,
    return_costs_rsd: Decimal | None = None,
    actor,
    now,
) -> Complaint:
    """Close the complaint as resolved. A price reduction or a termination refunds through the
    refund service (same payment method, terms "RIGHT TO COMPLAINT") before anything is
    recorded, outside any transaction, since it calls Mollie; a refund that fails leaves the
    complaint open with the failure on its timeline. Justified return costs borne by the shop
    are recorded."""
    allowed = (ComplaintState.AGREED, ComplaintState.DISAGREED)
    complaint = Complaint.objects.select_related("order").get(pk=complaint_id)
    if complaint.state not in allowed:
        raise ComplaintStepRefused(
            _("Complaint %(number)s is %(state)s; it cannot be resolved now.")
            % {"number": complaint.number, "state": complaint.get_state_display()}
        )
    if resolution not in ComplaintResolution.values:
        raise ComplaintStepRefused(_("Choose how the complaint was resolved."))
    refund = None
    if resolution in REFUNDING:
        if complaint.order is None:
            raise ComplaintStepRefused(_("Link the complaint to its order before refunding."))
        if refund_amount_rsd is None:
            raise ComplaintStepRefused(_("Enter the amount to refund."))
        try:
            refund = refund_create(
                order=complaint.order,
                amount_rsd=refund_amount_rsd,
                reason=_("Complaint %(number)s") % {"number": complaint.number},
                actor=actor,
            )
        except RefundError as error:
            with transaction.atomic():
                _event(
                    complaint,
                    ComplaintEventKind.REFUND_FAILED,
                    now=now,
                    actor=actor,
                    note=str(error),
                )
            raise ComplaintStepRefused(str(error)) from error
    with transaction.atomic():
        complaint = _locked(complaint_id, *allowed)
        complaint.state = ComplaintState.RESOLVED
        complaint.resolution = resolution
        complaint.resolved_on = timezone.localdate(now)
        complaint.return_costs_rsd = return_costs_rsd
        complaint.save()
        _event(
            complaint,
            ComplaintEventKind.RESOLVED,
            now=now,
            actor=actor,
            note=note,
            resolution=resolution,
            refund_id=refund.pk if refund else None,
            refund_amount_rsd=str(refund_amount_rsd) if refund else "",
            return_costs_rsd=str(return_costs_rsd) if return_costs_rsd is not None else "",
        )
    return complaint


def complaint_email_recorded(*, complaint_id: int, kind: str, now) -> None:
    """Note on the timeline that an e-mail went out; the confirmation's time goes into the
    register (the date the confirmation was issued)."""
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
        if kind == ComplaintEventKind.CONFIRMATION_SENT and complaint.confirmed_at is None:
            complaint.confirmed_at = now
            complaint.save(update_fields=["confirmed_at"])
        _event(complaint, kind, now=now, note=complaint.email)


def _problems(*, order, within_liability, photos_refused) -> list[str]:
    problems = [_("Photo refused: %(reason)s") % {"reason": reason} for reason in photos_refused]
    if order is None:
        problems.append(_("The order was not identified; staff must find it."))
    if not within_liability:
        problems.append(
            _(
                "Filed after the seller's 2-year liability for non-conformity ended on "
                "%(date)s (counted from delivery on %(delivered)s); it is recorded and answered "
                "all the same."
            )
            % {
                "date": rules.complaint_liability_ends(order.delivered_on).isoformat(),
                "delivered": order.delivered_on.isoformat(),
            }
        )
    return problems
