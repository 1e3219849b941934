"""What the retention table (privacy.retention) does each day: each function removes or
anonymises the records of one rule dated before `before` and returns how many it handled."""

import datetime
from collections.abc import Callable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from cart.models import Cart
from complaints.models import ComplaintPhoto, ComplaintState
from orders.models import CustomerBlock, MoneyStatus, Order
from paperwork.models import SentEmail

from ..models import DataRequest, RequestState, RestrictedRecord
from ..registry import REGISTRY, Erasure
from .erasure import anonymise_rows
from .people import entry_model
from .requests import request_anonymise


def selected_delete(select: Callable[[datetime.datetime], QuerySet]):
    """The purge of a rule whose app selects what is past its own period (`select(now)`):
    deletes those rows (with what cascades from them) and counts the rows selected."""

    def purge(*, before: datetime.date, now: datetime.datetime) -> int:
        selected = select(now)
        _, per_model = selected.delete()
        return per_model.get(selected.model._meta.label, 0)

    purge.__name__ = f"{select.__name__}_delete"
    return purge


def carts_abandoned_delete(*, before: datetime.date, now: datetime.datetime) -> int:
    deleted, _ = Cart.objects.filter(updated_at__date__lt=before).delete()
    return deleted


def checkouts_unpaid_anonymise(*, before: datetime.date, now: datetime.datetime) -> int:
    """Orders never paid are no accounting record: every personal field goes."""
    names = [n for n, p in REGISTRY["orders.Order"].personal.items() if p.erasure != Erasure.DELETE]
    with transaction.atomic():
        pks = list(
            Order.objects.select_for_update()
            .filter(
                money_status=MoneyStatus.UNPAID, paid_at__isnull=True, created_at__date__lt=before
            )
            .exclude(email="", full_name="")
            .values_list("pk", flat=True)
        )
        anonymise_rows(Order, pks, names)
    return len(pks)


def requests_unconfirmed_delete(*, before: datetime.date, now: datetime.datetime) -> int:
    """Requests nobody confirmed (perhaps filed with someone else's address) go, with the
    address the confirmation e-mail was logged with."""
    with transaction.atomic():
        unconfirmed = DataRequest.objects.select_for_update().filter(
            state=RequestState.AWAITING_CONFIRMATION, filed_at__date__lt=before
        )
        references = [data_request.reference for data_request in unconfirmed]
        SentEmail.objects.filter(about__in=references).update(recipient="erased@erased.invalid")
        deleted, _ = unconfirmed.delete()
    return deleted


def exports_expired_delete(*, before: datetime.date, now: datetime.datetime) -> int:
    """Export ZIPs whose download period has ended (the date rule is on each request)."""
    expired = DataRequest.objects.exclude(export_file="").filter(export_expires_at__lte=now)
    count = 0
    for data_request in expired:
        data_request.export_file.delete(save=False)
        DataRequest.objects.filter(pk=data_request.pk).update(export_file="")
        count += 1
    return count


def complaint_photos_delete(*, before: datetime.date, now: datetime.datetime) -> int:
    """Photos of the defect of complaints closed before `before`."""
    photos = ComplaintPhoto.objects.annotate(
        closed_on=Coalesce("complaint__resolved_on", "complaint__answered_on")
    ).filter(
        complaint__state__in=(ComplaintState.RESOLVED, ComplaintState.REJECTED),
        closed_on__lt=before,
    )
    count = 0
    for photo in photos:
        with transaction.atomic():
            photo.delete()
            transaction.on_commit(lambda f=photo.image: f.storage.delete(f.name))
        count += 1
    return count


def restricted_release(hold: str):
    """The purge of the records kept under `hold` after an erasure whose period has ended:
    the kept fields are anonymised as the rest of the row was."""

    def release(*, before: datetime.date, now: datetime.datetime) -> int:
        due = RestrictedRecord.objects.filter(hold=hold, keep_until__lte=timezone.localdate(now))
        count = 0
        for record in due:
            entry = REGISTRY.get(record.model)
            with transaction.atomic():
                if entry is not None:
                    names = [n for n, p in entry.personal.items() if p.hold and p.hold.key == hold]
                    anonymise_rows(entry_model(record.model), [record.object_id], names)
                record.delete()
            count += 1
        return count

    release.__name__ = f"restricted_release_{hold}"
    return release


def blocks_lifted_anonymise(*, before: datetime.date, now: datetime.datetime) -> int:
    """Blocks lifted before `before`: the record that a block existed stays, whom it named and
    why goes (the e-mail keeps the shape the block's constraints ask for)."""
    count = 0
    for block in CustomerBlock.objects.filter(lifted_at__date__lt=before).exclude(reason=""):
        CustomerBlock.objects.filter(pk=block.pk).update(
            email=f"erased-{block.pk}@erased.invalid", user=None, reason=""
        )
        count += 1
    return count


def requests_closed_anonymise(*, before: datetime.date, now: datetime.datetime) -> int:
    closed = DataRequest.objects.filter(
        Q(closed_at__date__lt=before), anonymised_at__isnull=True
    ).exclude(state__in=(RequestState.RECEIVED, RequestState.IN_PROGRESS))
    count = 0
    for data_request in closed:
        request_anonymise(data_request=data_request, now=now)
        count += 1
    return count
