"""Dinar to euro conversion, shared by the catalog's price display and the checkout's card charge.

Pure: no database, no clock, no floats."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def rsd_to_eur(amount_rsd: Decimal, eur_rate: Decimal) -> Decimal:
    """Convert a dinar amount to euros at `eur_rate` dinars per euro (the NBS middle rate),
    rounded half up to the cent."""
    if not isinstance(amount_rsd, Decimal) or not isinstance(eur_rate, Decimal):
        raise TypeError("rsd_to_eur takes Decimal amounts only; floats lose cents.")
    if not eur_rate.is_finite() or eur_rate <= 0:
        raise ValueError(f"An exchange rate must be a positive number, not {eur_rate}.")
    if not amount_rsd.is_finite():
        raise ValueError(f"Cannot convert {amount_rsd} dinars.")
    return (amount_rsd / eur_rate).quantize(CENT, rounding=ROUND_HALF_UP)
