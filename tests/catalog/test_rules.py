import datetime
from decimal import Decimal

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from catalog import rules
from catalog.models import Material
from catalog.rules import ListingParams, Sort

TODAY = datetime.date(2025, 3, 14)


def parse(query: str, **kwargs) -> ListingParams:
    return rules.parse_listing_params(QueryDict(query), materials=Material.values, **kwargs)


def test_a_clean_query_string_is_read_as_given():
    params = parse("material=gold&price_min=1000&price_max=5000&in_stock=1&sort=price_desc&page=3")
    assert params == ListingParams(
        material="gold",
        price_min=Decimal("1000.00"),
        price_max=Decimal("5000.00"),
        in_stock=True,
        sort=Sort.PRICE_DESC,
        page=3,
    )
    assert params.is_filtered


@pytest.mark.parametrize(
    "query",
    [
        "material=plutonium&price_min=abc&price_max=NaN&sort=cheapest&page=-4",
        "price_min=Infinity&price_max=-5&page=1e9&in_stock=maybe",
        "page=%00&material=%00&price_min=%00&sort=%00",
        "page=٣&price_min=" + "9" * 50,
        "",
    ],
)
def test_nonsense_falls_back_to_the_defaults(query):
    assert parse(query) == ListingParams()


def test_huge_prices_and_pages_are_capped():
    params = parse("price_min=1e30&page=99999999")
    assert params.price_min == rules.MAX_PRICE
    assert params.page == rules.MAX_PAGE


def test_swapped_price_bounds_are_put_in_order():
    params = parse("price_min=9000&price_max=2000")
    assert (params.price_min, params.price_max) == (Decimal("2000.00"), Decimal("9000.00"))


def test_a_decimal_comma_is_understood():
    assert parse("price_min=1500,50").price_min == Decimal("1500.50")


def test_search_pages_default_to_relevance():
    sorts = (Sort.RELEVANCE, *Sort.LISTING)
    assert parse("", sorts=sorts).sort == Sort.RELEVANCE
    assert parse("sort=price_asc", sorts=sorts).sort == Sort.PRICE_ASC


def test_page_window_shows_first_last_and_neighbours():
    assert rules.page_window(1, 1) == []
    assert rules.page_window(1, 3) == [1, 2, 3]
    assert rules.page_window(10, 40) == [1, None, 8, 9, 10, 11, 12, None, 40]


def test_search_terms_and_the_prefix_query():
    assert rules.search_terms("Silver  RING ring, (garnet)!") == ["silver", "ring", "garnet"]
    assert rules.prefix_tsquery(["silver", "ring"]) == "(silver:*) & (ring:*)"
    assert rules.search_terms("'); DROP TABLE --") == ["drop", "table"]


def test_search_query_loses_control_characters_and_length():
    assert rules.clean_search_query("ri\x00ng\n  silver") == "ring silver"
    assert len(rules.clean_search_query("x" * 500)) == rules.MAX_QUERY_LENGTH


@pytest.mark.parametrize(
    ("stock", "status"),
    [(0, "sold_out"), (1, "low"), (2, "low"), (3, "in_stock")],
)
def test_stock_status(stock, status):
    assert rules.stock_status(stock) == status


def shown(stock: int) -> tuple:
    """What a product page says of a variant with `stock` units: its state, and the number
    only where the page names it."""
    status = rules.stock_status(stock)
    return status, stock if status == rules.StockStatus.LOW else None


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_a_stock_change_shows_exactly_when_the_page_would_say_something_else(before, after):
    assert rules.stock_change_shows(before, after) == (shown(before) != shown(after))


@pytest.mark.parametrize(
    ("before", "after", "shows"),
    [(5, 4, False), (3, 4, False), (3, 2, True), (1, 0, True), (0, 1, True), (2, 2, False)],
)
def test_stock_changes_a_page_shows(before, after, shows):
    assert rules.stock_change_shows(before, after) is shows


def test_rate_payload_is_read_as_decimal():
    payload = {"code": "EUR", "date": "2025-03-14", "exchange_middle": Decimal("117.1734")}
    assert rules.parse_rate_payload(payload, today=TODAY) == (TODAY, Decimal("117.1734"))


@pytest.mark.parametrize(
    "payload",
    [
        [],
        {"code": "USD", "exchange_middle": "108.1"},
        {"code": "EUR", "exchange_middle": "abc"},
        {"code": "EUR", "exchange_middle": None},
        {"code": "EUR", "exchange_middle": "0"},
        {"code": "EUR", "exchange_middle": "11720"},
        {"code": "EUR", "exchange_middle": "117.2", "date": "yesterday"},
        {"code": "EUR", "exchange_middle": "117.2", "date": "2025-03-15"},
    ],
)
def test_a_broken_rate_payload_is_refused(payload):
    with pytest.raises(ValueError):
        rules.parse_rate_payload(payload, today=TODAY)


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("prsten", ["prsten"]),
        ("prstenje", ["prstenje", "prsten"]),
        ("PRSTENOM", ["prstenom", "prste"]),  # "-nom" read as an adjective ending: still a prefix
        ("minđuše", ["minduse", "mindus"]),
        ("mindjuse", ["mindjuse", "mindjus", "minduse", "mindus"]),
        ("прстен", ["prsten"]),
        ("ring", ["ring"]),
    ],
)
def test_search_forms_of_serbian_words(word, forms):
    assert rules.search_forms(word) == forms


@given(st.text(alphabet="abcčćdđefghijklmnoprsštuvzž", min_size=1, max_size=20))
def test_every_search_form_is_a_prefix_of_the_folded_word_and_diacritics_do_not_matter(word):
    folded = rules.search_fold(word)
    forms = rules.search_forms(word)
    assert folded in forms
    assert all(
        folded.startswith(form) or folded.replace("dj", "d").startswith(form) for form in forms
    )
    shortest = min(len(folded.replace("dj", "d")), rules.MIN_STEM_LENGTH)
    assert all(len(form) >= shortest for form in forms)
    assert rules.search_forms(folded) == forms
