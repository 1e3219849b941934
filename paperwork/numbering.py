"""Gapless numbers (invoices, orders, complaints, withdrawal statements): one counter row per
series and year, each app keeping its own counter table with a `last_sequence` column."""

from django.db import connection, models


def sequence_next(counter_model: type[models.Model], **key) -> int:
    """The next sequence of the counter row `key` names (created at 1 when missing). Call
    inside the transaction that stores what gets the number: the row stays locked until it
    commits, so concurrent callers queue up, and a rollback gives the number back (no gaps).
    `key` must be the columns of a unique constraint of the counter table."""
    # One statement (an upsert; PostgreSQL and SQLite both have it): creating the row cannot
    # race, since a concurrent insert of the same key turns into the update, which waits for
    # the other transaction's lock like every other caller.
    quote = connection.ops.quote_name
    meta = counter_model._meta
    table = quote(meta.db_table)
    fields = [meta.get_field(name) for name in key]
    columns = ", ".join(quote(field.column) for field in fields)
    last = quote(meta.get_field("last_sequence").column)
    placeholders = ", ".join(["%s"] * len(fields))
    # Only identifiers from the model's own metadata, quoted, go into the text; the key's
    # values are parameters.
    upsert = (
        f"INSERT INTO {table} ({columns}, {last}) VALUES ({placeholders}, 1) "  # noqa: S608 # nosec B608
        f"ON CONFLICT ({columns}) DO UPDATE SET {last} = {table}.{last} + 1 RETURNING {last}"
    )
    with connection.cursor() as cursor:
        cursor.execute(upsert, [f.get_db_prep_save(key[f.name], connection) for f in fields])
        return cursor.fetchone()[0]
