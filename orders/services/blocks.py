"""Blocking customers from buying (terms: prohibited conduct and fraud). Blocks are lifted,
never deleted: who blocked whom, why and who lifted it stays on record."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import CustomerBlock


class BlockError(Exception):
    pass


def customer_block(*, email: str = "", user=None, reason: str, actor) -> CustomerBlock:
    email = email.strip().lower()
    if not email and user is None:
        raise BlockError(_("Give the e-mail address or the account to block."))
    if not reason.strip():
        raise BlockError(_("Say why the customer is blocked."))
    return CustomerBlock.objects.create(
        email=email, user=user, reason=reason.strip(), created_by=actor
    )


def customer_block_lift(*, block_id: int, actor) -> CustomerBlock:
    with transaction.atomic():
        block = CustomerBlock.objects.select_for_update().get(pk=block_id)
        if block.lifted_at is None:
            block.lifted_at = timezone.now()
            block.lifted_by = actor
            block.save(update_fields=["lifted_at", "lifted_by"])
        return block
