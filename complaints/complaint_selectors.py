"""Read queries about complaints worth naming."""

import datetime

from django.db.models import Q, QuerySet

from .models import Complaint, ComplaintState
from .rules import COMPLAINT_DUE_SOON_DAYS

# After an accepted answer the shop's next deadline is the resolution.
RESOLVING = (ComplaintState.ANSWERED, ComplaintState.AGREED, ComplaintState.DISAGREED)


def complaint_next_due(complaint: Complaint) -> datetime.date | None:
    """The shop's next deadline: the answer while received, then the resolution."""
    if complaint.state == ComplaintState.RECEIVED:
        return complaint.answer_due
    if complaint.state in RESOLVING:
        return complaint.resolution_due
    return None


def complaints_due_by(day: datetime.date) -> Q:
    return Q(state=ComplaintState.RECEIVED, answer_due__lte=day) | Q(
        state__in=RESOLVING, resolution_due__lte=day
    )


def complaints_due_soon_or_overdue(*, today: datetime.date) -> QuerySet[Complaint]:
    """Open complaints whose next deadline has passed or comes within 2 days."""
    return Complaint.objects.filter(
        complaints_due_by(today + datetime.timedelta(days=COMPLAINT_DUE_SOON_DAYS))
    )


def complaints_overdue(*, today: datetime.date) -> QuerySet[Complaint]:
    return Complaint.objects.filter(complaints_due_by(today - datetime.timedelta(days=1)))
