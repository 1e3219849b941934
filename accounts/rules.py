"""Pure rules of the account side (no database, no clock)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Enough for home, work and family; a bound keeps one account from growing without end.
ADDRESS_BOOK_LIMIT = 20

_POSTAL_CODE = re.compile(r"\d{5}", re.ASCII)


def postal_code_normalised(value: str) -> str:
    """Customers type "11 000" as often as "11000"."""
    return "".join(value.split())


def validate_serbian_postal_code(value: str) -> None:
    if not _POSTAL_CODE.fullmatch(value):
        raise ValidationError(
            _("A Serbian postal code has five digits, e.g. 11000."), code="invalid"
        )
