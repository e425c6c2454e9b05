"""The timeline's years indexed, on PostgreSQL.

The timeline lists the years that have events and shows a page of years at a time, dating each
kind of event by an expression (models.TIMELINE_DATES: a date's year, else a year). Without an
index on it, both read every dated row of six tables: ~2 s at 100,000 productions. With one,
the years come from a walk down the index (views.timeline_years, ~10 ms) and a page's events
from its first rows (~1 ms a kind).

They replace migration 0012's indexes on the AI uses' and productions' years, which ran the
other way on `id` than the timeline's order (year newest first, then id).

PostgreSQL only: on SQLite the expression calls a function Django adds to its own connections,
which an index would need in every program that writes the file; its catalogs are small.
"""

from django.db import migrations, models

# Migration 0012's, dropped here and made again if this migration is reversed.
REPLACED = {
    "catalog_aiuse_event_year_id": (
        "catalog_aiuse",
        "(COALESCE(EXTRACT(YEAR FROM date), year)), id",
    ),
    "catalog_production_event_year_id": (
        "catalog_production",
        "(COALESCE(EXTRACT(YEAR FROM release_date), year)), id",
    ),
}


def index(model_name, apps):
    from catalog.models import TIMELINE_DATES, event_year

    model = apps.get_model("catalog", model_name)
    expression = event_year(*TIMELINE_DATES[model_name])
    return model, models.Index(expression.desc(), "id", name=f"catalog_{model_name}_event_year")


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from catalog.models import TIMELINE_DATES

    for model_name in TIMELINE_DATES:
        schema_editor.add_index(*index(model_name, apps))
    for name in REPLACED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from catalog.models import TIMELINE_DATES

    for model_name in TIMELINE_DATES:
        schema_editor.remove_index(*index(model_name, apps))
    for name, (table, columns) in REPLACED.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0033_tallies")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
