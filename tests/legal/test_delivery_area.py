"""Where the shop delivers: within the Republic of Serbia, not to Kosovo and Metohija."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from legal.delivery_area import DeliveryRefusal, delivery_refusal, normalize_postal_code


@pytest.mark.parametrize(
    "postal_code",
    ["11000", "11 000", " 21000 ", "11080", "18000", "24000", "34000", "36300", "37000", "37999"],
)
def test_serbian_addresses_are_delivered_to(postal_code):
    assert delivery_refusal(country_code="RS", postal_code=postal_code) is None


@pytest.mark.parametrize(
    "postal_code", ["38000", "38205", "38213", "38218", "38220", "38236", "38260", "38999"]
)
def test_kosovo_and_metohija_postal_codes_are_refused(postal_code):
    assert (
        delivery_refusal(country_code="RS", postal_code=postal_code)
        == DeliveryRefusal.KOSOVO_AND_METOHIJA
    )


@pytest.mark.parametrize(
    "postal_code",
    ["", "1100", "110000", "11O00", "1100a", "-1100", "10999", "10000", "39000", "99999", "٣٨٠٠٠"],
)
def test_anything_but_a_serbian_postal_code_is_refused_as_invalid(postal_code):
    assert (
        delivery_refusal(country_code="RS", postal_code=postal_code)
        == DeliveryRefusal.INVALID_POSTAL_CODE
    )


@pytest.mark.parametrize("country", ["HR", "ME", "XK", "DE", "", "SRB"])
def test_addresses_outside_serbia_are_refused(country):
    assert (
        delivery_refusal(country_code=country, postal_code="11000")
        == DeliveryRefusal.OUTSIDE_SERBIA
    )


def test_country_code_is_read_without_regard_to_case_or_spaces():
    assert delivery_refusal(country_code=" rs ", postal_code="11000") is None


@given(st.integers(min_value=0, max_value=99999))
def test_every_five_digit_code_gets_exactly_the_rule_of_its_range(number):
    refusal = delivery_refusal(country_code="RS", postal_code=f"{number:05d}")
    if 38000 <= number <= 38999:
        assert refusal == DeliveryRefusal.KOSOVO_AND_METOHIJA
    elif 11000 <= number <= 37999:
        assert refusal is None
    else:
        assert refusal == DeliveryRefusal.INVALID_POSTAL_CODE


def test_refusals_explain_themselves_to_the_shopper():
    assert "Kosovo and Metohija" in str(DeliveryRefusal.KOSOVO_AND_METOHIJA.label)
    assert "five digits" in str(DeliveryRefusal.INVALID_POSTAL_CODE.label)
    assert "Republic of Serbia" in str(DeliveryRefusal.OUTSIDE_SERBIA.label)


def test_postal_codes_are_stored_without_the_spaces_people_type():
    assert normalize_postal_code(" 11 000 ") == "11000"
