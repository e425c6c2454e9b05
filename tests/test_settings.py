"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import database_from_url, env_bool, env_int

ROOT = Path(__file__).resolve().parent.parent


def test_env_bool_rejects_garbage(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


def test_env_int_rejects_garbage(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER must be a whole number"):
        env_int("SOME_NUMBER", 1)


def test_postgres_url_is_parsed_with_persistent_connections():
    db = database_from_url("postgres://user:p%40ss@db.example:6543/frame?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "frame",
        "user",
        "p@ss",
        "db.example",
        "6543",
    )
    assert db["CONN_MAX_AGE"] > 0
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_sqlite_is_the_default_file_in_the_project_root():
    assert database_from_url("sqlite:///db.sqlite3")["NAME"] == ROOT / "db.sqlite3"


def test_unknown_database_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url("mysql://x/y")


def run_check(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        # DJANGO_SETTINGS_MODULE names the test settings: manage.py's own default is wanted.
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_gets_one_clear_message():
    result = run_check(DEBUG="0", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_without_allowed_hosts_gets_one_clear_message():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr
