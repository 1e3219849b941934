"""Contact messages: stored, answered from admin (the reply e-mailed once and kept), staff
notes kept and never edited, and the retention hook the privacy app's table reads."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from contact.models import AppendOnly, ContactMessage, ContactMessageState, ContactNote
from contact.services import (
    contact_message_receive,
    contact_note_add,
    contact_reply_email_send,
    messages_due_for_deletion,
)
from tests.accounts.second_factor import staff_login
from tests.orders.staff_factories import staff_member

pytestmark = pytest.mark.django_db

CUSTOMER_CARE = "Customer care"
# The read-only inlines' management forms, as the admin page posts them.
INLINE_MANAGEMENT = {
    f"{prefix}-{field}": "0"
    for prefix in ("replies", "notes")
    for field in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def _message(**overrides):
    values = {
        "name": "Ana Petrović",
        "email": "ana@example.com",
        "subject": "Ring size",
        "body": "Which size fits a 17 mm finger?",
        "language": "en",
        "user": None,
        "now": timezone.now(),
    }
    return contact_message_receive(**{**values, **overrides})


def test_a_visitor_writes_and_the_message_is_stored(client):
    page = client.get("/contact/")
    assert b'href="/contact/write/"' in page.content
    response = client.post(
        "/contact/write/",
        {"name": "Ana", "email": "Ana@Example.com", "subject": "", "body": "Hello!"},
    )
    assert response.status_code == 200
    assert b"Thank you for your message" in response.content
    message = ContactMessage.objects.get()
    assert (message.email, message.body, message.state) == (
        "ana@example.com",
        "Hello!",
        ContactMessageState.NEW,
    )


def test_the_form_says_what_is_missing(client):
    response = client.post("/contact/write/", {"email": "nope"})
    assert response.status_code == 400
    assert b"This field is required." in response.content
    assert b"Enter a valid email address." in response.content
    assert ContactMessage.objects.count() == 0


def test_messages_are_limited_per_address():
    answers = [
        Client(REMOTE_ADDR=f"10.1.0.{n}").post(
            "/contact/write/", {"name": "A", "email": "a@example.com", "body": "Hi"}
        )
        for n in range(6)
    ]
    assert [a.status_code for a in answers] == [200] * 5 + [429]
    assert ContactMessage.objects.count() == 5


def test_customer_care_replies_from_admin_and_the_reply_is_emailed_and_kept(
    client, django_capture_on_commit_callbacks
):
    message = _message()
    staff_login(client, staff_member("care@cestmoi.rs", role=CUSTOMER_CARE))
    url = f"/admin/contact/contactmessage/{message.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and b"Which size fits" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "reply": "Size 54 fits a 17 mm finger.",
                "note": "Asked about Luna ring.",
                **INLINE_MANAGEMENT,
            },
        )
    assert response.status_code == 302
    [sent] = mail.outbox
    assert sent.to == ["ana@example.com"]
    assert sent.subject == "Re: Ring size"
    assert "Size 54 fits" in sent.body and "Which size fits" in sent.body
    message.refresh_from_db()
    assert message.state == ContactMessageState.ANSWERED
    [reply] = message.replies.all()
    assert reply.sent_by.email == "care@cestmoi.rs"
    [note] = message.notes.all()
    assert note.text == "Asked about Luna ring."
    page = client.get(url).content.decode()
    assert "Size 54 fits" in page and "Asked about Luna ring." in page

    # The task runs again (a retry): the reply is not e-mailed twice.
    assert contact_reply_email_send(reply_id=reply.pk) is False
    assert len(mail.outbox) == 1


def test_notes_are_append_only():
    message = _message()
    note = contact_note_add(
        message_id=message.pk, text="Called her back.", actor=None, now=timezone.now()
    )
    note.text = "Something else"
    with pytest.raises(AppendOnly):
        note.save()
    with pytest.raises(AppendOnly):
        note.delete()
    assert ContactNote.objects.get().text == "Called her back."


def test_retention_counts_from_the_last_reply_or_note():
    start = timezone.now()
    old = _message(now=start - datetime.timedelta(days=800))
    revived = _message(now=start - datetime.timedelta(days=800), email="b@example.com")
    contact_note_add(message_id=revived.pk, text="Wrote again", actor=None, now=start)
    _message(now=start)
    assert list(messages_due_for_deletion(start)) == [old]


def test_other_roles_do_not_read_contact_messages(client):
    message = _message()
    staff_login(client, staff_member("mgr@cestmoi.rs", role="Order manager"))
    assert client.get(f"/admin/contact/contactmessage/{message.pk}/change/").status_code == 403


def test_customer_care_sees_new_messages_counted_on_the_admin_index(client):
    _message()
    staff_login(client, staff_member("care@cestmoi.rs", role=CUSTOMER_CARE))
    page = client.get("/admin/").content.decode()
    assert "Contact messages waiting for an answer" in page
    assert "/admin/contact/contactmessage/?state__exact=new" in page
