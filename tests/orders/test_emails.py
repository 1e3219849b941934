"""Customer e-mails: one per kind and reference, in the customer's language, with the
documents attached where the law asks for a durable medium."""

import datetime
import io
import time
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from orders.access import order_link
from orders.models import EmailKind, FulfilmentStatus, Order, Payment, Refund
from orders.payments import ProviderRefundStatus
from orders.services.documents import order_documents_later
from orders.services.emails import order_email_later, order_email_send
from orders.tasks import send_order_email
from paperwork.models import OutboxItem, OutboxState, SentEmail
from paperwork.outbox import outbox_sweep

from .checkout_steps import place_order
from .factories import courier, guest_order, paid_order, ring, todays_rate

pytestmark = pytest.mark.django_db


def attachment_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_paying_sends_one_email_with_the_confirmation_and_the_withdrawal_form(
    client, fake_mollie, django_capture_on_commit_callbacks
):
    todays_rate("117.2000")
    order = place_order(client, ring(price="4990.00")[0], courier(price="450.00"))
    payment_id = order.payments.get().provider_payment_id
    fake_mollie.set_payment_status(payment_id, "paid", webhook=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/payments/webhook/", {"id": payment_id})

    [message] = mail.outbox
    assert message.to == [order.email]
    assert message.subject == f"Your order {order.number} is confirmed"
    assert "Dear Jelena Petrović," in message.body
    assert "What happens next" in message.body
    assert "C EST MOI ART JEWELERY D.O.O." in message.body  # the seller footer
    assert "PIB (tax ID) 107661603" in html_of(message)
    names = [name for name, _content, _type in message.attachments]
    assert names == [
        f"confirmation-{order.number}.pdf",
        f"withdrawal-form-{order.number}.pdf",
    ]
    assert {kind for _name, _content, kind in message.attachments} == {"application/pdf"}
    confirmation, form = (attachment_text(content) for _n, content, _t in message.attachments)
    assert "Order confirmation" in confirmation
    assert "5,440.00 RSD" in confirmation
    assert "I hereby give notice that I withdraw" in form
    assert list(SentEmail.objects.values_list("kind", flat=True)) == ["order_paid"]
    assert Order.objects.get().documents.count() == 3


def test_payment_failed_links_back_to_paying_and_is_skipped_once_paid():
    order = guest_order("mila@example.rs")
    assert order_email_send(order_id=order.pk, kind="payment_failed")
    [message] = mail.outbox
    assert "did not go through" in message.subject
    assert "nothing was charged" in message.body
    assert order_link(order) in message.body
    assert order_link(order).replace("&", "&amp;") in html_of(message)

    paid = paid_order(email="paid@example.rs")
    assert not order_email_send(order_id=paid.pk, kind="payment_failed")
    assert len(mail.outbox) == 1


def test_shipped_names_the_courier_and_the_tracking_link():
    order = paid_order()
    order.tracking_number = "RR123456789RS"
    order.tracking_url = "https://www.posta.rs/track/RR123456789RS"
    order.save()
    assert order_email_send(order_id=order.pk, kind="shipped", reference="RR123456789RS")
    [message] = mail.outbox
    assert message.subject == f"Your order {order.number} is on its way"
    assert "on its way with Post Express" in message.body
    assert "Tracking number: RR123456789RS" in message.body
    assert "https://www.posta.rs/track/RR123456789RS" in html_of(message)


def test_shipped_without_tracking_still_reads_well():
    order = paid_order()
    assert order_email_send(order_id=order.pk, kind="shipped")
    assert "Tracking number" not in mail.outbox[0].body
    assert "on its way with Post Express" in mail.outbox[0].body


def test_delivery_problem_offers_cancellation_with_a_full_refund_within_3_days():
    order = paid_order()
    assert order_email_send(order_id=order.pk, kind="delivery_problem")
    [message] = mail.outbox
    assert message.subject == f"We cannot deliver your order {order.number}"
    assert "we refund the full price of 10,430.00 RSD to your card within 3 days" in message.body


def test_refund_issued_says_how_much_and_carries_the_credit_note():
    order = paid_order()
    refund = Refund.objects.create(
        order=order,
        payment=Payment.objects.get(order=order),
        amount_rsd="4990.00",
        amount_eur="42.58",
        provider_refund_id="re_1",
        status=ProviderRefundStatus.REFUNDED,
        reason="Earring missing",
    )
    assert order_email_send(order_id=order.pk, kind="refund_issued", reference=str(refund.pk))
    [message] = mail.outbox
    assert "we have refunded 4,990.00 RSD (€42.58)" in message.body
    assert "back to the card you paid with" in message.body
    assert order.payments.get().provider_payment_id in message.body
    [(name, content, _type)] = message.attachments
    assert name.startswith("CN-")
    credit_note = attachment_text(content)
    assert "Credit note" in credit_note
    assert "4,990.00" in credit_note


def test_a_task_run_twice_sends_one_email_per_reference():
    order = paid_order()
    for _ in range(2):
        send_order_email.apply(args=(order.pk, "shipped", "RR1"))
    assert len(mail.outbox) == 1
    send_order_email.apply(args=(order.pk, "shipped", "RR2"))  # a second parcel
    assert len(mail.outbox) == 2
    assert SentEmail.objects.filter(about=order.number, kind="shipped").count() == 2


class FlakyBackend(EmailBackend):
    """An SMTP server that drops the connection on the first attempt."""

    failures_left = 0

    def send_messages(self, messages):
        if FlakyBackend.failures_left:
            FlakyBackend.failures_left -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_smtp_errors_are_retried_and_nothing_is_logged_until_sent(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    order = paid_order()
    FlakyBackend.failures_left = 1
    with pytest.raises(SMTPServerDisconnected):
        order_email_send(order_id=order.pk, kind="delivery_problem")
    assert not SentEmail.objects.exists()

    FlakyBackend.failures_left = 1
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        order_email_later(order=order, kind=EmailKind.DELIVERY_PROBLEM, now=now)
    item = OutboxItem.objects.get()
    assert (item.state, item.attempts) == (OutboxState.PENDING, 1)
    assert "SMTPServerDisconnected" in item.last_error
    assert not mail.outbox

    # Not before the backoff: the sweep leaves it; after it, the e-mail goes out once.
    assert outbox_sweep(now=now + datetime.timedelta(seconds=10)) == 0
    assert outbox_sweep(now=now + datetime.timedelta(seconds=31)) == 1
    assert len(mail.outbox) == 1
    assert SentEmail.objects.filter(kind="delivery_problem").count() == 1
    assert OutboxItem.objects.get().state == OutboxState.DONE


def test_an_order_placed_in_serbian_gets_serbian_email_and_form():
    order = paid_order(language="sr-latn")
    assert order_email_send(order_id=order.pk, kind="order_paid")
    [message] = mail.outbox
    assert message.subject == f"Vaša porudžbina {order.number} je potvrđena"
    form = attachment_text(message.attachments[1][1])
    # The wording the Pravilnik (Sl. glasnik RS 21/2022) prescribes.
    assert "Ovim obaveštavam da odustajem od ugovora o prodaji sledeće robe/usluge (*)" in form
    assert "Ime i prezime potrošača Đorđe Šćepanović Žarković" in form
    assert "(*) Precrtati nepotrebno." in form
    assert order.documents.get(kind="withdrawal_form").language == "sr-latn"


def test_a_failed_card_payment_emails_once_a_canceled_one_not(
    client, fake_mollie, django_capture_on_commit_callbacks
):
    todays_rate()
    variant = ring(stock=5)[0]
    method = courier()
    canceled = place_order(client, variant, method)
    failed = place_order(client, variant, method)
    for order, status in ((canceled, "canceled"), (failed, "failed")):
        payment_id = order.payments.get().provider_payment_id
        fake_mollie.set_payment_status(payment_id, status, webhook=False)
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/payments/webhook/", {"id": payment_id})
    [message] = mail.outbox
    assert failed.number in message.subject
    assert Order.objects.get(pk=failed.pk).status == FulfilmentStatus.AWAITING_PAYMENT


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_issues_the_documents_and_sends_the_emails(celery_worker, legal_texts):
    order = paid_order()
    now = timezone.now()
    with transaction.atomic():
        order_documents_later(order=order, now=now)
        order_email_later(order=order, kind=EmailKind.ORDER_PAID, now=now)
        order_email_later(order=order, kind=EmailKind.SHIPPED, reference="RR1", now=now)
    deadline = time.monotonic() + 30
    while SentEmail.objects.filter(about=order.number).count() < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(SentEmail.objects.values_list("kind", flat=True)) == ["order_paid", "shipped"]
    paid_email = next(m for m in mail.outbox if "is confirmed" in m.subject)
    assert len(paid_email.attachments) == 2
    assert order.documents.count() == 3
