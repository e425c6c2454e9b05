from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# Full-text and trigram indexes exist on PostgreSQL only; SQLite searches without them.
SEARCHABLE = {
    # table: name or title column, read by the trigram match that catches typos
    "catalog_production": "title",
    "catalog_studio": "name",
    "catalog_aitool": "name",
    "catalog_controversy": "title",
    "catalog_person": "name",
    "catalog_source": "title",
}

STAGES = [
    (1, "development", "Development and screenwriting"),
    (2, "pre-production", "Pre-production"),
    (3, "production", "Production"),
    (4, "post-production", "Post-production and VFX"),
    (5, "distribution", "Distribution and marketing"),
]


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name_column in SEARCHABLE.items():
        # Used by search(): the @@ match on the stored vector.
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} USING gin (search_vector)"
        )
        # Used by search(): the word-similarity match (%>) that finds misspelt names.
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_{name_column}_trgm "
            f"ON {table} USING gin ({name_column} gin_trgm_ops)"
        )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name_column in SEARCHABLE.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{name_column}_trgm")


def create_stages(apps, schema_editor):
    Stage = apps.get_model("catalog", "Stage")
    for position, slug, name in STAGES:
        Stage.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})


def delete_stages(apps, schema_editor):
    apps.get_model("catalog", "Stage").objects.filter(slug__in=[s[1] for s in STAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_search_indexes, drop_search_indexes),
        migrations.RunPython(create_stages, delete_stages),
    ]
