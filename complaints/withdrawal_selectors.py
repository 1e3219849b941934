"""Read queries about withdrawal statements worth naming."""

import datetime

from django.db.models import Q, QuerySet

from .models import WithdrawalStatement, WithdrawalStatus
from .rules import COMPLAINT_DUE_SOON_DAYS


def withdrawal_next_due(statement: WithdrawalStatement) -> datetime.date | None:
    """The next date staff watch: while waiting, the day the goods must be sent back by (then
    the refund may no longer wait for them); once goods or proof are in, the refund's."""
    if statement.status == WithdrawalStatus.RECEIVED:
        return statement.return_due
    if statement.status == WithdrawalStatus.GOODS_BACK:
        return statement.refund_due
    return None


def withdrawals_due_by(day: datetime.date) -> Q:
    return Q(status=WithdrawalStatus.RECEIVED, return_due__lte=day) | Q(
        status=WithdrawalStatus.GOODS_BACK, refund_due__lte=day
    )


def withdrawals_due_soon_or_overdue(*, today: datetime.date) -> QuerySet[WithdrawalStatement]:
    """Open statements whose next date has passed or comes within 2 days (as for complaints)."""
    return WithdrawalStatement.objects.filter(
        withdrawals_due_by(today + datetime.timedelta(days=COMPLAINT_DUE_SOON_DAYS))
    )


def withdrawals_overdue(*, today: datetime.date) -> QuerySet[WithdrawalStatement]:
    return WithdrawalStatement.objects.filter(
        withdrawals_due_by(today - datetime.timedelta(days=1))
    )
