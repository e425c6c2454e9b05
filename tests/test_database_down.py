"""While the database does not answer, a reader gets a short 503 page with Retry-After in the
site's design, never a 500 or a traceback; other errors still give the 500 page.

Each case runs the production settings in a subprocess pointed at a database that cannot be
reached: a SQLite file in a folder that does not exist, and a PostgreSQL port nothing listens
on. Settings are read once at start-up, hence the subprocess.
"""

import json
import socket

import pytest
from django.test import RequestFactory

from catalog.errors import server_error
from tests.test_deploy import PRODUCTION, manage

PROBE = """
import json
from django.test import Client
client = Client(raise_request_exception=False)
answers = {}
for path in ["/", "/tools/", "/productions/el-eternauta/", "/search/?q=vfx", "/tags/"]:
    response = client.get(path, HTTP_HOST="inframe.example.org", secure=True)
    answers[path] = {
        "status": response.status_code,
        "retry_after": response.headers.get("Retry-After"),
        "cache_control": response.headers.get("Cache-Control"),
        "body": response.content.decode(),
    }
print(json.dumps(answers))
"""


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends


def probe(database_url):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        PROBE,
        **PRODUCTION,
        DATABASE_URL=database_url,
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "database_url",
    [
        "sqlite:///no-such-folder/catalog.sqlite3",
        f"postgres://inframe:inframe@127.0.0.1:{closed_port()}/inframe?connect_timeout=2",
    ],
    ids=["sqlite", "postgresql"],
)
def test_every_page_answers_503_with_retry_after_while_the_database_is_down(database_url):
    for path, answer in probe(database_url).items():
        assert answer["status"] == 503, path
        assert answer["retry_after"] == "5", path
        assert answer["cache_control"] == "no-store", path
        assert "Back in a moment" in answer["body"], path
        assert "Traceback" not in answer["body"]
        # The page is the site's own, with its navigation.
        assert 'href="/tools/"' in answer["body"], path


def test_an_error_that_is_not_the_database_still_gives_the_500_page():
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    assert "Something went wrong on our side" in response.content.decode()
