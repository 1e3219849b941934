"""Gapless numbers (invoices, orders, complaints, withdrawal statements): one counter row per
series and year, each app keeping its own counter table with a `last_sequence` column."""

from django.db import models


def sequence_next(counter_model: type[models.Model], **key) -> int:
    """The next sequence of the counter row `key` names (created at 0 when missing). Call
    inside the transaction that stores what gets the number: the row stays locked until it
    commits, so concurrent callers queue up, and a rollback gives the number back (no gaps)."""
    # Creating the row cannot race: a concurrent insert is ignored, then both lock it.
    counter_model.objects.bulk_create([counter_model(**key)], ignore_conflicts=True)
    counter = counter_model.objects.select_for_update().get(**key)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence
