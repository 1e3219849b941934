"""PostgreSQL search: pg_trgm for typo-tolerant name matching, and GIN indexes for full-text
and trigram search. Only on PostgreSQL; elsewhere search falls back to plain matching."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SEARCH_INDEX = "catalog_product_search_gin"
TRIGRAM_INDEX = "catalog_product_name_trgm"


def search_vector():
    """The search document as it was when this migration was written (English columns only);
    migration 0005 replaces it with the bilingual one."""
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("name", weight="A", config="simple")
        + SearchVector("material", "fineness", "stones", weight="B", config="simple")
        + SearchVector("description", weight="C", config="simple")
    )


def _indexes():
    return [
        GinIndex(search_vector(), name=SEARCH_INDEX),
        GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name=TRIGRAM_INDEX),
    ]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    product = apps.get_model("catalog", "Product")
    for index in _indexes():
        schema_editor.add_index(product, index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    product = apps.get_model("catalog", "Product")
    for index in _indexes():
        schema_editor.remove_index(product, index)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
