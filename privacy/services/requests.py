"""Data-subject requests: one function per allowed transition of `RequestState`, each in one
transaction under the request's row lock, each checking the state it starts from. E-mails and
the export go through the outbox after commit."""

import datetime

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from paperwork.models import SentEmail
from paperwork.outbox import outbox_enqueue

from .. import rules
from ..models import OPEN_STATES, DataRequest, RequestKind, RequestState
from .erasure import erasure_apply, erasure_plan, erasure_rescan, erasure_result
from .people import person_find

EMAIL_TASK = "privacy.request_send_email"
EXPORT_TASK = "privacy.request_build_export"
ACCESS_TASK = "privacy.request_build_access_answer"


class RequestStepRefused(Exception):
    """The request is not in a state that allows this step; the message says why."""


def _locked(data_request: DataRequest) -> DataRequest:
    return DataRequest.objects.select_for_update().get(pk=data_request.pk)


def _require(data_request: DataRequest, *states) -> None:
    if data_request.state not in states:
        raise RequestStepRefused(
            _("This request is %(state)s: the step is not possible now.")
            % {"state": data_request.get_state_display().lower()}
        )


def _email(data_request: DataRequest, kind: str, *, now: datetime.datetime) -> None:
    outbox_enqueue(
        EMAIL_TASK,
        key=f"privacy-email-{data_request.pk}-{kind}",
        now=now,
        request_id=data_request.pk,
        kind=kind,
    )


def _verified_owner(user, email: str) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )


def request_file(
    *, kind: str, email: str, details: str, user, language: str, now: datetime.datetime
) -> DataRequest:
    """Anyone may file; the request waits for the e-mail link unless the person is signed in
    with this address verified (GDPR Art. 12(6): no further identification without doubt)."""
    email = email.strip().lower()
    owner = _verified_owner(user, email)
    with transaction.atomic():
        data_request = DataRequest.objects.create(
            kind=kind,
            email=email,
            details=details.strip(),
            user=user if owner else None,
            language=language,
            filed_at=now,
        )
        if owner:
            _receive(data_request, now=now)
        else:
            _email(data_request, "confirm", now=now)
    return data_request


def _receive(data_request: DataRequest, *, now: datetime.datetime) -> None:
    data_request.state = RequestState.RECEIVED
    data_request.received_at = now
    data_request.due_on = rules.request_due(timezone.localdate(now))
    data_request.save(update_fields=["state", "received_at", "due_on"])
    _email(data_request, "received", now=now)


def request_confirm(*, data_request: DataRequest, now: datetime.datetime) -> DataRequest:
    """AWAITING_CONFIRMATION → RECEIVED: the person followed the e-mail link and pressed the
    button. Confirming again is harmless."""
    with transaction.atomic():
        data_request = _locked(data_request)
        if data_request.state == RequestState.AWAITING_CONFIRMATION:
            _receive(data_request, now=now)
    return data_request


def request_start(*, data_request: DataRequest, actor, now: datetime.datetime) -> DataRequest:
    """RECEIVED → IN_PROGRESS: the privacy officer takes the request on. An export or an access
    answer is then prepared in the background and sent when ready."""
    with transaction.atomic():
        data_request = _locked(data_request)
        _require(data_request, RequestState.RECEIVED)
        data_request.state = RequestState.IN_PROGRESS
        data_request.handled_by = actor
        data_request.save(update_fields=["state", "handled_by"])
        task = {RequestKind.EXPORT: EXPORT_TASK, RequestKind.ACCESS: ACCESS_TASK}.get(
            data_request.kind
        )
        if task:
            outbox_enqueue(
                task, key=f"privacy-{task}-{data_request.pk}", now=now, request_id=data_request.pk
            )
    return data_request


def request_extend(
    *, data_request: DataRequest, days: int, reason: str, actor, now: datetime.datetime
) -> DataRequest:
    """Move the due date once by up to 60 days, within the first 30, telling the requester
    why (ZZPL Art. 21(5))."""
    with transaction.atomic():
        data_request = _locked(data_request)
        _require(data_request, *OPEN_STATES)
        allowed = rules.request_extension_allowed(
            extensions_so_far=1 if data_request.extended_by_days else 0,
            days=days,
            due_on=data_request.due_on,
            today=timezone.localdate(now),
        )
        if not allowed:
            raise RequestStepRefused(
                _(
                    "The deadline can be extended once, by 1 to %(max)d days, before the first "
                    "30 days have run out."
                )
                % {"max": rules.REQUEST_EXTENSION_MAX_DAYS}
            )
        data_request.due_on = rules.request_extended_due(due_on=data_request.due_on, days=days)
        data_request.extended_by_days = days
        data_request.extension_reason = reason.strip()
        data_request.handled_by = actor
        data_request.save(
            update_fields=["due_on", "extended_by_days", "extension_reason", "handled_by"]
        )
        _email(data_request, "extended", now=now)
    return data_request


def _close(data_request: DataRequest, state: str, *, answer: str, now: datetime.datetime) -> None:
    data_request.state = state
    data_request.answer = answer.strip()
    data_request.closed_at = now
    data_request.save(update_fields=["state", "answer", "closed_at", "handled_by"])
    _email(data_request, state, now=now)


def request_complete(
    *, data_request: DataRequest, answer: str, actor, now: datetime.datetime
) -> DataRequest:
    """IN_PROGRESS → COMPLETED with the answer e-mailed (a correction made, a question
    answered; an export or an erasure completes through its own service)."""
    with transaction.atomic():
        data_request = _locked(data_request)
        _require(data_request, RequestState.IN_PROGRESS)
        if actor is not None:
            data_request.handled_by = actor
        _close(data_request, RequestState.COMPLETED, answer=answer, now=now)
    return data_request


def request_reject(
    *, data_request: DataRequest, reason: str, actor, now: datetime.datetime
) -> DataRequest:
    """RECEIVED or IN_PROGRESS → REJECTED, with the reason and the right to complain to the
    Commissioner in the e-mail (GDPR Art. 12(4))."""
    if not reason.strip():
        raise RequestStepRefused(_("Say why the request is refused."))
    with transaction.atomic():
        data_request = _locked(data_request)
        _require(data_request, *OPEN_STATES)
        data_request.handled_by = actor
        _close(data_request, RequestState.REJECTED, answer=reason, now=now)
    return data_request


def request_export_ready(
    *, data_request: DataRequest, filename: str, content: bytes, now: datetime.datetime
) -> DataRequest:
    """IN_PROGRESS → COMPLETED for an export: the ZIP is stored and the download link sent."""
    with transaction.atomic():
        data_request = _locked(data_request)
        if data_request.state != RequestState.IN_PROGRESS or data_request.export_file:
            return data_request  # built already (a retried task)
        data_request.export_file.save(filename, ContentFile(content), save=False)
        data_request.export_expires_at = rules.export_expires(now)
        data_request.save(update_fields=["export_file", "export_expires_at"])
        _close(data_request, RequestState.COMPLETED, answer="", now=now)
    return data_request


def request_anonymise(*, data_request: DataRequest, now: datetime.datetime) -> None:
    """The request's own retention has ended: nothing in it names the person any more."""
    with transaction.atomic():
        data_request = _locked(data_request)
        if data_request.anonymised_at is not None or data_request.state in OPEN_STATES:
            return
        if data_request.export_file:
            name, storage = data_request.export_file.name, data_request.export_file.storage
            transaction.on_commit(lambda: storage.delete(name))
        erased = f"erased-{data_request.pk}@erased.invalid"
        SentEmail.objects.filter(about=data_request.reference).update(recipient=erased)
        DataRequest.objects.filter(pk=data_request.pk).update(
            email=erased,
            user=None,
            details="",
            answer="",
            extension_reason="",
            export_file="",
            erasure_result={},
            anonymised_at=now,
        )


def request_erase(*, data_request: DataRequest, actor, now: datetime.datetime) -> DataRequest:
    """An erasure request, received or in progress: the erasure in one transaction, then the
    re-scan. The result (what was deleted, anonymised, kept and why, what the re-scan found)
    goes on the request; the request is answered when the re-scan finds nothing that should
    be gone, and stays in progress for the privacy officer otherwise."""
    if data_request.kind != RequestKind.ERASURE:
        raise RequestStepRefused(_("Only an erasure request erases data."))
    person = person_find(data_request.email)
    with transaction.atomic():
        data_request = _locked(data_request)
        _require(data_request, *OPEN_STATES)
        with translation.override(data_request.language):
            lines, rows, needles = erasure_plan(person)
        erasure_apply(rows=rows, needles=needles, request=data_request)
    with translation.override(data_request.language):
        remaining, kept = erasure_rescan(needles)
    with transaction.atomic():
        data_request = _locked(data_request)
        data_request.erasure_result = erasure_result(lines, remaining, kept)
        data_request.handled_by = actor
        data_request.state = RequestState.IN_PROGRESS
        data_request.save(update_fields=["erasure_result", "handled_by", "state"])
        if not remaining:
            _close(data_request, RequestState.COMPLETED, answer="", now=now)
    return data_request
