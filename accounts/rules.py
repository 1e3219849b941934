"""Pure rules of the account side (no database, no clock)."""

from django.core.exceptions import ValidationError

from legal.delivery_area import delivery_refusal

# Enough for home, work and family; a bound keeps one account from growing without end.
ADDRESS_BOOK_LIMIT = 20


def validate_serbian_postal_code(value: str) -> None:
    """An address-book address must be one the shop delivers to (checkout's own rule)."""
    refusal = delivery_refusal(country_code="RS", postal_code=value)
    if refusal is not None:
        raise ValidationError(str(refusal.label), code=refusal.value)


def staff_session_over(*, signed_in_at: float | None, now: float, hours: int) -> bool:
    """A staff session lasts `hours` from sign-in; one with no recorded sign-in (a customer made
    staff while signed in, a session older than this rule) is over at once."""
    return signed_in_at is None or now - signed_in_at >= hours * 3600
