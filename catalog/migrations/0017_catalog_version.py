"""The catalog's version moves from a key in the cache table to a one-row table of its own,
so that an edit moves it with one UPDATE (catalog/cache.py)."""

import time

from django.db import migrations, models


def create_row(apps, schema_editor):
    CatalogVersion = apps.get_model("catalog", "CatalogVersion")
    # A time in microseconds, as catalog.cache starts a version: never a number used before.
    CatalogVersion.objects.using(schema_editor.connection.alias).create(
        pk=1, n=time.time_ns() // 1000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0016_plausible_dates"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogVersion",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(
                        default=1, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("n", models.BigIntegerField()),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("id", 1)), name="catalog_version_one_row"
                    )
                ],
            },
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
