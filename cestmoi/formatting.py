"""Dates, amounts and country names written in the active language's local form, for the texts Python builds
itself (e-mail subjects, admin columns, PDF tables, messages). Templates use the same rules
through `|date:"SHORT_DATE_FORMAT"` and `|amount`. The forms live in the format modules
(cestmoi/formats/<language>/formats.py): "5. 12. 2026." and "11.000,00" in Serbian,
"5 December 2026" and "11,000.00" in English."""

from datetime import datetime

from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Addresses store the ISO code; people read the name in their language (Srbija, Србија).
COUNTRY_NAMES = {"RS": gettext_lazy("Serbia")}


def local_date(value) -> str:
    """A date (or the local day of a moment): "5. 12. 2026." / "5 December 2026"."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def local_datetime(value) -> str:
    """A moment in the shop's time zone: "5. 12. 2026. 14:03" / "5 December 2026, 14:03"."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATETIME_FORMAT")


def local_day_month(value) -> str:
    """A day of this year, short (a chart's axis): "5. 12." / "5 December"."""
    return formats.date_format(value, "MONTH_DAY_FORMAT")


def country_name(code: str) -> str:
    """ "RS" → "Serbia" / "Srbija" / "Србија"; an unknown code is shown as it is."""
    return str(COUNTRY_NAMES.get((code or "").upper(), code))


def amount(value) -> str:
    """A money amount with two decimals and grouped thousands: "11.000,00" / "11,000.00"."""
    if value is None or value == "":
        return ""
    return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def deadline_cell(due, *, overdue: bool, due_soon: bool) -> str:
    """An admin list's deadline: its date, marked (the admin's `due` styles) when it has passed
    or is near, so that staff see at a glance what to answer first."""
    day = local_date(due)
    if overdue:
        return format_html('<strong class="due due-overdue">{} · {}</strong>', day, _("overdue"))
    if due_soon:
        return format_html('<strong class="due due-soon">{} · {}</strong>', day, _("due soon"))
    return day
