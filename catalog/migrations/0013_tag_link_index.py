"""An index for the records related to a record by its tags.

Only an index: no model changes (makemigrations has nothing to add).
"""

from django.db import migrations

# A record page's related records are counted among the latest records of each of its tags
# (views.compute_related_records): with (tag_id, id) and the two columns it reads, that is an
# index-only scan of 500 entries per tag, not a read of every link of a popular tag.
INDEX = "catalog_taggeditem_tag_latest"
COLUMNS = "tag_id, id, content_type_id, object_id"


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0012_year_indexes"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON taggit_taggeditem ({COLUMNS})",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
