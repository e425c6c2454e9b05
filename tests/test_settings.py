"""Settings come from the environment and fail loudly on bad values."""

import os
import runpy
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
    assert db["OPTIONS"] == {
        "sslmode": "require",
        "connect_timeout": "5",
        "server_side_binding": True,
        "prepare_threshold": 2,
    }


def test_prepared_statements_can_be_turned_off_for_a_pooler_that_cannot_keep_them(monkeypatch):
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "off")
    assert database_from_url("postgres://u@h/db")["OPTIONS"] == {"connect_timeout": "5"}


def test_database_connect_timeout_comes_from_the_environment_unless_the_url_sets_it(
    monkeypatch,
):
    monkeypatch.setenv("DATABASE_CONNECT_TIMEOUT", "2")
    assert database_from_url("postgres://u@h/db")["OPTIONS"]["connect_timeout"] == "2"
    url = "postgres://u@h/db?connect_timeout=9"
    assert database_from_url(url)["OPTIONS"]["connect_timeout"] == "9"


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


SETTINGS_FILE = ROOT / "config" / "settings.py"
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"}


def load_settings(monkeypatch, **env):
    """Run config/settings.py afresh with these environment variables (production otherwise)."""
    for name, value in {**PRODUCTION, **env}.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "postgres://u:p@db.example:99999/frame"),
        ("DATABASE_URL", "postgres://u:p@db.example:0/frame"),
        ("DATABASE_URL", "postgres://u:p@db.example:54x2/frame"),
        ("DATABASE_URL", "postgres://u:p@db.example:-1/frame"),
        ("DATABASE_URL", "postgres://u:p@[::1/frame"),
        ("DATABASE_URL", "postgres://u:p@db.example/frame?sslmod=require"),
        ("DATABASE_URL", "postgres://u:p@db.example:5432/"),
        ("DATABASE_URL", "mysql://u:p@db.example/frame"),
        ("DATABASE_URL", "db.sqlite3"),
        ("DATABASE_URL", "sqlite:///"),
        ("DATABASE_CONNECT_TIMEOUT", "0"),
        ("DATABASE_CONNECT_TIMEOUT", "soon"),
        ("CONN_MAX_AGE", "-1"),
        ("DATABASE_PREPARED_STATEMENTS", "sometimes"),
        ("DEBUG", "maybe"),
        ("ALLOWED_HOSTS", "https://example.org"),
        ("ALLOWED_HOSTS", "example.org/frame"),
        ("ADMIN_URL", "/admin"),
        ("LOGIN_FAILURE_LIMIT", "0"),
        ("LOGIN_FAILURE_LIMIT", "five"),
        ("LOGIN_COOLOFF_MINUTES", "-5"),
        ("LOGIN_COOLOFF_MINUTES", "99999999999999999999"),
        ("CLIENT_IP_HEADER", "X-Real-IP: 1.2.3.4"),
        ("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto https"),
        ("HTTPS", "sometimes"),
        ("SECURE_HSTS_SECONDS", "-1"),
        ("SECURE_HSTS_PRELOAD", "2"),
        ("CSRF_TRUSTED_ORIGINS", "www.example.org"),
        ("CSRF_TRUSTED_ORIGINS", "https://[www.example.org"),
        ("CSRF_TRUSTED_ORIGINS", "https://www.example.org:99999"),
        ("STATICFILES_BACKEND", "whitenoise.storage.NoSuchStorage"),
        ("LOG_LEVEL", "LOUD"),
        ("CACHE_URL", "127.0.0.1:6379"),
        ("CACHE_URL", "memcached://127.0.0.1:11211"),
        ("CACHE_URL", "redis://127.0.0.1:99999/0"),
        ("CACHE_URL", "redis://127.0.0.1:6379/zero"),
        ("CACHE_URL", "redis:///0"),
        ("CACHE_URL", "redis://127.0.0.1:6379/0?socket_timeout=soon"),
        ("CACHE_URL", "redis://127.0.0.1:6379/0?sockettimeout=1"),
        ("HTTP_CACHE_MAX_AGE", "-1"),
        ("HTTP_CACHE_S_MAXAGE", "a while"),
        ("HTTP_CACHE_STALE_WHILE_REVALIDATE", "-60"),
    ],
)
def test_every_unusable_setting_is_refused_naming_its_variable(monkeypatch, name, value):
    if name == "HTTPS" or name.startswith("SECURE_HSTS"):
        monkeypatch.setenv("HTTPS", "1")
    with pytest.raises(ImproperlyConfigured, match=name):
        load_settings(monkeypatch, **{name: value})


def test_usable_settings_load(monkeypatch):
    loaded = load_settings(
        monkeypatch,
        DATABASE_URL="postgres://u:p@db.example:6543/frame?sslmode=require&connect_timeout=3",
        CONN_MAX_AGE="0",
        ALLOWED_HOSTS="example.org, .example.org",
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_COOLOFF_MINUTES="15",
        CLIENT_IP_HEADER="X-Real-IP",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        HTTPS="1",
        SECURE_HSTS_SECONDS="0",
        CSRF_TRUSTED_ORIGINS="https://www.example.org",
        STATICFILES_BACKEND="",
        LOG_LEVEL="info",
        CACHE_URL="redis://cache.internal:6380/2",
        HTTP_CACHE_S_MAXAGE="600",
    )
    database = loaded["DATABASES"]["default"]
    assert (database["PORT"], database["CONN_MAX_AGE"]) == ("6543", 0)
    assert database["OPTIONS"] == {
        "sslmode": "require",
        "connect_timeout": "3",
        "server_side_binding": True,
        "prepare_threshold": 2,
    }
    assert loaded["AXES_FAILURE_LIMIT"] == 3
    assert loaded["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert loaded["LOGGING"]["root"]["level"] == "INFO"
    assert loaded["CACHES"]["pages"]["LOCATION"] == "redis://cache.internal:6380/2"
    assert loaded["CACHES"]["default"]["BACKEND"].endswith("RedisCache")
    assert loaded["HTTP_CACHE_S_MAXAGE"] == 600
    assert loaded["STORAGES"]["staticfiles"]["BACKEND"].startswith("whitenoise.")


def test_a_database_url_with_a_bad_port_stops_start_up_with_one_line():
    result = run_check(**PRODUCTION, DATABASE_URL="postgres://u:p@db.example:99999/frame")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "Configuration error: DATABASE_URL is not a valid URL: Port out of range 0-65535."
    )
