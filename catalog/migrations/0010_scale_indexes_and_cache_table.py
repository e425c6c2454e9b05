"""Indexes for the pages at 100,000 productions, and the table the page cache lives in.

Only indexes and the cache table: no model changes (the model state is untouched, so
makemigrations has nothing to add). Each index says which page reads it.
"""

from django.core.management import call_command
from django.db import migrations

INDEXES = [
    # The productions list sorts by title, pk and pages through it: a deep page reads the
    # page's ids from this index instead of sorting 100,000 rows.
    ("catalog_production_title_id", "catalog_production", "title, id"),
    # The people list, likewise by name.
    ("catalog_person_name_id", "catalog_person", "name, id"),
    # The sources list, likewise by title.
    ("catalog_source_title_id", "catalog_source", "title, id"),
    # A tool's page shows its latest uses at each stage; the tools list counts uses per tool.
    ("catalog_aiuse_tool_stage_id", "catalog_aiuse", "tool_id, stage_id, id"),
]


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_editors_group_and_history")]

    operations = [
        migrations.RunSQL(
            [f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})" for name, table, columns in INDEXES],
            [f"DROP INDEX IF EXISTS {name}" for name, _, _ in INDEXES],
        ),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
