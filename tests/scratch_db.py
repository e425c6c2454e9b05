"""A PostgreSQL database of a test's own, beside the test database, dropped afterwards.

Tests that need committed rows seen by other processes (two app servers, `pg_dump`) or that
migrate back and forth run against one, so the test database stays as the models expect for
the tests after them, and nothing another test leaves behind reaches them.
"""

import secrets
from contextlib import contextmanager

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
    return (
        f"postgres://{where['user']}:{where['password']}@{where['host']}:{where['port']}/{name}"
    )


@contextmanager
def admin_connection():
    with psycopg.connect(dbname="postgres", autocommit=True, **server()) as admin:
        yield admin


@contextmanager
def scratch_database(prefix):
    """A new, empty database named `<prefix>_<random>`: yields its name, drops it on exit."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    with admin_connection() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield name
        finally:
            drop(admin, name)


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
