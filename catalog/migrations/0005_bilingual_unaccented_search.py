"""Search in both languages, diacritics aside: the unaccent extension, a text search
configuration "catalog_search" (simple + unaccent: no stemming, Serbian has no stemmer in
PostgreSQL), and the GIN indexes rebuilt over the English and Serbian columns. Only on
PostgreSQL; elsewhere search falls back to plain matching."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

SEARCH_INDEX = "catalog_product_search_gin"
OLD_TRIGRAM_INDEX = "catalog_product_name_trgm"
TRIGRAM_INDEXES = ("catalog_product_name_en_trgm", "catalog_product_name_sr_latn_trgm")

CREATE_CONFIG = """
CREATE TEXT SEARCH CONFIGURATION catalog_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION catalog_search
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
"""
DROP_CONFIG = "DROP TEXT SEARCH CONFIGURATION IF EXISTS catalog_search;"


def _new_indexes():
    from catalog.selectors import search_vector

    return [
        GinIndex(search_vector(), name=SEARCH_INDEX),
        GinIndex(fields=["name_en"], opclasses=["gin_trgm_ops"], name=TRIGRAM_INDEXES[0]),
        GinIndex(fields=["name_sr_latn"], opclasses=["gin_trgm_ops"], name=TRIGRAM_INDEXES[1]),
    ]


def _old_indexes():
    from importlib import import_module

    old = import_module("catalog.migrations.0002_search_indexes")
    return old._indexes()


def _swap(remove, add):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        product = apps.get_model("catalog", "Product")
        for index in remove():
            schema_editor.remove_index(product, index)
        for index in add():
            schema_editor.add_index(product, index)

    return run


def create_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_CONFIG)


def drop_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_CONFIG)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_content_in_two_languages")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create_config, drop_config),
        migrations.RunPython(
            _swap(_old_indexes, _new_indexes), _swap(_new_indexes, _old_indexes)
        ),
    ]
