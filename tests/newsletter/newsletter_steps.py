"""Sign-ups and campaigns as a visitor and staff produce them."""

import re

from django.core import mail
from django.utils import timezone

from newsletter.models import Campaign

LINK = re.compile(r"https?://[^/\s]+(/newsletter/(?:confirm|unsubscribe)/[^/\s\"]+/)")


def links_in(message) -> list[str]:
    return LINK.findall(message.body)


def sign_up(client, email, django_capture_on_commit_callbacks):
    """The footer form; returns the path of the confirmation link e-mailed."""
    sent_before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/newsletter/", {"email": email})
    assert response.status_code == 200, response.content.decode()[:1000]
    [message] = mail.outbox[sent_before:]
    [confirm_path] = links_in(message)
    return confirm_path


def subscribed(client, email, django_capture_on_commit_callbacks, language="en"):
    confirm_path = sign_up(client, email, django_capture_on_commit_callbacks)
    client.post(confirm_path)
    return confirm_path


def campaign(language="en", subject="Winter collection"):
    return Campaign.objects.create(
        subject=subject,
        body_text="Our winter rings are here.",
        body_html="<p>Our <strong>winter</strong> rings are here.</p>",
        language=language,
    )


def now():
    return timezone.now()


CSRF_VALUE = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def page_without_csrf(response) -> bytes:
    """A page's bytes without its per-response CSRF token (the footer form's)."""
    return CSRF_VALUE.sub(b"", response.content)
