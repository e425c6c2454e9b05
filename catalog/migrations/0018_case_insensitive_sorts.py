"""Lists sort names whatever their case, read from indexes on lower(name); the indexes that
migrations 0010 and 0011 made in SQL are now declared on the models (Meta.indexes), so this
migration only records them (they exist already). PostgreSQL's "newest first" index for
productions follows the new order (year, then title whatever its case)."""

import django.db.models.functions.text
from django.db import migrations, models

EXISTING = [
    ("aiuse", models.Index(fields=["tool", "stage", "id"], name="catalog_aiuse_tool_stage_id")),
    ("aiuse", models.Index(fields=["tool", "production"], name="catalog_aiuse_tool_production")),
    ("person", models.Index(fields=["name", "id"], name="catalog_person_name_id")),
    ("production", models.Index(fields=["title", "id"], name="catalog_production_title_id")),
    ("source", models.Index(fields=["title", "id"], name="catalog_source_title_id")),
]


def lower(model, field, name):
    return (
        model,
        models.Index(
            django.db.models.functions.text.Lower(field), models.F("id"), name=name
        ),
    )


NEW = [
    lower("aitool", "name", "catalog_aitool_lname_id"),
    lower("person", "name", "catalog_person_lname_id"),
    lower("production", "title", "catalog_production_ltitle_id"),
    lower("source", "title", "catalog_source_ltitle_id"),
    lower("studio", "name", "catalog_studio_lname_id"),
]


def newest_first(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_production_year_title_id")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS catalog_production_year_ltitle_id ON catalog_production "
            "(year DESC NULLS LAST, lower(title), id)"
        )


def newest_first_back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_production_year_ltitle_id")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS catalog_production_year_title_id ON catalog_production "
            "(year DESC NULLS LAST, title, id)"
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0017_catalog_version")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name=model, index=index) for model, index in EXISTING
            ]
        ),
        *[migrations.AddIndex(model_name=model, index=index) for model, index in NEW],
        migrations.RunPython(newest_first, newest_first_back),
    ]
