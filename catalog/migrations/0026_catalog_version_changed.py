"""The catalog's version keeps the time it last moved: the Last-Modified of the pages, exports
and feeds (catalog/cache.py)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0025_source_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="catalogversion",
            name="changed",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
    ]
