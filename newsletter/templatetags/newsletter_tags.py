from django import template

from .. import consent_texts
from ..selectors import newsletter_is_active, subscriber_of

register = template.Library()


@register.inclusion_tag("newsletter/_account_panel.html", takes_context=True)
def newsletter_account_panel(context):
    """The account page's newsletter switch: one button either way."""
    user = context["request"].user
    subscriber = subscriber_of(user.email)
    return {
        "subscribed": newsletter_is_active(subscriber),
        "pending": subscriber is not None
        and subscriber.confirmation_sent_at is not None
        and subscriber.confirmed_at is None,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def newsletter_consent_text() -> str:
    """The newsletter's consent text in the page's language: the wording the ledger records."""
    return str(consent_texts.NEWSLETTER.text)
