"""The consent texts the shop shows, each with its version. Change a text only together with
its version: the ledger stores the exact text shown (in the visitor's language) and its hash,
and the version tells the shop's own wordings apart."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ConsentText:
    version: str
    text: str  # lazy: rendered in the language of the page or e-mail showing it


NEWSLETTER = ConsentText(
    version="newsletter-1",
    text=_(
        "Send me C'est Moi's newsletter about new collections and promotions by e-mail. I can "
        "unsubscribe at any time with the link in every newsletter or in my account."
    ),
)


NEWSLETTER_REVOKE = ConsentText(
    version="newsletter-revoke-1",
    text=_("Unsubscribe me: send me no more newsletters."),
)
