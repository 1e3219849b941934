"""Gapless numbers from one upsert per number: a missing counter row starts at 1, each series
and year counts on its own, and a rolled-back transaction gives its number back."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from orders.models import DocumentNumberCounter, OrderNumberCounter
from paperwork.numbering import sequence_next

pytestmark = pytest.mark.django_db


def test_numbers_count_up_per_series_and_year_in_one_query_each():
    with CaptureQueriesContext(connection) as queries:
        first = sequence_next(DocumentNumberCounter, series="invoice", year=2026)
    assert len(queries) == 1
    assert first == 1
    assert sequence_next(DocumentNumberCounter, series="invoice", year=2026) == 2
    assert sequence_next(DocumentNumberCounter, series="invoice", year=2027) == 1
    assert sequence_next(OrderNumberCounter, year=2026) == 1
    assert DocumentNumberCounter.objects.get(series="invoice", year=2026).last_sequence == 2


def test_a_rolled_back_number_is_given_again():
    sequence_next(OrderNumberCounter, year=2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert sequence_next(OrderNumberCounter, year=2026) == 2
        raise RuntimeError("the order could not be stored")

    assert sequence_next(OrderNumberCounter, year=2026) == 2
