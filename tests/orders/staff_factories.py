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


def admin_pages() -> dict[str, str]:
    """The admin pages the role matrix checks (tests/orders/test_staff_roles.py), by name."""
    from contact.services import contact_message_receive
    from tests.catalog.factories import ProductFactory
    from tests.complaints.complaint_factories import filed as complaint_filed
    from tests.complaints.withdrawal_factories import withdrawn

    order = paid_order()
    complaint = complaint_filed(order)
    statement = withdrawn(order)
    product = ProductFactory()
    customer = User.objects.create_user(email="kupac@example.com", password="x-1234-pass")
    message = contact_message_receive(
        name="Ana",
        email="ana@example.com",
        subject="",
        body="Hi",
        language="en",
        user=None,
        now=timezone.now(),
    )
    return {
        "order list": "/admin/orders/order/",
        "order page": f"/admin/orders/order/{order.pk}/change/",
        "order move": f"/admin/orders/order/{order.pk}/move/in_preparation/",
        "customer blocks": "/admin/orders/customerblock/",
        "block a customer": "/admin/orders/customerblock/add/",
        "couriers": "/admin/orders/deliverymethod/",
        "product list": "/admin/catalog/product/",
        "product page": f"/admin/catalog/product/{product.pk}/change/",
        "add product": "/admin/catalog/product/add/",
        "customer accounts": "/admin/accounts/user/",
        "customer account": f"/admin/accounts/user/{customer.pk}/change/",
        "add user": "/admin/accounts/user/add/",
        "groups": "/admin/auth/group/",
        "legal texts": "/admin/legal/legaldocument/",
        "beat schedule": "/admin/django_celery_beat/periodictask/",
        "complaint list": "/admin/complaints/complaint/",
        "complaint page": f"/admin/complaints/complaint/{complaint.pk}/change/",
        "answer a complaint": f"/admin/complaints/complaint/{complaint.pk}/step/answer/",
        "register an offline complaint": "/admin/complaints/complaint/receive/",
        "complaint register": "/admin/complaints/complaint/register/",
        "withdrawal list": "/admin/complaints/withdrawalstatement/",
        "withdrawal page": f"/admin/complaints/withdrawalstatement/{statement.pk}/change/",
        "withdrawal goods back": (
            f"/admin/complaints/withdrawalstatement/{statement.pk}/step/goods_back/"
        ),
        "register an offline withdrawal": "/admin/complaints/withdrawalstatement/receive/",
        "fraud flags": "/admin/orders/fraudflag/",
        "flag fraud": "/admin/orders/fraudflag/add/",
        "campaigns": "/admin/newsletter/campaign/",
        "write a campaign": "/admin/newsletter/campaign/add/",
        "subscribers": "/admin/newsletter/subscriber/",
        "consent ledger": "/admin/newsletter/consentrecord/",
        "contact messages": "/admin/contact/contactmessage/",
        "contact message": f"/admin/contact/contactmessage/{message.pk}/change/",
        "contests": "/admin/contact/contest/",
        "create a contest": "/admin/contact/contest/add/",
        "fiscal receipts": "/admin/fiscal/fiscalreceipt/",
        "fiscal reconciliation": "/admin/fiscal/fiscalreceipt/reconciliation/",
        "fiscal receipt requests": "/admin/fiscal/fiscalintent/",
    }
