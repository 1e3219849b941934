"""In Chromium: sign up from the footer, confirm with the button on the link's page, receive a
campaign and leave through the e-mail's unsubscribe link."""

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from newsletter.models import ConsentPurpose, ConsentRecord
from newsletter.selectors import consent_is_given
from newsletter.services import campaign_send_start

from .newsletter_steps import campaign, links_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_subscribe_from_the_footer_confirm_and_unsubscribe_from_the_email(
    page, settings, live_server, legal_texts
):
    settings.SITE_URL = live_server.url
    page.goto("/contact/")
    footer = page.locator("footer")
    footer.get_by_label("Your e-mail address").fill("ana@example.com")
    footer.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    [confirmation] = mail.outbox
    [confirm_path] = links_in(confirmation)
    page.goto(confirm_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your subscription")
    assert ConsentRecord.objects.count() == 0  # opening the link confirmed nothing
    page.get_by_role("button", name="Yes, subscribe me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")
    assert consent_is_given(email="ana@example.com", purpose=ConsentPurpose.NEWSLETTER)

    campaign_send_start(campaign_id=campaign().pk, actor=None, now=timezone.now())
    issue = mail.outbox[-1]
    assert issue.subject == "Winter collection"
    [unsubscribe_path] = links_in(issue)
    page.goto(unsubscribe_path)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    assert not consent_is_given(email="ana@example.com", purpose=ConsentPurpose.NEWSLETTER)
