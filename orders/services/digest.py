"""The daily e-mail to staff listing orders that are late or at risk of missing the delivery
deadline of the terms."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from .. import rules
from ..models import DeliveryDigest
from ..selectors import orders_needing_attention


def delivery_digest_send(*, today: datetime.date) -> int:
    """E-mail the digest for `today` to STAFF_EMAIL; returns how many orders it listed. Nothing
    is sent when no order needs attention, or when today's digest already went out."""
    if DeliveryDigest.objects.filter(day=today).exists():
        return 0
    groups = orders_needing_attention(today=today)
    count = sum(len(orders) for orders in groups.values())
    if not count:
        return 0
    try:
        with transaction.atomic():
            # The row is written first and the mail sent inside the same transaction: a failed
            # send rolls the row back so the retry sends, and a second run finds the row.
            DeliveryDigest.objects.create(day=today, order_count=count)
            with override(settings.LANGUAGE_CODE):
                context = {
                    "today": today,
                    "late": groups[rules.DeliveryRisk.LATE],
                    "at_risk": groups[rules.DeliveryRisk.AT_RISK],
                    "deadline_days": rules.DELIVERY_DEADLINE_DAYS,
                    "admin_url": f"{settings.SITE_URL.rstrip('/')}/{settings.ADMIN_URL}",
                }
                send_mail(
                    _("Orders to deliver: %(late)d late, %(at_risk)d at risk")
                    % {"late": len(context["late"]), "at_risk": len(context["at_risk"])},
                    render_to_string("orders/email/staff_delivery_digest.txt", context),
                    None,
                    [settings.STAFF_EMAIL],
                )
    except IntegrityError:
        # Another worker sent today's digest at the same moment.
        return 0
    return count
