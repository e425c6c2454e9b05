"""The restore drill of SECURITY.md, on PostgreSQL: `pg_dump` a database holding the seed, restore
the dump into a new database with `pg_restore`, and find every table's rows there unchanged.

The drill runs on databases of its own (tests/scratch_db.py), the first a copy of the run's
database migrated and seeded by `manage.py` in a subprocess as an operator would: nothing
another test leaves in the test database, or writes to it meanwhile, can make the two sides
differ.
"""

import os
import shutil
import subprocess

import psycopg
import pytest
from django.db import connection

from tests.scratch_db import scratch_database, server

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the drill is for PostgreSQL (DATABASE_URL=postgres://...)",
    ),
    pytest.mark.skipif(
        not shutil.which("pg_dump") or not shutil.which("pg_restore"),
        reason="pg_dump and pg_restore are not installed",
    ),
    pytest.mark.django_db,  # only for the test databases to be set up: the drill has its own
]


def contents(name):
    """Each table's row count and a digest of its rows, in a fixed order."""
    with psycopg.connect(dbname=name, autocommit=True, **server()) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            table: conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f'FROM "{table}" t'
            ).fetchone()
            for table in tables
        }


def test_pg_dump_and_pg_restore_bring_back_every_row(tmp_path, seeded_database):
    where = server()
    env = {**os.environ, "PGPASSWORD": where["password"] or ""}
    options = ["-h", where["host"], "-p", where["port"], "-U", where["user"]]
    dump = tmp_path / "catalog.dump"
    with (
        scratch_database("test_drill", template=seeded_database) as original,
        scratch_database("test_drill") as restored,
    ):
        subprocess.run(["pg_dump", *options, "-Fc", "-f", str(dump), original], env=env, check=True)
        subprocess.run(
            ["pg_restore", *options, "--no-owner", "--no-comments", "--exit-on-error"]
            + ["-d", restored, str(dump)],
            env=env,
            check=True,
        )
        before, after = contents(original), contents(restored)
    assert after == before
    assert before["catalog_production"][0] > 40, "the seed and the sourced catalog are there"
    assert before["django_migrations"][0] > 0
