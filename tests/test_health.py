"""/healthz says the process is up; /readyz says whether its database and caches answer."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent


def test_healthz_answers_without_the_database_or_a_session(client):
    # No django_db mark: touching the database here would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_readyz_answers_ok_when_the_database_and_every_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_names_a_cache_that_does_not_answer(client, tmp_path):
    # A file cache whose folder cannot be created (its parent is a file) refuses every write.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    broken = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(blocker / "cache"),
    }
    with override_settings(CACHES={**settings.CACHES, "shared": broken}):
        response = client.get("/readyz")
    assert response.status_code == 503
    text = response.content.decode()
    assert text == 'not ready: cache "shared" not answering\n'
    assert "Traceback" not in text and "Error" not in text
    assert "no-cache" in response["Cache-Control"]


READYZ_IN_A_FRESH_PROCESS = """
import time
import django
django.setup()
from django.test import Client
started = time.monotonic()
response = Client().get("/readyz")
print(
    response.status_code, round(time.monotonic() - started, 1), response.content.decode(), end=""
)
"""


def readyz_with_database_at(port):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"postgres://inframe:inframe@127.0.0.1:{port}/inframe",
        "DATABASE_CONNECT_TIMEOUT": "2",
        "LOG_LEVEL": "CRITICAL",
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", READYZ_IN_A_FRESH_PROCESS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    status, seconds, text = result.stdout.split(" ", 2)
    return int(status), float(seconds), text, time.monotonic() - started


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_readyz_answers_503_at_once_when_nothing_listens_on_the_database_port():
    status, seconds, text, _ = readyz_with_database_at(free_port())
    assert status == 503
    assert text == 'not ready: database "default", cache "default" (kept in the database) ' + (
        "not answering\n"
    )
    assert seconds < 3


def test_readyz_gives_up_on_a_database_that_never_answers_after_the_connect_timeout():
    # A port that accepts connections and never says a word, as a hung database server does.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        status, seconds, text, _ = readyz_with_database_at(silent.getsockname()[1])
    assert status == 503
    assert text.startswith('not ready: database "default"')
    assert seconds < 4  # DATABASE_CONNECT_TIMEOUT=2, tried once
