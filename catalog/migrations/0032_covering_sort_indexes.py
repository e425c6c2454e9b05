"""The lists' sort indexes cover the name they sort by, on PostgreSQL.

A list page reads its ids first (views.paginate): `ORDER BY <sort>, lower(title), id LIMIT 24
OFFSET n`. PostgreSQL answers that from an index alone (an index-only scan) only if the index
also holds `title` itself, not just `lower(title)`; without it, a deep page fetched every row it
skips from the table, and past a few thousand rows the planner sorted the whole table instead:
~550 ms for page 3,050 of the productions by "Most AI uses" at 100,000 productions, ~30 ms with
the covering index. Each index here replaces the one of the same name (the models' Meta.indexes
or migration 0018) with the same key columns and `INCLUDE (name)`, and the sorts that had none
(controversies by title and newest first, sources and rules newest first) get one.

PostgreSQL only: SQLite has no non-key columns in indexes, and its catalogs are small.
"""

from django.db import migrations

# (index, table, key columns, the column the sort's lower() reads, existed before)
INDEXES = [
    ("catalog_production_ltitle_id", "catalog_production", "lower(title), id", "title", True),
    (
        "catalog_production_uses",
        "catalog_production",
        "use_count DESC, lower(title), id",
        "title",
        True,
    ),
    (
        "catalog_production_year_ltitle_id",
        "catalog_production",
        "year DESC NULLS LAST, lower(title), id",
        "title",
        True,
    ),
    ("catalog_studio_lname_id", "catalog_studio", "lower(name), id", "name", True),
    ("catalog_studio_uses", "catalog_studio", "use_count DESC, lower(name), id", "name", True),
    (
        "catalog_studio_productions",
        "catalog_studio",
        "production_count DESC, lower(name), id",
        "name",
        True,
    ),
    ("catalog_aitool_lname_id", "catalog_aitool", "lower(name), id", "name", True),
    ("catalog_aitool_uses", "catalog_aitool", "use_count DESC, lower(name), id", "name", True),
    ("catalog_person_lname_id", "catalog_person", "lower(name), id", "name", True),
    ("catalog_person_quotes", "catalog_person", "quote_count DESC, lower(name), id", "name", True),
    ("catalog_rule_ltitle_id", "catalog_rule", "lower(title), id", "title", True),
    (
        "catalog_rule_effective_ltitle_id",
        "catalog_rule",
        "effective_on DESC NULLS LAST, lower(title), id",
        "title",
        False,
    ),
    ("catalog_source_ltitle_id", "catalog_source", "lower(title), id", "title", True),
    ("catalog_source_cited", "catalog_source", "claim_count DESC, lower(title), id", "title", True),
    (
        "catalog_source_published_ltitle_id",
        "catalog_source",
        "published DESC NULLS LAST, lower(title), id",
        "title",
        False,
    ),
    ("catalog_controversy_ltitle_id", "catalog_controversy", "lower(title), id", "title", False),
    (
        "catalog_controversy_year_ltitle_id",
        "catalog_controversy",
        "year DESC NULLS LAST, lower(title), id",
        "title",
        False,
    ),
]


def covering(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, columns, included, _existed in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(f"CREATE INDEX {name} ON {table} ({columns}) INCLUDE ({included})")


def not_covering(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, columns, _included, existed in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        if existed:
            schema_editor.execute(f"CREATE INDEX {name} ON {table} ({columns})")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0031_kept_counts")]

    operations = [migrations.RunPython(covering, not_covering, elidable=False)]
