"""Flagging an order or a customer for suspected fraud: a record for staff, append-only.
Blocking from buying is `blocks.customer_block`, a separate decision."""

from django.utils.translation import gettext as _

from ..models import CustomerBlock, FraudFlag, Order


class FraudFlagError(Exception):
    pass


def fraud_flag(*, reason: str, actor, order: Order | None = None, email: str = "", user=None):
    """Flag an order (its customer's address and account are recorded with it) or a customer
    named by address or account."""
    if not reason.strip():
        raise FraudFlagError(_("Say why fraud is suspected."))
    if order is not None:
        email = email or order.email
        user = user or order.user
    email = email.strip().lower()
    if order is None and not email and user is None:
        raise FraudFlagError(_("Name the order, the e-mail address or the account to flag."))
    return FraudFlag.objects.create(
        order=order, email=email, user=user, reason=reason.strip(), created_by=actor
    )


def active_blocks_of(*, email: str, user=None):
    """The blocks in force against an address or account (what a flagged order links to)."""
    blocks = CustomerBlock.objects.filter(lifted_at__isnull=True)
    if user is not None:
        return blocks.filter(email=email.strip().lower()) | blocks.filter(user=user)
    return blocks.filter(email=email.strip().lower())
