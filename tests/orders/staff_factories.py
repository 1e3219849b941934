"""Orders in the states staff meet them, and staff members in their roles."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from orders.models import FulfilmentStatus

from .factories import courier, guest_order


def paid_order(*, status=FulfilmentStatus.PAID, days_ago=0, email="ana@example.com", **kwargs):
    order = guest_order(email, **kwargs)
    paid_at = timezone.now() - datetime.timedelta(days=days_ago)
    order.status = status
    order.paid_at = paid_at
    order.created_at = paid_at
    order.delivery_method = courier()
    order.save()
    return order


STAFF_PASSWORD = "staff-pass-1234"


def staff_member(email, *, role=None, superuser=False):
    user = User.objects.create_user(
        email=email, password=STAFF_PASSWORD, is_staff=True, is_superuser=superuser
    )
    # Staff sign in through allauth, which asks for a verified address.
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def paid_by_card(client, fake_mollie, *, status=FulfilmentStatus.PAID):
    """An order really paid through the (fake) Mollie, so that it can really be refunded."""
    from .refund_steps import paid_order as paid_through_mollie

    order = paid_through_mollie(client, fake_mollie)
    order.status = status
    order.delivery_method = courier()
    order.save()
    return order
