"""The engraving rule: what the workshop can cut, how typed text is tidied, how long it may be."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from catalog.engraving import (
    HEARTS,
    MAX_ENGRAVING_LENGTH,
    PUNCTUATION,
    EngravingError,
    character_allowed,
    engraving_clean,
    engraving_normalise,
)

SERBIAN_LATIN = "abcčćdđefghijklmnoprsštuvzžABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ"
SERBIAN_CYRILLIC = "абвгдђежзијклљмнњопрстћуфхцчџшАБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ"
ENGRAVABLE = SERBIAN_LATIN + SERBIAN_CYRILLIC + "0123456789 " + PUNCTUATION + HEARTS


def clean(text, *, max_length=20, required=False):
    return engraving_clean(text, max_length=max_length, required=required)


@pytest.mark.parametrize(
    "typed",
    ["Ana & Marko", "Zauvek tvoja ♥", "Ђорђе 12.5.2026.", "Ljubav!", "Tvoj Đura", "ŠĆŽČĐ"],
)
def test_serbian_names_dates_and_hearts_are_engraved_as_typed(typed):
    assert clean(typed) == typed


def test_spaces_are_tidied_and_a_decomposed_letter_counts_once():
    assert clean("  Ana \t\n  i   Marko  ") == "Ana i Marko"
    assert clean("c\u030c") == "č"  # c + combining caron, as some keyboards send it
    assert clean("Ana ❤\ufe0f") == "Ana ❤"  # the emoji selector a phone adds to the heart


def test_the_limit_counts_letters_after_tidying():
    assert clean("a" * 20) == "a" * 20
    assert clean("  " + "a" * 20 + "  ") == "a" * 20
    with pytest.raises(EngravingError, match="at most 20 characters long; yours has 21"):
        clean("a" * 21)


def test_no_product_may_allow_more_than_the_workshop_cuts():
    with pytest.raises(EngravingError, match=f"at most {MAX_ENGRAVING_LENGTH} characters"):
        clean("a" * (MAX_ENGRAVING_LENGTH + 1), max_length=500)


def test_characters_the_engraver_cannot_cut_are_named():
    with pytest.raises(EngravingError) as refused:
        clean("ana@mail.rs #1 😀")
    message = str(refused.value)
    assert message.startswith("These characters cannot be engraved: @ # 😀.")
    with pytest.raises(EngravingError, match="U\\+200B"):
        clean("Ana\u200bMarko")  # an invisible zero-width space is named by its code


def test_required_text_and_pieces_without_engraving():
    assert clean("   ", required=False) == ""
    with pytest.raises(EngravingError, match="Please enter the text to engrave"):
        clean("   ", required=True)
    assert clean("", max_length=None) == ""
    assert clean(" ", max_length=0) == ""
    with pytest.raises(EngravingError, match="This piece cannot be engraved"):
        clean("Ana", max_length=0)


def test_the_errors_are_in_serbian_for_serbian_shoppers():
    with translation.override("sr-latn"), pytest.raises(EngravingError) as latin:
        clean("a" * 25)
    assert str(latin.value) == "Gravura može imati najviše 20 znakova; vaša ima 25."
    with translation.override("sr"), pytest.raises(EngravingError) as cyrillic:
        clean("Ana@")
    assert str(cyrillic.value).startswith("Ови знакови не могу да се гравирају: @.")


@given(st.text(alphabet=ENGRAVABLE, max_size=40))
def test_engravable_text_is_accepted_within_the_limit_and_kept_but_for_spaces(typed):
    tidied = engraving_normalise(typed)
    if len(tidied) <= 30:
        assert clean(typed, max_length=30) == tidied
    else:
        with pytest.raises(EngravingError):
            clean(typed, max_length=30)


@given(st.text(max_size=80), st.integers(min_value=1, max_value=MAX_ENGRAVING_LENGTH))
def test_whatever_is_typed_is_either_refused_with_a_reason_or_clean_and_within_the_limit(
    typed, limit
):
    try:
        result = clean(typed, max_length=limit)
    except EngravingError as error:
        assert str(error)
        return
    assert len(result) <= limit
    assert result == result.strip() and "  " not in result
    assert all(character_allowed(char) for char in result)
    assert engraving_normalise(result) == result  # tidying twice changes nothing
