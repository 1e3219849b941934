"""Every admin page of the newsletter, contact and fraud-flag records opens for a superuser."""

import datetime

import pytest
from django.utils import timezone

from contact.models import Contest
from contact.services import contact_message_receive, contest_enter
from newsletter.models import ConsentSource
from newsletter.services import newsletter_subscribe
from orders.services.fraud import fraud_flag

pytestmark = pytest.mark.django_db


def test_the_admin_pages_open(admin_client, admin_user):
    now = timezone.now()
    subscriber = newsletter_subscribe(
        email="ana@example.com", language="en", source=ConsentSource.FOOTER, now=now
    )
    contest = Contest.objects.create(
        title="Draw",
        consent_text="I agree.",
        ends_at=now + datetime.timedelta(days=1),
        entries_kept_until=now + datetime.timedelta(days=90),
    )
    contest_enter(
        contest_id=contest.pk,
        full_name="Ana",
        address="Beograd",
        email="ana@example.com",
        consent_given=True,
        language="en",
        user=None,
        now=now,
    )
    message = contact_message_receive(
        name="Ana",
        email="ana@example.com",
        subject="",
        body="Hi",
        language="en",
        user=None,
        now=now,
    )
    flag = fraud_flag(email="ana@example.com", reason="Odd", actor=admin_user)
    for url in (
        "/admin/newsletter/subscriber/",
        f"/admin/newsletter/subscriber/{subscriber.pk}/change/",
        "/admin/newsletter/consentrecord/?q=ana@example.com",
        "/admin/newsletter/campaign/add/",
        "/admin/contact/contest/",
        f"/admin/contact/contest/{contest.pk}/change/",
        f"/admin/contact/contactmessage/{message.pk}/change/",
        "/admin/orders/fraudflag/",
        f"/admin/orders/fraudflag/{flag.pk}/change/",
    ):
        assert admin_client.get(url).status_code == 200, url
