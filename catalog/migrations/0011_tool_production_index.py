"""An index for counting the productions that used a tool.

Only an index: no model changes (makemigrations has nothing to add).
"""

from django.db import migrations

INDEXES = [
    # A tool's page and card show how many distinct productions used it: with only (tool_id)
    # that count fetches every use row of a popular tool from the heap (51,000 uses of the top
    # generated tool: 130 ms); with (tool_id, production_id) it is an index-only scan.
    ("catalog_aiuse_tool_production", "catalog_aiuse", "tool_id, production_id"),
]


class Migration(migrations.Migration):
    dependencies = [("catalog", "0010_scale_indexes_and_cache_table")]

    operations = [
        migrations.RunSQL(
            [f"CREATE INDEX IF NOT EXISTS {n} ON {t} ({c})" for n, t, c in INDEXES],
            [f"DROP INDEX IF EXISTS {n}" for n, _, _ in INDEXES],
        ),
    ]
