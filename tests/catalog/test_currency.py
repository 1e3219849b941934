from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.currency import rsd_to_eur


@pytest.mark.parametrize(
    ("rsd", "rate", "eur"),
    [
        (Decimal("4990.00"), Decimal("117.2000"), Decimal("42.58")),
        # 1.125 EUR exactly: half up, not banker's rounding to 1.12.
        (Decimal("131.85"), Decimal("117.2000"), Decimal("1.13")),
        (Decimal("117.20"), Decimal("117.2000"), Decimal("1.00")),
        (Decimal("0.00"), Decimal("117.2000"), Decimal("0.00")),
        (Decimal("999999.99"), Decimal("117.1234"), Decimal("8538.00")),
    ],
)
def test_converts_dinars_to_euros_rounding_half_up_to_the_cent(rsd, rate, eur):
    assert rsd_to_eur(rsd, rate) == eur


def test_exact_half_cent_rounds_up():
    # 0.585 EUR at a rate of 100.
    assert rsd_to_eur(Decimal("58.50"), Decimal("100")) == Decimal("0.59")


def test_floats_are_refused():
    with pytest.raises(TypeError):
        rsd_to_eur(4990.0, Decimal("117.2"))


@pytest.mark.parametrize(
    "rate", [Decimal("0"), Decimal("-117"), Decimal("NaN"), Decimal("Infinity")]
)
def test_a_rate_that_is_not_positive_is_refused(rate):
    with pytest.raises(ValueError):
        rsd_to_eur(Decimal("100"), rate)


@given(
    rsd=st.decimals(min_value=0, max_value=10**7, places=2),
    rate=st.decimals(min_value=50, max_value=500, places=4),
)
def test_result_is_within_half_a_cent_of_the_exact_value(rsd, rate):
    eur = rsd_to_eur(rsd, rate)
    assert eur == eur.quantize(Decimal("0.01"))
    assert abs(eur - rsd / rate) <= Decimal("0.005")
