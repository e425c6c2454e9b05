# Kept on write (catalog/counts.py): the pairs of tags that share records (TAG_PAIRS), and
# the AI uses of each year at each stage (TALLIES, "year-stage").

from django.db import migrations


def count(apps, schema_editor):
    """Count the pairs of tags and the AI uses per year and stage already there. This reads
    the current models (catalog/counts.py)."""
    from catalog.counts import TALLIES, recount_tag_pairs, recount_tally

    alias = schema_editor.connection.alias
    recount_tag_pairs(using=alias)
    for tallied in TALLIES:
        if tallied.name == "year-stage":
            recount_tally(tallied, using=alias)


def drop(apps, schema_editor):
    Tally = apps.get_model("catalog", "Tally")
    rows = Tally.objects.using(schema_editor.connection.alias)
    rows.filter(name__in=["tag-pair", "year-stage"]).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0034_timeline_year_indexes")]

    operations = [
        migrations.RunPython(count, drop, elidable=True),
    ]
