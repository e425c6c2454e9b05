"""The restore drill of SECURITY.md, on PostgreSQL: `pg_dump` a database holding the seed, restore
the dump into a new database with `pg_restore`, and find every table's rows there unchanged."""

import os
import shutil
import subprocess

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which("pg_dump") or not shutil.which("pg_restore"),
        reason="pg_dump and pg_restore are not installed",
    ),
]


def connect(settings, name):
    return psycopg.connect(
        dbname=name,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        autocommit=True,
    )


def contents(conn):
    """Each table's row count and a digest of its rows, in a fixed order."""
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    found = {}
    for table in tables:
        found[table] = conn.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
            f'FROM "{table}" t'
        ).fetchone()
    return found


def test_pg_dump_and_pg_restore_bring_back_every_row(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the drill is for PostgreSQL (DATABASE_URL=postgres://...)")
    call_command("seed", verbosity=0)
    settings = connection.settings_dict
    name = settings["NAME"]
    drill = f"{name}_drill"
    env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
    where = ["-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432)]
    where += ["-U", settings["USER"]]
    dump = tmp_path / "catalog.dump"
    subprocess.run(["pg_dump", *where, "-Fc", "-f", str(dump), name], env=env, check=True)

    with connect(settings, "postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{drill}"')
        admin.execute(f'CREATE DATABASE "{drill}"')
    try:
        subprocess.run(
            ["pg_restore", *where, "--no-owner", "--no-comments", "--exit-on-error"]
            + ["-d", drill, str(dump)],
            env=env,
            check=True,
        )
        with connect(settings, name) as original, connect(settings, drill) as restored:
            before, after = contents(original), contents(restored)
        assert after == before
        assert before["catalog_production"][0] > 0 and before["django_migrations"][0] > 0
    finally:
        with connect(settings, "postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{drill}"')
