"""Migration 0027 turns every `sources` link into a citation row of its own, keeping each one.

The migrations run back and forth in a scratch database of their own (a copy of the migrated
test database in a SQLite file, given the article's seed, or, when the suite runs on
PostgreSQL, a copy of the run's database migrated and given the whole seed), in a subprocess
with the production settings:
migrating the test database itself would leave it unlike the models for the tests after this
one.
"""

import shutil
import sqlite3
from contextlib import closing, contextmanager

import psycopg
import pytest
from django.db import connection

from catalog.models import CITATION_MODELS
from tests.scratch_db import scratch_database
from tests.scratch_db import url as scratch_url
from tests.test_deploy import manage

# Only for the test databases to be set up: the migrations run on scratch databases.
pytestmark = pytest.mark.django_db

BEFORE = "0026_catalog_version_changed"


def run(database_url, *args):
    result = manage(*args, DEBUG="1", DATABASE_URL=database_url)
    assert result.returncode == 0, result.stderr
    return result.stdout


@contextmanager
def cursor_on(database_url):
    """A cursor on the scratch database, straight through the driver: reading a few tables
    needs no Django process of its own."""
    if database_url.startswith("sqlite:///"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as db:
            yield db.cursor()
    else:
        with psycopg.connect(database_url) as db, db.cursor() as cursor:
            yield cursor


def links(database_url):
    """Every (table, record, source) the citation tables hold, and whether the AI uses'
    citation table has the note column (the migration adds it)."""
    rows = []
    with cursor_on(database_url) as cursor:
        for model in CITATION_MODELS:
            table = model._meta.db_table
            record = model._meta.get_field("record").column
            cursor.execute(f"SELECT {record}, source_id FROM {table}")
            rows += [(table, *row) for row in cursor.fetchall()]
        cursor.execute("SELECT * FROM catalog_aiuse_sources WHERE 1 = 0")
        columns = [column[0] for column in cursor.description]
    return set(rows), "note" in columns


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


def test_every_citation_of_the_seed_survives_the_migration_back_and_forth(
    request, tmp_path, migrated_database
):
    if connection.vendor != "postgresql":
        copy = tmp_path / "migration.sqlite3"
        shutil.copyfile(migrated_database.removeprefix("sqlite:///"), copy)
        database_url = f"sqlite:///{copy}"
        run(database_url, "seed", "fixtures/seed.json", "-v0")
        check_round_trip(database_url)
        return
    with scratch_database(
        "test_migration", template=request.getfixturevalue("seeded_database")
    ) as name:
        check_round_trip(scratch_url(name))
