"""Whatever a person types or a client sends to the public forms of the newsletter, the contact
page and contests, the answer is never a server error."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contact.models import Contest

pytestmark = pytest.mark.django_db

text = st.text(max_size=300) | st.sampled_from(["", "\x00", "a@b.rs", "A" * 6000, "é@ü.rs"])
token = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80)
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def contest():
    now = timezone.now()
    return Contest.objects.create(
        title="Winter draw",
        consent_text="I agree.",
        ends_at=now + datetime.timedelta(days=1),
        entries_kept_until=now + datetime.timedelta(days=90),
    )


@FUZZ
@given(email=text)
def test_the_newsletter_form(email):
    assert Client().post("/newsletter/", {"email": email}).status_code < 500


@FUZZ
@given(token=token, body=text)
def test_the_confirm_and_unsubscribe_links(token, body):
    client = Client(enforce_csrf_checks=True)
    for action in ("confirm", "unsubscribe"):
        path = f"/newsletter/{action}/{token.replace('/', '')}/"
        assert client.get(path).status_code < 500
        answer = client.post(path, body, content_type="application/x-www-form-urlencoded")
        assert answer.status_code < 500


@FUZZ
@given(name=text, email=text, subject=text, body=text)
def test_the_contact_form(name, email, subject, body):
    data = {"name": name, "email": email, "subject": subject, "body": body}
    assert Client().post("/contact/write/", data).status_code < 500


@FUZZ
@given(
    full_name=text,
    address=text,
    email=text,
    consent=st.sampled_from(["", "on", "\x00", "false"]),
    contest_id=st.integers(min_value=-5, max_value=10**12),
)
def test_the_contest_form(contest, full_name, address, email, consent, contest_id):
    data = {"full_name": full_name, "address": address, "email": email, "consent": consent}
    assert Client().post(f"/contests/{contest.pk}/", data).status_code < 500
    assert Client().get(f"/contests/{abs(contest_id)}/").status_code < 500
