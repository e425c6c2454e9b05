"""Indexes on years: the productions list newest first, and the timeline.

Only indexes: no model changes (makemigrations has nothing to add). PostgreSQL only: SQLite
cannot say "no year last" in an index, and its catalogs are small.
"""

from django.db import migrations

INDEXES = [
    # "Newest first" orders productions by year (no year last), title, id: without this index
    # a deep page sorts all 100,000 productions (~190 ms for the last page).
    (
        "catalog_production_year_title_id",
        "catalog_production",
        "year DESC NULLS LAST, title, id",
    ),
    # The timeline reads a page of years' events by the year each happened (its date's year,
    # else its year), exactly as views.timeline_sources() computes it: ~270 ms for the AI uses
    # of five years without the index, ~55 ms with it.
    (
        "catalog_aiuse_event_year_id",
        "catalog_aiuse",
        "(COALESCE(EXTRACT(YEAR FROM date), year)), id",
    ),
    (
        "catalog_production_event_year_id",
        "catalog_production",
        "(COALESCE(EXTRACT(YEAR FROM release_date), year)), id",
    ),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, table, columns in INDEXES:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _, _ in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0011_tool_production_index")]

    operations = [migrations.RunPython(create, drop)]
