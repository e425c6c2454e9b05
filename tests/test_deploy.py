"""The documented production environment: `check --deploy` is clean, HTTPS switches work,
`make serve` stops with one line when a required setting is missing, and so do the catalog's
commands on a database nobody migrated.

Each case runs in a subprocess, because settings are read once at start-up.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETTING_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "HTTPS",
    "SECURE_PROXY_SSL_HEADER",
    "ADMIN_URL",
    "STATICFILES_BACKEND",
    "CACHE_URL",
    # Set for the browser tests in this same run; Django's deploy check rightly objects to it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    # The test settings (pytest sets it): these cases run the production settings, as
    # manage.py and make serve do.
    "DJANGO_SETTINGS_MODULE",
}
# The environment README's "Production" section documents for a site behind a TLS proxy.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "inframe.example.org",
    "HTTPS": "1",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in SETTING_VARIABLES}
    return subprocess.run(
        args, cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def manage(*args, **env):
    return run([sys.executable, "manage.py", *args], **env)


def test_check_deploy_is_clean_in_the_documented_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_complains_when_https_is_off():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "HTTPS": "0"})
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr


PROBE = """
import json
from django.test import Client
client = Client()
plain = client.get("/admin/login/", HTTP_HOST="inframe.example.org")
proxied = client.get(
    "/admin/login/", HTTP_HOST="inframe.example.org", HTTP_X_FORWARDED_PROTO="https"
)
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
    "status": proxied.status_code,
    "hsts": proxied.headers.get("Strict-Transport-Security"),
    "csrf_cookie_secure": proxied.cookies["csrftoken"]["secure"],
    "csrf_cookie_samesite": proxied.cookies["csrftoken"]["samesite"],
}))
"""


def probe(**env):
    # The probe renders the admin's login page; with no collectstatic run in a test, static
    # files are named by their plain paths rather than looked up in a manifest.
    env.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
    result = manage("shell", "--no-imports", "-c", PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_over_https_behind_a_proxy_hsts_and_secure_cookies_are_sent():
    seen = probe(**PRODUCTION)
    assert seen["plain_status"] == 301
    assert seen["plain_location"] == "https://inframe.example.org/admin/login/"
    assert seen["status"] == 200
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["csrf_cookie_secure"] is True
    assert seen["csrf_cookie_samesite"] == "Lax"


def test_without_https_nothing_redirects_and_no_hsts_is_sent():
    seen = probe(**{**PRODUCTION, "HTTPS": "0", "SECURE_PROXY_SSL_HEADER": ""})
    assert seen["plain_status"] == 200
    assert seen["hsts"] is None
    assert seen["csrf_cookie_secure"] == ""


def test_make_serve_without_secret_key_prints_one_line_not_a_traceback():
    result = run(["make", "serve"], DEBUG="1", ALLOWED_HOSTS="inframe.example.org")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Configuration error: SECRET_KEY is not set." in output
    assert "Traceback" not in output


def test_make_serve_without_allowed_hosts_prints_one_line_not_a_traceback():
    result = run(["make", "serve"], SECRET_KEY=PRODUCTION["SECRET_KEY"])
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Configuration error: ALLOWED_HOSTS is not set." in output
    assert "Traceback" not in output


ADMIN_PROBE = """
from django.urls import reverse
from django.test import Client
client = Client(HTTP_HOST="localhost")
robots = client.get("/robots.txt").content.decode()
print(reverse("admin:index"), client.get("/admin/").status_code, client.get("/editors-7f3a/").url)
print("robots.txt names the admin:", "editors-7f3a" in robots)
"""


def test_admin_url_moves_with_the_setting():
    result = manage(
        "shell", "--no-imports", "-c", ADMIN_PROBE, DEBUG="1", ADMIN_URL="editors-7f3a/"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "/editors-7f3a/",
        "404",
        "/editors-7f3a/login/?next=/editors-7f3a/",
        "robots.txt",
        "names",
        "the",
        "admin:",
        "False",
    ]


def test_a_bad_admin_url_is_refused_with_a_clear_message():
    result = manage("check", DEBUG="1", ADMIN_URL="/admin")
    assert result.returncode != 0
    assert "Configuration error: ADMIN_URL must be a path like 'admin/'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_cache_url_is_refused_with_one_line():
    result = manage("check", DEBUG="1", CACHE_URL="redis://127.0.0.1:6379/zero")
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "Configuration error: CACHE_URL's path is the database number, e.g. /0; got '/zero'."
    )


@pytest.mark.parametrize(
    "command",
    [["seed"], ["create_editor", "ana", "ana@example.com", "--password", "ana-pw-12345!"]],
    ids=["seed", "create_editor"],
)
def test_a_command_on_a_database_nobody_migrated_says_to_migrate(tmp_path, command):
    result = manage(*command, DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("CommandError: The database lacks ")
    assert "run `python manage.py migrate` first" in result.stderr
