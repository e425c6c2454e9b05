"""`make rehearse`: two app servers on one host, sharing one PostgreSQL and one Redis, as two
machines behind a load balancer would.

Starts a redis-server and two `make serve` app servers (gunicorn, production settings) on free
ports of 127.0.0.1, both with the same DATABASE_URL and CACHE_URL; loads a page through each
(the second is served what the first rendered, from Redis); edits the record through the first
server's admin; and shows the second serving the edited page on the very next request, its old
ETag no longer answered 304. Stops everything it started, whatever happens, within
TIME_LIMIT seconds. tests/test_rehearsal.py runs the same rehearsal on a scratch database.

    DATABASE_URL=postgres://inframe:inframe@127.0.0.1:5432/inframe_rehearsal make rehearse

The database is migrated and the seed loaded into it (use a scratch database; it is not
emptied). Both servers are reached under one host name, as behind a load balancer, so a page
has the same address, ETag and cache entry whichever server answers.
"""

import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import ExitStack
from html.parser import HTMLParser
from pathlib import Path

import redis as redis_lib

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
HOST_NAME = "inframe.test"  # the site's name, whichever server answers
TIME_LIMIT = 240  # seconds for the whole rehearsal, start-up included
TOOL = "facedirector"  # a record of the seed
# A new editor each run (the database is not emptied between runs), with a password sharing
# nothing with the name: Django's similarity check refused one that began with "rehearsal-"
# when the random rest happened to match the editor's email address closely enough.
EDITOR = (f"rehearsal-{secrets.token_hex(4)}", secrets.token_urlsafe(18))


class RehearsalFailed(Exception):
    pass


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Requests to one server under the site's host name; with a cookie jar when signed in."""

    def __init__(self, port, signed_in=False):
        self.base = f"http://127.0.0.1:{port}"
        handlers = [NoRedirect()]
        if signed_in:
            handlers.append(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, path, data=None, headers=None):
        """(status, headers, body) of GET path (POST when data is given)."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Host": HOST_NAME, **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:  # 3xx (not followed), 304, 4xx, 5xx
            return error.code, error.headers, error.read().decode()


class FormFields(HTMLParser):
    """The fields a browser would submit from the form with this id, as (name, value) pairs."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        kind = attrs.get("type", "text")
        if tag == "input" and "name" in attrs:
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select" and "name" in attrs:
            self.select = (attrs["name"], "multiple" in attrs, [])
        elif tag == "option" and self.select:
            self.select[2].append((attrs.get("value") or "", "selected" in attrs))
        elif tag == "textarea" and "name" in attrs:
            self.textarea = (attrs["name"], [])

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            name, multiple, options = self.select
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not multiple:
                chosen = [options[0][0]]
            self.fields += [(name, value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea:
            name, parts = self.textarea
            # A browser drops the newline that follows <textarea>, as Django writes it.
            self.fields.append((name, re.sub(r"^\r?\n", "", "".join(parts))))
            self.textarea = None


def edit_through_admin(port, new_name, say):
    """Sign in to this server's admin and rename the tool, as an editor would."""
    editor = Browser(port, signed_in=True)
    status, _, page = editor.request("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, headers, _ = editor.request(
        "/admin/login/?next=/admin/",
        {"csrfmiddlewaretoken": token, "username": EDITOR[0], "password": EDITOR[1]},
    )
    if status != 302:
        raise RehearsalFailed(f"signing in to the admin answered {status}, not a redirect")
    _, _, listing = editor.request(f"/admin/catalog/aitool/?q={TOOL}")
    change = re.search(r'href="(/admin/catalog/aitool/\d+/change/)', listing).group(1)
    _, _, form = editor.request(change)
    parser = FormFields("aitool_form")
    parser.feed(form)
    fields = [(k, new_name if k == "name" else v) for k, v in parser.fields] + [("_save", "1")]
    status, headers, page = editor.request(change, fields)
    if status != 302:
        errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
        raise RehearsalFailed(f"the admin refused the edit ({status}): {errors}")
    say(f"edited through server A's admin: POST {change} -> {status} {headers['Location']}")


def wait_until_answering(browser, process, deadline, name):
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RehearsalFailed(f"{name} stopped (exit {process.returncode}) before answering")
        try:
            if browser.request("/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RehearsalFailed(f"{name} did not answer in time")


def stop(process, grace=15):
    """Stop a process started in its own session, and everything it started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=grace)


def start(stack, args, env, log):
    process = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    stack.callback(stop, process)
    return process


def rehearse(database_url, say=print, prepare=True, workers=2):
    """The whole rehearsal; raises RehearsalFailed, saying what went wrong."""
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        raise RehearsalFailed("redis-server is not installed (apt-get install redis-server)")
    deadline = time.monotonic() + TIME_LIMIT
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rehearsal-")))
        log = stack.enter_context(open(folder / "servers.log", "w"))
        passed = False
        # On a failure, the servers' own words (read before the folder goes).
        stack.callback(lambda: passed or say("--- the servers' log ---\n" + tail(log.name)))
        redis_port, port_a, port_b = free_port(), free_port(), free_port()
        redis = start(
            stack,
            [redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""]
            + ["--dir", str(folder), "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"],
            os.environ,
            log,
        )
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST_NAME,
            "DATABASE_URL": database_url,
            "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
            "HOST": "127.0.0.1",
            "WORKERS": str(workers),
            "EDITOR_PASSWORD": EDITOR[1],
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)  # the production settings, as make serve has
        manage = [PYTHON, "manage.py"]
        if prepare:
            subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
            subprocess.run([*manage, "seed", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [*manage, "create_editor", EDITOR[0], "rehearsal@example.org", "--no-input"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        say(f"Redis on 127.0.0.1:{redis_port}, database {urllib.parse.urlsplit(database_url).path}")
        servers = {}
        for name, port in (("A", port_a), ("B", port_b)):
            # One after the other: each runs `make serve`'s migrate and collectstatic first.
            process = start(
                stack, ["make", "--no-print-directory", "serve"], {**env, "PORT": str(port)}, log
            )
            wait_until_answering(Browser(port), process, deadline, f"server {name}")
            servers[name] = Browser(port)
            say(f"server {name}: make serve on 127.0.0.1:{port}, {workers} workers")
        if redis.poll() is not None:
            raise RehearsalFailed("redis-server stopped")
        a, b = servers["A"], servers["B"]
        page = f"/tools/{TOOL}/"

        status, headers, first = a.request(page)
        check(status == 200, f"A answered {status} for {page}")
        etag = headers["ETag"]
        say(f"GET {page} via A: {status}, ETag {etag}, {len(first)} bytes")
        stats = redis_lib.Redis(port=redis_port).info("stats")
        status, headers_b, from_b = b.request(page)
        after_b = redis_lib.Redis(port=redis_port).info("stats")
        hits, misses = (after_b[k] - stats[k] for k in ("keyspace_hits", "keyspace_misses"))
        check(status == 200 and from_b == first, "B did not serve the page A rendered")
        check(headers_b["ETag"] == etag, "A and B gave the same page different ETags")
        check(misses == 0, f"B missed the cache {misses} times: it rendered the page again")
        say(f"GET {page} via B: {status}, same ETag, same bytes: Redis +{hits} hit, +0 misses")
        status, _, _ = b.request(page, headers={"If-None-Match": etag})
        check(status == 304, f"B answered {status} to If-None-Match with the current ETag")
        say(f"GET {page} via B with If-None-Match: {status} Not Modified")

        new_name = f"FaceDirector (rehearsed {time.strftime('%H:%M:%S')})"
        edit_through_admin(port_a, new_name, say)

        status, headers, after = b.request(page, headers={"If-None-Match": etag})
        check(status == 200, f"B answered {status} to the old ETag after the edit")
        check(new_name in after, "B served the page from before the edit")
        say(f"GET {page} via B with the old ETag: {status}, new ETag {headers['ETag']}")
        say(f'  the page now reads "{new_name}"')
        status, _, listing = b.request("/tools/")
        check(new_name in listing, "B's tools list does not show the edit")
        say("GET /tools/ via B: the list shows the new name too")
        if time.monotonic() > deadline:
            raise RehearsalFailed(f"the rehearsal took longer than {TIME_LIMIT} s")
        passed = True
    say("stopped both servers and Redis")


def check(condition, failure):
    if not condition:
        raise RehearsalFailed(failure)


def tail(path, size=4000):
    return Path(path).read_text(errors="replace")[-size:]


def main():
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith(("postgres://", "postgresql://")):
        sys.exit("make rehearse shares PostgreSQL: set DATABASE_URL=postgres://user:pw@host/db.")
    try:
        rehearse(database)
    except (RehearsalFailed, subprocess.CalledProcessError) as error:
        sys.exit(f"Rehearsal failed: {error}")
    print("Rehearsal passed: an edit through one server showed at once on the other.")


if __name__ == "__main__":
    main()
