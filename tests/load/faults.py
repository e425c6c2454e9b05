"""Fault drill: the site under load while its parts fail, one at a time, on 127.0.0.1 only.

Loads the seed into DATABASE_URL (a scratch PostgreSQL database on this host), starts the
production server (`make serve`), and keeps readers busy on its public pages while an editor
commits a new record every half second. Then, in turn:

- `postgres`: stops the PostgreSQL cluster (fast shutdown, every connection cut) for 3 s and
  starts it again;
- `redis`: when CACHE_URL names a Redis on this host, stops it for 3 s and starts it again;
- `worker`: kills one gunicorn worker with SIGKILL (the master starts another);
- `cache`: fills the database-backed cache table far past its MAX_ENTRIES.

For each it reports the requests served, the errors by status, the longest request, and the
time from the part being back to the last failed request. It passes when no request gets a
500, every answer while the database is away is a 503 with Retry-After, the site recovers
within 5 s of the part coming back, no request takes longer than the database connect timeout
plus 2 s, and every edit the editor saw committed is in the database at the end.

    DATABASE_URL=postgres://... make faults               # every fault
    DATABASE_URL=postgres://... make faults FAULTS=postgres,worker   # CI's short version

Needs root (or the postgres user's rights) to stop and start the cluster: PG_CLUSTER names it
("15 main" by default). Stops everything it started, whatever happens.
"""

import http.client
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.load.soak import children, crawl, free_port, get, gunicorn_master  # noqa: E402

READERS = int(os.environ.get("READERS", "8"))
RECOVERY_LIMIT = 5.0
PG_CLUSTER = os.environ.get("PG_CLUSTER", "15 main").split()
CACHE_ROWS = 20_000


@dataclass
class Answer:
    started: float
    ended: float
    status: object  # an HTTP status, or the name of the socket error
    retry_after: bool = False
    traceback: bool = False


@dataclass
class Window:
    name: str
    started: float
    back: float = 0.0  # when the part was back
    ended: float = 0.0
    notes: list = field(default_factory=list)


class Readers:
    """READERS threads, each requesting the crawled URLs in turn, as fast as answered."""

    def __init__(self, port, urls):
        self.port, self.urls = port, urls
        self.answers, self.lock = [], threading.Lock()
        self.stop = threading.Event()
        self.threads = [
            threading.Thread(target=self.read, args=(i,), daemon=True) for i in range(READERS)
        ]

    def read(self, offset):
        position = offset * 7
        while not self.stop.is_set():
            path = self.urls[position % len(self.urls)]
            position += 1
            started = time.monotonic()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                answer = Answer(
                    started,
                    time.monotonic(),
                    response.status,
                    retry_after=response.getheader("Retry-After") is not None,
                    traceback=b"Traceback" in body,
                )
                connection.close()
            except OSError as error:
                answer = Answer(started, time.monotonic(), type(error).__name__)
                time.sleep(0.05)
            with self.lock:
                self.answers.append(answer)

    def between(self, start, end):
        with self.lock:
            return [a for a in self.answers if start <= a.started < end]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=35)


class Editor:
    """Commits a new source every half second through the ORM, noting each that committed."""

    def __init__(self):
        self.committed, self.failed = [], 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.edit, daemon=True)

    def edit(self):
        from django.db import connection

        from catalog.models import Source

        run = secrets.token_hex(3)
        n = 0
        while not self.stop.wait(0.5):
            n += 1
            slug = f"fault-drill-{run}-{n}"
            try:
                Source.objects.create(slug=slug, title=f"Fault drill edit {n}")
            except Exception:
                self.failed += 1
                connection.close()
            else:
                self.committed.append(slug)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=30)


def wait_until(check, timeout, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return False


def database_answers():
    return (
        subprocess.run(
            ["pg_isready", "-q", "-h", DB.hostname, "-p", str(DB.port or 5432)]
        ).returncode
        == 0
    )


def fault_postgres(window):
    subprocess.run(["pg_ctlcluster", *PG_CLUSTER, "stop", "-m", "fast"], check=True)
    window.notes.append("PostgreSQL stopped for 3 s")
    time.sleep(3)
    subprocess.run(["pg_ctlcluster", *PG_CLUSTER, "start"], check=True)
    wait_until(database_answers, 30)
    window.back = time.monotonic()


def fault_redis(window):
    cache = urlsplit(os.environ["CACHE_URL"])
    port = str(cache.port or 6379)
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", port, "shutdown", "nosave"])
    window.notes.append(f"Redis on port {port} stopped for 3 s")
    time.sleep(3)
    subprocess.run(
        [
            "redis-server",
            "--port",
            port,
            "--bind",
            "127.0.0.1",
            "--daemonize",
            "yes",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wait_until(
        lambda: (
            subprocess.run(
                ["redis-cli", "-p", port, "ping"], capture_output=True, text=True
            ).stdout.strip()
            == "PONG"
        ),
        10,
    )
    window.back = time.monotonic()


def fault_worker(window):
    master = SERVER["master"]
    workers = sorted(children(master))
    os.kill(workers[0], signal.SIGKILL)
    window.notes.append(f"worker {workers[0]} killed ({len(workers)} running)")
    wait_until(
        lambda: len(children(master)) == len(workers) and workers[0] not in children(master), 30
    )
    window.back = time.monotonic()


def fault_cache(window):
    from django.conf import settings
    from django.db import connection

    table = settings.CACHES["default"].get("LOCATION")
    if settings.CACHES["default"]["BACKEND"] != "django.core.cache.backends.db.DatabaseCache":
        window.notes.append("the default cache is not the database table: nothing to fill")
        window.back = time.monotonic()
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (cache_key, value, expires) "
            "SELECT 'fault-drill:' || g, repeat('x', 2000), now() + interval '1 day' "
            "FROM generate_series(1, %s) AS g",
            [CACHE_ROWS],
        )
        cursor.execute(f"SELECT count(*) FROM {table}")
        window.notes.append(f"cache table filled to {cursor.fetchone()[0]} rows")
    window.back = time.monotonic()


FAULTS = {
    "postgres": fault_postgres,
    "redis": fault_redis,
    "worker": fault_worker,
    "cache": fault_cache,
}
SERVER = {}
DB = None


def judge(window, answers, connect_timeout):
    served = [a for a in answers if isinstance(a.status, int) and a.status < 400]
    failed = [a for a in answers if a not in served]
    by_status = {}
    for answer in failed:
        by_status[answer.status] = by_status.get(answer.status, 0) + 1
    longest = max((a.ended - a.started for a in answers), default=0.0)
    last_failure = max((a.ended for a in failed), default=window.back)
    recovery = max(0.0, last_failure - window.back)
    problems = []
    if any(a.status == 500 or a.traceback for a in answers):
        problems.append("a 500 or a traceback")
    if any(a.status == 503 and not a.retry_after for a in answers):
        problems.append("a 503 without Retry-After")
    if recovery > RECOVERY_LIMIT:
        problems.append(f"recovery took {recovery:.1f} s")
    if longest > connect_timeout + 2:
        problems.append(f"a request took {longest:.1f} s")
    return {
        "fault": window.name,
        "served": len(served),
        "errors": ", ".join(f"{n} × {s}" for s, n in sorted(by_status.items(), key=str)) or "none",
        "longest": f"{longest:.2f} s",
        "recovery": f"{recovery:.2f} s",
        "result": "; ".join(problems) or "ok",
        "notes": "; ".join(window.notes),
    }


def main():
    global DB
    database = os.environ.get("DATABASE_URL", "")
    DB = urlsplit(database)
    if DB.scheme not in ("postgres", "postgresql") or DB.hostname not in ("127.0.0.1", "localhost"):
        sys.exit(
            "make faults runs on a PostgreSQL on this host: DATABASE_URL=postgres://...@127.0.0.1/db"
        )
    wanted = os.environ.get("FAULTS", "postgres,redis,worker,cache").split(",")
    if "redis" in wanted and not os.environ.get("CACHE_URL", "").startswith("redis://"):
        wanted.remove("redis")
        print("Skipping the Redis fault: CACHE_URL does not name a Redis.")
    unknown = set(wanted) - set(FAULTS)
    if unknown:
        sys.exit(f"Unknown fault(s): {', '.join(sorted(unknown))}. Known: {', '.join(FAULTS)}.")

    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WORKERS": os.environ.get("WORKERS", "3"),
    }
    os.environ.update({k: env[k] for k in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run([python, "manage.py", "seed", "-v0"], cwd=ROOT, env=env, check=True)

    import django

    django.setup()
    from django.conf import settings

    connect_timeout = int(settings.DATABASES["default"]["OPTIONS"].get("connect_timeout", 5))

    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve"], cwd=ROOT, env=env, start_new_session=True
    )
    try:
        return drill(server, port, wanted, connect_timeout)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        # Whatever happened, leave the database running.
        if not database_answers():
            subprocess.run(["pg_ctlcluster", *PG_CLUSTER, "start"])


def drill(server, port, wanted, connect_timeout):
    base = f"http://127.0.0.1:{port}"
    if not wait_until(lambda: _answers(base), 60, step=0.5):
        sys.exit("The server did not answer within 60 s.")
    SERVER["master"] = gunicorn_master(server.pid)
    urls = crawl(base, limit=150)
    print(f"{len(urls)} URLs, {READERS} readers, faults: {', '.join(wanted)}")

    from django.db import connection

    from catalog.models import Source

    rows = []
    with Readers(port, urls) as readers, Editor() as editor:
        time.sleep(3)
        for name in wanted:
            window = Window(name, time.monotonic())
            FAULTS[name](window)
            time.sleep(RECOVERY_LIMIT + 2)  # let it recover, and see that it stays recovered
            window.ended = time.monotonic()
            rows.append(
                judge(window, readers.between(window.started, window.ended), connect_timeout)
            )
            print(f"  {name}: {rows[-1]['result']}", flush=True)
        baseline = readers.between(0, time.monotonic())
    connection.close()  # opened before a fault, perhaps
    present = set(Source.objects.filter(slug__in=editor.committed).values_list("slug", flat=True))
    lost = [slug for slug in editor.committed if slug not in present]
    Source.objects.filter(slug__startswith="fault-drill-").delete()

    print()
    print("| Fault | Served | Errors | Longest request | Recovery | Result |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['fault']} ({row['notes']}) | {row['served']} | {row['errors']} | "
            f"{row['longest']} | {row['recovery']} | {row['result']} |"
        )
    print()
    print(
        f"{len(baseline)} requests in all; the editor committed {len(editor.committed)} edits "
        f"({editor.failed} refused while a part was down), {len(lost)} lost."
    )
    failures = [f"{row['fault']}: {row['result']}" for row in rows if row["result"] != "ok"]
    if lost:
        failures.append(f"{len(lost)} committed edits lost: {', '.join(lost[:5])}")
    if failures:
        sys.exit("FAULTS FAILED: " + "; ".join(failures))
    print("FAULTS PASSED: no 500, recovery within 5 s, no stall past the timeout, no edit lost.")
    return 0


def _answers(base):
    try:
        return get(base + "/")[0] == 200
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
