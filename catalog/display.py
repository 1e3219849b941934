"""How prices are shown to this visitor: always in dinars, and with "≈ €X" beside them when
the visitor chose euros and a rate is known."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from . import selectors
from .cache import cached
from .currency import rsd_to_eur

CURRENCY_COOKIE = "currency"
CURRENCIES = ("RSD", "EUR")


@dataclass(frozen=True)
class PriceDisplay:
    currency: str = "RSD"
    rate_date: datetime.date | None = None
    eur_rsd: Decimal | None = None

    @property
    def shows_eur(self) -> bool:
        return self.currency == "EUR" and self.eur_rsd is not None

    def eur(self, amount_rsd: Decimal) -> Decimal:
        return rsd_to_eur(amount_rsd, self.eur_rsd)

    def cache_key(self) -> str:
        return f"{self.currency}:{self.rate_date}:{self.eur_rsd}" if self.shows_eur else "RSD"


def _rate_today(today: datetime.date) -> tuple:
    rate = selectors.exchange_rate_current(today)
    # A tuple, never None, so that "no rate yet" is cached too.
    return (rate.date, rate.eur_rsd) if rate else ()


def price_display_for(request) -> PriceDisplay:
    if request.COOKIES.get(CURRENCY_COOKIE) != "EUR":
        return PriceDisplay()
    today = timezone.localdate()
    rate = cached("rate", [today], lambda: _rate_today(today))
    if not rate:
        return PriceDisplay(currency="EUR")
    return PriceDisplay(currency="EUR", rate_date=rate[0], eur_rsd=rate[1])
