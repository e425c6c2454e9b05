"""A PostgreSQL database of a test's own, beside the test database, dropped afterwards.

Tests that need committed rows seen by other processes (two app servers, `pg_dump`) or that
migrate back and forth run against one, so the test database stays as the models expect for
the tests after them, and nothing another test leaves behind reaches them.

Those that start from a migrated and seeded database get a copy of one made once per run
(`seeded_template`, the `seeded_database` fixture in tests/conftest.py): PostgreSQL copies a
database's files in well under a second, where `seed` alone takes over 10 s. The migrated
part is itself a copy: of the test database, taken when the migrations have just made it and no
test has written to it yet (`migrated_copy`, the `migrated_database` fixture), since `migrate`
in a subprocess of its own would run the same migrations again.
"""

import secrets
import sqlite3
import time
from contextlib import closing, contextmanager

import psycopg
from django.db import connection
from psycopg import sql


def server():
    """How to reach the test database's PostgreSQL server, as psycopg's keyword arguments."""
    database = connection.settings_dict
    return {
        "user": database["USER"],
        "password": database["PASSWORD"],
        "host": database["HOST"] or "127.0.0.1",
        "port": str(database["PORT"] or "5432"),
    }


def url(name):
    where = server()
    return f"postgres://{where['user']}:{where['password']}@{where['host']}:{where['port']}/{name}"


@contextmanager
def admin_connection():
    with psycopg.connect(dbname="postgres", autocommit=True, **server()) as admin:
        yield admin


@contextmanager
def scratch_database(prefix, template=None):
    """A new database named `<prefix>_<random>`, empty or a copy of the database `template`:
    yields its name, drops it on exit."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with admin_connection() as admin:
        for attempt in range(20):
            try:
                admin.execute(create)
                break
            except psycopg.errors.ObjectInUse:
                # A copy needs the template to have no session; the one that had it (the
                # process that seeded it) may still be closing.
                if attempt == 19:
                    raise
                time.sleep(0.5)
        try:
            yield name
        finally:
            drop(admin, name)


@contextmanager
def migrated_copy(folder):
    """A copy of the test database as the migrations (run by pytest-django, as `manage.py
    migrate` runs them) made it, for scratch databases to start from: its DATABASE_URL.

    Taken before any test runs: on PostgreSQL a database copied from the test database, which
    needs every session to it closed (Django's own included, reopened on its next query) and is
    closed to connections afterwards, so that copies of it can be taken in turn; on SQLite the
    in-memory test database written to a file in `folder`. Dropped or removed on exit."""
    if connection.vendor == "postgresql":
        connection.close()
        with scratch_database("test_migrated", template=connection.settings_dict["NAME"]) as name:
            close_to_connections(name)
            yield url(name)
        return
    path = folder / "migrated.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
    yield f"sqlite:///{path}"


@contextmanager
def seeded_template(migrated):
    """A database seeded by `manage.py seed` in a subprocess, as an operator does it, on a copy
    of `migrated` (a database name, from `migrated_copy`), for copies to start from; closed to
    connections once made, so that no session (an autovacuum worker included) holds it when a
    copy is taken. Dropped on exit."""
    from tests.test_deploy import manage

    with scratch_database("test_seeded", template=migrated) as name:
        result = manage("seed", "-v0", DEBUG="1", DATABASE_URL=url(name))
        assert result.returncode == 0, result.stderr
        close_to_connections(name)
        yield name


def close_to_connections(name):
    with admin_connection() as admin:
        admin.execute(
            sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS false").format(sql.Identifier(name))
        )


def drop(admin, name):
    """Drop the database `name`, ending what is still connected to it.

    A plain DROP goes first: PostgreSQL stops an autovacuum worker busy in the database by
    itself, which `WITH (FORCE)` refuses to do for a role that is not a superuser (the worker
    belongs to no role). FORCE is for our own sessions still open after a few seconds, such as
    a server a failed test left running.
    """
    database = sql.Identifier(name)
    try:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(database))
    except psycopg.errors.ObjectInUse:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
