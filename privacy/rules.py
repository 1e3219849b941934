"""Pure rules of data-subject requests and of the retention table. Dates in, dates or booleans
out: callers pass today's date (or now), nothing here reads the clock.

Sources: the Law on Personal Data Protection (Zakon o zaštiti podataka o ličnosti, ZZPL,
Sl. glasnik RS 87/2018) and the GDPR where the shop serves EU shoppers; the Law on Accounting
(Zakon o računovodstvu, Sl. glasnik RS 73/2019) for the periods of accounting documents; the
Law on Consumer Protection (Sl. glasnik RS 88/2021) for the complaint register."""

import datetime
from dataclasses import dataclass

from django.utils.translation import ngettext

# ZZPL Art. 21(4) (GDPR Art. 12(3)): the controller answers without delay and at the latest
# 30 days from receiving the request...
REQUEST_ANSWER_DAYS = 30
# ...a period that may be extended by up to 60 more days where needed, given the complexity and
# number of requests; the person is told of the extension and its reasons within the first 30
# days (ZZPL Art. 21(5), GDPR Art. 12(3): "one month + two").
REQUEST_EXTENSION_MAX_DAYS = 60
# Staff are reminded of requests due within this many days (issue 13: "reminders").
REQUEST_DUE_SOON_DAYS = 5
# The e-mail link that confirms a request works this long (the shop's choice: long enough for a
# weekend, short enough that an old e-mail is no key).
CONFIRMATION_LINK_DAYS = 3
# The export ZIP can be downloaded this long after it is ready; then the file is deleted.
EXPORT_DOWNLOAD_DAYS = 7


def request_due(received_on: datetime.date) -> datetime.date:
    """ZZPL Art. 21(4): 30 days from the day the (confirmed) request was received."""
    return received_on + datetime.timedelta(days=REQUEST_ANSWER_DAYS)


def request_extension_allowed(
    *, extensions_so_far: int, days: int, due_on: datetime.date, today: datetime.date
) -> bool:
    """ZZPL Art. 21(5): once, by 1 to 60 days, and announced before the first 30 days run out."""
    return extensions_so_far == 0 and 1 <= days <= REQUEST_EXTENSION_MAX_DAYS and today <= due_on


def request_extended_due(*, due_on: datetime.date, days: int) -> datetime.date:
    return due_on + datetime.timedelta(days=days)


def request_overdue(*, due_on: datetime.date | None, today: datetime.date) -> bool:
    return due_on is not None and today > due_on


def request_due_soon(*, due_on: datetime.date | None, today: datetime.date) -> bool:
    """Due today or within the next 5 days and not overdue: the daily reminder lists it."""
    return due_on is not None and 0 <= (due_on - today).days <= REQUEST_DUE_SOON_DAYS


def confirmation_link_expires(sent_at: datetime.datetime) -> datetime.datetime:
    return sent_at + datetime.timedelta(days=CONFIRMATION_LINK_DAYS)


def export_expires(ready_at: datetime.datetime) -> datetime.datetime:
    return ready_at + datetime.timedelta(days=EXPORT_DOWNLOAD_DAYS)


def business_years_cutoff(*, years: int, today: datetime.date) -> datetime.date:
    """Records of a business year kept `years` years after the end of that year may go from the
    first day of the year after: a 2026 invoice kept 5 years (to 31.12.2031) goes on 1.1.2032.
    Everything dated before the day returned is past its period (Law on Accounting:
    periods counted from the end of the business year the record belongs to)."""
    return datetime.date(today.year - years, 1, 1)


def years_later(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- Retention periods: how long a record is kept, counted from a date it carries ------------


@dataclass(frozen=True)
class Days:
    days: int

    def ends(self, start: datetime.date) -> datetime.date:
        """The first day the record is no longer kept."""
        return start + datetime.timedelta(days=self.days)

    def cutoff(self, today: datetime.date) -> datetime.date:
        """Records dated before this day have passed their period."""
        return today - datetime.timedelta(days=self.days)

    def describe(self) -> str:
        return ngettext("%(count)d day", "%(count)d days", self.days) % {"count": self.days}


@dataclass(frozen=True)
class Years:
    years: int

    def ends(self, start: datetime.date) -> datetime.date:
        return years_later(start, self.years)

    def cutoff(self, today: datetime.date) -> datetime.date:
        return years_later(today, -self.years)

    def describe(self) -> str:
        return ngettext("%(count)d year", "%(count)d years", self.years) % {"count": self.years}


@dataclass(frozen=True)
class BusinessYears:
    """Counted from the end of the business (calendar) year the record belongs to."""

    years: int

    def ends(self, start: datetime.date) -> datetime.date:
        return datetime.date(start.year + self.years + 1, 1, 1)

    def cutoff(self, today: datetime.date) -> datetime.date:
        return business_years_cutoff(years=self.years, today=today)

    def describe(self) -> str:
        return ngettext(
            "%(count)d year after the end of the business year",
            "%(count)d years after the end of the business year",
            self.years,
        ) % {"count": self.years}


Period = Days | Years | BusinessYears

# Law on Accounting (Sl. glasnik RS 73/2019): documents behind book entries, invoices
# among them, are kept 5 years after the end of the business year.
ACCOUNTING_PERIOD = BusinessYears(5)
# Law on Consumer Protection (88/2021): the register of received complaints is kept
# at least 2 years from the day each complaint was filed.
COMPLAINT_REGISTER_PERIOD = Years(2)
# Proof of a consent (GDPR Art. 7(1), 5(2); Art. 17(3)(e): kept for the defence of legal
# claims) is kept for the general limitation period of a claim for damages: 3 years from
# learning of the damage (Law on Obligations, Art. 376(1)).
CONSENT_PROOF_PERIOD = Years(3)
