"""Migration 0027 turns every `sources` link into a citation row of its own, keeping each one.

The migrations run back and forth in a scratch database of their own (a SQLite file migrated
and given the article's seed, or, when the suite runs on PostgreSQL, a copy of the run's
database migrated and given the whole seed), in a subprocess with the production settings:
migrating the test database itself would leave it unlike the models for the tests after this
one.
"""

import json

from django.db import connection

from tests.scratch_db import scratch_database
from tests.scratch_db import url as scratch_url
from tests.test_deploy import manage

BEFORE = "0026_catalog_version_changed"

PROBE = """
import json
from django.db import connection
from catalog.models import CITATION_MODELS
rows = []
with connection.cursor() as cursor:
    for model in CITATION_MODELS:
        table = model._meta.db_table
        record = model._meta.get_field("record").column
        cursor.execute(f"SELECT {record}, source_id FROM {table}")
        rows += [[table, *row] for row in cursor.fetchall()]
    columns = [c.name for c in connection.introspection.get_table_description(
        cursor, "catalog_aiuse_sources")]
print(json.dumps({"rows": sorted(rows), "has_note": "note" in columns}))
"""


def run(database_url, *args):
    result = manage(*args, DEBUG="1", DATABASE_URL=database_url)
    assert result.returncode == 0, result.stderr
    return result.stdout


def links(database_url):
    seen = json.loads(run(database_url, "shell", "--no-imports", "-c", PROBE).splitlines()[-1])
    return {tuple(row) for row in seen["rows"]}, seen["has_note"]


def check_round_trip(database_url):
    """On a database migrated and seeded."""
    kept, has_note = links(database_url)
    assert len(kept) > 20, "the seed cites its sources"
    assert has_note

    run(database_url, "migrate", "catalog", BEFORE, "--noinput", "-v0")
    back, has_note = links(database_url)
    assert back == kept  # plain many-to-many tables, with the seed's rows in them
    assert not has_note

    run(database_url, "migrate", "--noinput", "-v0")
    forward, has_note = links(database_url)
    assert forward == kept  # the same rows, now citations again
    assert has_note


def test_every_citation_of_the_seed_survives_the_migration_back_and_forth(request, tmp_path):
    if connection.vendor != "postgresql":
        database_url = f"sqlite:///{tmp_path / 'migration.sqlite3'}"
        run(database_url, "migrate", "--noinput", "-v0")
        run(database_url, "seed", "fixtures/seed.json", "-v0")
        check_round_trip(database_url)
        return
    with scratch_database(
        "test_migration", template=request.getfixturevalue("seeded_database")
    ) as name:
        check_round_trip(scratch_url(name))
