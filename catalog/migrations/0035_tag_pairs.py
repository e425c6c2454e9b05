# The pairs of tags that share records, kept on write (catalog/counts.py TAG_PAIRS).

from django.db import migrations


def count_tag_pairs(apps, schema_editor):
    """Count the pairs of the links already there. This reads the current models
    (catalog/counts.py)."""
    from catalog.counts import recount_tag_pairs

    recount_tag_pairs(using=schema_editor.connection.alias)


def drop_tag_pairs(apps, schema_editor):
    from catalog.counts import TAG_PAIRS

    Tally = apps.get_model("catalog", "Tally")
    Tally.objects.using(schema_editor.connection.alias).filter(name=TAG_PAIRS).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0034_timeline_year_indexes")]

    operations = [
        migrations.RunPython(count_tag_pairs, drop_tag_pairs, elidable=True),
    ]
