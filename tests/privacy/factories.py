"""A customer with data in every corner of the shop, and a stranger next to them."""

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Address, User
from cart.models import Cart
from contact.services import contact_message_receive, contact_note_add, contact_reply_send
from newsletter.models import ConsentSource
from newsletter.services import newsletter_subscribe
from orders.models import OrderEvent, OrderEventKind
from orders.services.documents import order_documents_issue
from paperwork.models import SentEmail
from tests.complaints.complaint_factories import filed
from tests.complaints.withdrawal_factories import withdrawn
from tests.orders.factories import paid_order

# Values that identify the customer, and nobody else in the shop.
CUSTOMER = {
    "email": "milica.jankovic@example.rs",
    "full_name": "Milica Janković",
    "phone": "+381651112233",
    "street": "Cara Dušana 77",
}


def customer_with_everything():
    """An account with a verified address, an address book, a cart, a paid order with its
        invoice, a note staff wrote about her, a complaint, a withdrawal from the order, a newsletter
    subscription with its consent, a contact message with a reply and a staff note, and the
    e-mails she was sent."""
    user = User.objects.create_user(
        email=CUSTOMER["email"],
        password="customer-pass-1234",
        full_name=CUSTOMER["full_name"],
        phone=CUSTOMER["phone"],
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Address.objects.create(
        user=user,
        name=CUSTOMER["full_name"],
        street=CUSTOMER["street"],
        city="Novi Sad",
        postal_code="21000",
        phone=CUSTOMER["phone"],
        is_default=True,
    )
    Cart.objects.create(user=user)
    order = paid_order(email=CUSTOMER["email"], user=user)
    order.__class__.objects.filter(pk=order.pk).update(
        full_name=CUSTOMER["full_name"], phone=CUSTOMER["phone"], street=CUSTOMER["street"]
    )
    order.refresh_from_db()
    documents = order_documents_issue(order_id=order.pk)
    OrderEvent.objects.create(
        order=order,
        kind=OrderEventKind.NOTE,
        note=f"Customer called from {CUSTOMER['phone']}: leave the parcel with the neighbour.",
    )
    complaint = filed(order)
    complaint.__class__.objects.filter(pk=complaint.pk).update(
        full_name=CUSTOMER["full_name"], phone=CUSTOMER["phone"], address=CUSTOMER["street"]
    )
    withdrawn(
        order,
        full_name=CUSTOMER["full_name"],
        address=CUSTOMER["street"],
        reason=f"Call me on {CUSTOMER['phone']}",
    )
    newsletter_subscribe(
        email=CUSTOMER["email"],
        language="en",
        source=ConsentSource.ACCOUNT,
        now=timezone.now(),
        user=user,
        address_verified=True,
    )
    message = contact_message_receive(
        name=CUSTOMER["full_name"],
        email=CUSTOMER["email"],
        subject="My order",
        body=f"Please call {CUSTOMER['phone']} or send it to {CUSTOMER['street']}.",
        language="en",
        user=user,
        now=timezone.now(),
    )
    contact_reply_send(
        message_id=message.pk,
        body=f"Dear {CUSTOMER['full_name']}, we will call you.",
        actor=None,
        now=timezone.now(),
    )
    contact_note_add(
        message_id=message.pk, text=f"Called {CUSTOMER['phone']}.", actor=None, now=timezone.now()
    )
    SentEmail.objects.create(
        kind="order_paid",
        about=order.number,
        recipient=CUSTOMER["email"],
        subject=f"Thank you, {CUSTOMER['full_name']}",
        sent_at=timezone.now(),
    )
    return user, order, documents, complaint


def stranger_order():
    return paid_order(email="stranger@example.rs")
