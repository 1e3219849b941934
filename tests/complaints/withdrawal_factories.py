"""Withdrawal statements as the online function or staff leave them, for the withdrawal tests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from complaints.models import WithdrawalChannel
from complaints.services.withdrawals import StatedLine, withdrawal_receive
from orders.models import OrderLine


def second_line(order, *, personalised=False) -> OrderLine:
    """A second item on the factory's order (1 × 1,990.00), kept consistent with its totals."""
    line = OrderLine.objects.create(
        order=order,
        product_name="Minđuše Sunce" if not personalised else "Privezak sa gravurom",
        option="",
        sku="SUNCE-1" if not personalised else "GRAV-1",
        is_personalised=personalised,
        unit_price=Decimal("1990.00"),
        quantity=1,
        vat_rate=Decimal("20.00"),
        line_total=Decimal("1990.00"),
    )
    return line


def stated(order, *lines, quantity=None):
    chosen = lines or tuple(order.lines.all())
    return [StatedLine(order_line=line, quantity=quantity or line.quantity) for line in chosen]


def withdrawn(order=None, *, lines=None, received_at=None, email=None, **kwargs):
    return withdrawal_receive(
        received_at=received_at or timezone.now(),
        channel=kwargs.pop("channel", WithdrawalChannel.ONLINE),
        full_name=kwargs.pop("full_name", "Đorđe Šćepanović Žarković"),
        email=email or (order.email if order else "neko@example.rs"),
        order=order,
        lines=lines if lines is not None else (stated(order) if order else []),
        goods="" if order else "Prsten Luna",
        **kwargs,
    )


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)
