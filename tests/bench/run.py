"""The benchmark behind `make bench`: every page type against the framework's floor.

It serves the site with gunicorn in production settings on PostgreSQL (persistent connections,
WhiteNoise, DEBUG off) on 127.0.0.1, loads each page with wrk at 8 connections, and writes a
markdown table and a JSON file to bench-results/. The floor is /healthz, a constant response
from the same server in the same run; each page's throughput is reported as a share of it.
SQL queries per page are counted in this process, with Django's test client on the same
database. The database is created, migrated and filled with a generated catalog on first use.

Not a test module (pytest does not collect it): run `make bench`, or
`python -m tests.bench.run --help` for the knobs.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE = "postgres://inframe:inframe@127.0.0.1:5432/inframe_bench_big"
RESULTS = ROOT / "bench-results"

# Targets, checked on every row. Repeat visits (one URL over and over, the page cache):
REPEAT_MIN_SHARE, REPEAT_MAX_P99 = 0.45, 50.0
# The long tail, a different URL every request: kind -> (least share of the floor, the
# percentile with a bound, its bound in ms).
TAIL_TARGETS = {
    "records": (0.10, "p99_ms", 100.0),
    "lists": (0.08, "p99_ms", 100.0),
    "tags": (0.05, None, None),
    "searches": (0.05, "p95_ms", 100.0),
    "mix": (0.08, None, None),
    "conditional": (0.40, None, None),
}
# The mix: record pages 4 : list pages 1 : tag pages 1 : searches 1.
MIX_WEIGHTS = {"records": 4, "lists": 1, "tags": 1, "searches": 1}
# Record pages whose ETags the conditional row fetches first, then asks for in turn.
CONDITIONAL_URLS = 300
# Pages that aggregate over the whole catalog: their first render after an edit, in-process.
FIRST_RENDER_MAX_MS = 50.0
WORKER_MAX_RSS_MB = 150


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--productions", type=int, default=100_000, help="when generating")
    parser.add_argument("--duration", type=int, default=6, help="seconds of load per page")
    parser.add_argument("--warmup", type=int, default=1, help="seconds before each measure")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 3)))
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--common-word", default="city")
    parser.add_argument("--rare-word", default="zeppelin")
    parser.add_argument("--only", default="", help="measure only pages whose name has this")
    parser.add_argument(
        "--tail-urls", type=int, default=4000, help="different URLs per long-tail row"
    )
    parser.add_argument("--seed", type=int, default=1, help="of the long tail's random picks")
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/8"),
        help="the shared cache the servers use (CACHE_URL, emptied first), as on more than one "
        "machine; used only if a Redis answers there, else the embedded default; 'none' for it",
    )
    return parser.parse_args()


def shared_cache(url):
    """`url` if a Redis answers there (emptied), else None: the embedded default cache."""
    if not url or url == "none":
        return None
    import redis

    try:
        server = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        server.flushdb()
    except redis.RedisError:
        return None
    return url


def production_environment(database_url, cache_url=None):
    """The settings `make serve` would use: DEBUG off, PostgreSQL, persistent connections, and
    the shared cache if there is one."""
    env = dict(os.environ)
    env.pop("CACHE_URL", None)
    if cache_url:
        env["CACHE_URL"] = cache_url
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-" + os.urandom(16).hex(),
        ALLOWED_HOSTS="127.0.0.1,testserver",
        CONN_MAX_AGE=os.environ.get("CONN_MAX_AGE", "600"),
        LOG_LEVEL="ERROR",
        # The site's settings, plus the reference page's address (tests/bench/reference.py).
        DJANGO_SETTINGS_MODULE="tests.bench.settings",
    )
    return env


def ensure_database(database_url):
    """Create the benchmark database if it does not exist yet (the role needs CREATEDB)."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"Creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pick_pages(args):
    """Every page to measure, as (name, kind, url); records chosen as the most linked ones."""
    from django.db.models import Count
    from taggit.models import TaggedItem

    from catalog.models import (
        AITool,
        AIUse,
        Controversy,
        Credit,
        Person,
        Production,
        Source,
        Stage,
        Studio,
    )

    def top(queryset, field):
        row = queryset.values(field).annotate(n=Count("pk")).order_by("-n", field).first()
        return row[field] if row else None

    def most_cited_source():
        through = AIUse.sources.through
        return top(through.objects.all(), "source_id")

    pages = [("/healthz (floor)", "floor", "/healthz"), ("home", "aggregate", "/")]
    for name, prefix in [
        ("productions", "/productions/"),
        ("studios", "/studios/"),
        ("tools", "/tools/"),
        ("controversies", "/controversies/"),
        ("people", "/people/"),
        ("sources", "/sources/"),
    ]:
        pages.append((f"{name} list", "list", prefix))
        pages.append((f"{name} list, deep page", "list", deep_page(prefix)))
    details = [
        ("production", Production, top(AIUse.objects.all(), "production_id")),
        ("studio", Studio, top(AIUse.objects.all(), "studio_id")),
        ("tool", AITool, top(AIUse.objects.all(), "tool_id")),
        (
            "controversy",
            Controversy,
            top(Controversy.productions.through.objects.all(), "controversy_id"),
        ),
        ("person", Person, top(Credit.objects.all(), "person_id")),
        ("source", Source, most_cited_source()),
    ]
    for name, model, pk in details:
        record = model.objects.filter(pk=pk).first() if pk else model.objects.first()
        if record:
            pages.append((f"{name} detail (most linked)", "detail", record.get_absolute_url()))
    stage = Stage.objects.annotate(n=Count("ai_uses")).order_by("-n").first()
    if stage:
        pages.append((f"stage {stage.slug}", "aggregate", stage.get_absolute_url()))
    tag_id = top(TaggedItem.objects.all(), "tag_id")
    tag = TaggedItem.tag_model().objects.filter(pk=tag_id).first()
    if tag:
        pages.append((f"tag {tag.name} (most used)", "aggregate", f"/tags/{tag.slug}/"))
    pages.append(("tags", "aggregate", "/tags/"))
    pages.append(("timeline", "aggregate", "/timeline/"))
    pages.append(
        (f"search common word “{args.common_word}”", "search", f"/search/?q={args.common_word}")
    )
    pages.append((f"search rare word “{args.rare_word}”", "search", f"/search/?q={args.rare_word}"))
    if tag:
        pages.append(
            (f"search tag name “{tag.name}”", "search", f"/search/?q={tag.name}".replace(" ", "+"))
        )
    return pages


def pick_long_tail(args):
    """Rows that ask for a different URL every request, as (name, kind, first, paths).

    wrk repeating one URL measures the page cache; real traffic is a long tail of readers and
    crawlers each asking for a different page, and after every edit every page is cold. Each
    row here draws its URLs at random (`--seed`), none shared with another row, so every
    request is rendered from the database: record pages of every type, list pages at every
    sort and a random page, tag pages alone and narrowed by a second tag, searches of varied
    words, a mix of those, and conditional GETs carrying the page's ETag (answered 304).
    """
    import math
    import random

    from django.db.models import Count
    from taggit.models import Tag

    from catalog import registry
    from catalog.views import PER_PAGE

    rng = random.Random(args.seed)
    wanted = args.tail_urls

    def draw(pool, n):
        taken = pool[:n]
        del pool[:n]
        return taken

    records = []
    # Record pages for their own row, the conditional GETs and the mix, the same number of
    # each type (or all of a smaller type).
    per_type = 3 * wanted // len(registry.TYPES) + 1
    for record_type in registry.TYPES:
        ids = list(record_type.model.objects.values_list("pk", flat=True))
        chosen = rng.sample(ids, min(len(ids), per_type))
        records += [
            record.get_absolute_url()
            for record in record_type.model.objects.filter(pk__in=chosen).only("pk", "slug")
        ]
    rng.shuffle(records)

    lists = []
    for record_type in registry.LISTED:
        pages = max(1, math.ceil(record_type.model.objects.count() / PER_PAGE))
        for sort in record_type.sorts:
            for page in rng.sample(range(1, pages + 1), min(pages, 2 * wanted)):
                lists.append(f"{record_type.list_url()}?sort={sort}&page={page}")
    rng.shuffle(lists)

    used = list(
        Tag.objects.annotate(n=Count("taggit_taggeditem_items"))
        .filter(n__gt=0)
        .values_list("slug", flat=True)
    )
    tags = [f"/tags/{slug}/" for slug in used]
    popular = used[: min(len(used), 50)]
    tags += [f"/tags/{a}/?and={b}" for a in used for b in rng.sample(popular, 6) if a != b]
    rng.shuffle(tags)

    words = set()
    for record_type in registry.SEARCHABLE:
        names = record_type.model.objects.values_list(record_type.name_field, flat=True)
        for name in names[:20000]:
            words.update(w.lower() for w in name.split() if w.isalpha() and len(w) > 3)
    words = sorted(words)
    queries = list(words)
    while len(queries) < 3 * wanted and len(words) > 1:  # two words when one runs short
        queries.append(" ".join(rng.sample(words, 2)))
    searches = [f"/search/?{urlencode({'q': query})}" for query in dict.fromkeys(queries)]
    rng.shuffle(searches)

    pools = {"records": records, "lists": lists, "tags": tags, "searches": searches}
    # The mix first, so that a kind with few URLs (searches) still has its share of it.
    mix = []
    while len(mix) < wanted and all(len(pools[k]) >= w for k, w in MIX_WEIGHTS.items()):
        for kind, weight in MIX_WEIGHTS.items():
            mix += draw(pools[kind], weight)
    rows = {kind: draw(pools[kind], wanted) for kind in ("records", "lists", "tags", "searches")}
    rows["mix"] = mix
    rows["conditional"] = draw(pools["records"], wanted)
    names = {
        "records": "record pages of every type",
        "lists": "list pages at every sort and a random page",
        "tags": "tag pages, alone and narrowed by a second tag",
        "searches": "searches of varied words",
        "mix": "mix: records 4, lists 1, tags 1, searches 1",
        "conditional": f"conditional GET of {CONDITIONAL_URLS} record pages with their ETags (304)",
    }
    return [
        (f"long tail: {names[kind]}", kind, paths[0], paths)
        for kind, paths in rows.items()
        if paths
    ]


def pick_reference(args):
    """Rows for the reference page (tests/bench/reference.py): as many one-row ORM queries as
    1, 5 and 15 (about a record page's count), a different first row every request."""
    import random

    from catalog.models import Production
    from tests.bench.reference import QUERY_COUNTS

    ids = list(Production.objects.values_list("pk", flat=True))
    if not ids:
        return []
    rng = random.Random(args.seed)
    rows = []
    for queries in QUERY_COUNTS:
        chosen = rng.sample(ids, min(len(ids), args.tail_urls))
        paths = [f"/bench/reference/{queries}/{pk}/" for pk in chosen]
        name = f"reference: {queries} one-row ORM quer{'y' if queries == 1 else 'ies'}, no page"
        rows.append((name, "reference", paths[0], paths))
    return rows


def with_etags(base, paths):
    """Each path with the ETag the server gives it now, for If-None-Match ("path\tetag")."""
    from concurrent.futures import ThreadPoolExecutor

    def etag(path):
        with urlopen(base + path, timeout=30) as response:
            response.read()
            return f"{path}\t{response.headers['ETag']}"

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(etag, paths))


def conditional_status(base, line):
    """The status a conditional GET of one of those lines gets (304 when the ETag holds)."""
    import http.client

    path, etag = line.split("\t")
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", path, headers={"If-None-Match": etag})
        return connection.getresponse().status
    finally:
        connection.close()


def deep_page(list_url):
    """The furthest page the first page links to (the last one, with numbered pagination)."""
    from django.test import Client

    response = Client().get(list_url)
    if response.status_code != 200:
        return list_url
    hrefs = re.findall(r'href="([^"]*[?&](?:amp;)?page=[^"]*)"', response.content.decode())
    best, best_number = None, 0
    for href in hrefs:
        href = href.replace("&amp;", "&")
        found = re.search(r"[?&]page=(\d+)", href)
        number = int(found.group(1)) if found else 0
        if best is None or number > best_number:
            best, best_number = href, number
    if best is None:
        return list_url
    return best if best.startswith("/") else list_url + best


def count_queries(url, renders=3):
    """Status, SQL queries cold and warm, and the first render's time, in this process.

    Each cold request follows a bump of the catalog version, as after an editor's change, so
    it renders the page from the database; the warm one is a repeat visit. The first render's
    time is the median of `renders` cold requests through the test client (no network).
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from catalog.cache import bump

    client = Client()
    timings = []
    for _ in range(renders):
        bump()
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
        cold = len(captured.captured_queries)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    warm = len(captured.captured_queries)
    return response.status_code, cold, warm, round(sorted(timings)[len(timings) // 2], 1)


def start_server(env, port, workers):
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--no-control-socket",
        "--access-logfile",
        "/dev/null",
        "--error-logfile",
        "-",
        "--log-level",
        "warning",
        "--timeout",
        "30",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with code {server.returncode}")
        try:
            # Every worker must be up, not only the listening socket: ask a few times.
            for _ in range(workers * 2):
                urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            break
        except OSError:
            time.sleep(0.3)
    else:
        stop_server(server)
        raise SystemExit("gunicorn did not start within 30 s")
    return server


def drain(base, workers, limit=60):
    """Wait until requests wrk left queued are answered, so they do not slow the next page."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        began = time.monotonic()
        try:
            for _ in range(workers):
                urlopen(f"{base}/healthz", timeout=limit).read()
        except OSError:
            continue
        if time.monotonic() - began < 0.5:
            return


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def worker_rss_mb(master_pid):
    """Resident memory of each gunicorn worker, read from /proc."""
    sizes = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != master_pid:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        if found:
            sizes.append(round(int(found.group(1)) / 1024, 1))
    return sorted(sizes)


def run_wrk(url, duration, connections, paths=None):
    """wrk on one URL or, given `paths`, on a different one of them each request."""
    script, env = "percentiles.lua", None
    if paths:
        RESULTS.mkdir(exist_ok=True)
        listing = RESULTS / "spread-paths.txt"
        listing.write_text("\n".join(paths) + "\n")
        script, env = "spread.lua", {**os.environ, "WRK_PATHS": str(listing)}
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "5s",
        "--latency",
        "--script",
        str(Path(__file__).with_name(script)),
        url,
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 30, check=True, env=env
    ).stdout
    if os.environ.get("BENCH_DEBUG"):
        print(output)
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    percentiles = re.search(r"PERCENTILES (\d+) (\d+) (\d+)", output).groups()
    for name, micros in zip(("p50_ms", "p95_ms", "p99_ms"), percentiles, strict=True):
        result[name] = round(int(micros) / 1000, 2)
    result["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    result["non_2xx"] = int(bad.group(1)) if bad else 0
    result["socket_errors"] = sum(map(int, errors.groups())) if errors else 0
    return result


def meets(row, floor_rps):
    share = row["rps"] / floor_rps if floor_rps else 0
    row["share_of_floor"] = round(share, 3)
    kind = row["kind"]
    if kind in ("floor", "reference"):
        row["meets_target"] = None
    elif kind in TAIL_TARGETS:
        least, percentile, bound = TAIL_TARGETS[kind]
        row["meets_target"] = share >= least and (not percentile or row[percentile] < bound)
    else:  # a repeat visit
        row["meets_target"] = share >= REPEAT_MIN_SHARE and row["p99_ms"] < REPEAT_MAX_P99
    if kind == "aggregate":
        row["first_render_meets_target"] = row["first_render_ms"] < FIRST_RENDER_MAX_MS
    expected = 304 if kind == "conditional" else 200
    if row["status"] != expected or row["non_2xx"] or row["socket_errors"]:
        row["meets_target"] = False


def target_text(kind):
    if kind in ("floor", "reference"):
        return kind
    if kind in TAIL_TARGETS:
        least, percentile, bound = TAIL_TARGETS[kind]
        bounded = f", {percentile[:3]} < {bound:.0f} ms" if percentile else ""
        return f"≥ {least:.0%}{bounded}"
    return f"≥ {REPEAT_MIN_SHARE:.0%}, p99 < {REPEAT_MAX_P99:.0f} ms"


def markdown(report):
    lines = [
        f"Benchmark {report['started']}: {report['machine']}",
        f"{report['productions']:,} productions on PostgreSQL; gunicorn with "
        f"{report['workers']} sync workers; wrk at {report['connections']} connections, "
        f"{report['duration']} s per page; cache: {report.get('cache', 'not recorded')}. "
        f"Floor (/healthz): {report['floor_rps']:.0f} req/s "
        f"(start {report['floor_start_rps']:.0f}, end {report['floor_end_rps']:.0f}).",
        "",
        "The first rows repeat one URL each, so after the first request a page comes from "
        "the page cache (one query: the catalog version). The “long tail” rows ask for a "
        "different URL every request, drawn at random: pages rendered from the database, as a "
        "crawler or the first reader after an edit gets them. “First render” is the median "
        "time to render the row's (first) page from the database right after an edit, in this "
        "process; for the pages that aggregate over the whole catalog its target is "
        f"{FIRST_RENDER_MAX_MS:.0f} ms. The “reference” rows have no target: a page that "
        "only runs that many one-row queries through the ORM and writes a line per row, a "
        "different row every request, shows what a page with as many queries can reach here.",
        "",
        "| page | req/s | share of floor | p50 ms | p95 ms | p99 ms | queries | first render ms "
        "| target | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in report["pages"]:
        verdict = {True: "met", False: "**missed**", None: ""}
        met = verdict[row["meets_target"]]
        first_render = f"{row['first_render_ms']:.0f}"
        if "first_render_meets_target" in row:
            first_render += f" ({verdict[row['first_render_meets_target']]})"
        queries = str(row["queries"])
        if row["queries_cold"] != row["queries"]:
            queries = f"{row['queries']} ({row['queries_cold']} cold)"
        lines.append(
            f"| {row['name']} | {row['rps']:.0f} | {row['share_of_floor']:.0%} | "
            f"{row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {queries} | "
            f"{first_render} | {target_text(row['kind'])} | {met} |"
        )
    rss = ", ".join(f"{mb:.0f}" for mb in report["worker_rss_mb"])
    verdict = "met" if report["rss_meets_target"] else "**missed**"
    lines += [
        "",
        f"Worker RSS after the run (MB): {rss} ({verdict}, target < {WORKER_MAX_RSS_MB}).",
    ]
    return "\n".join(lines) + "\n"


def machine():
    cpu = "unknown CPU"
    try:
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = found.group(1).strip() if found else cpu
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, Python {sys.version.split()[0]}"


def main():
    args = parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    database_url = args.database_url or DEFAULT_DATABASE
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("The benchmark runs on PostgreSQL: set BENCH_DATABASE_URL=postgres://...")
    cache_url = shared_cache(args.cache_url)
    env = production_environment(database_url, cache_url)
    os.environ.clear()
    os.environ.update(env)
    ensure_database(database_url)

    import django

    django.setup()
    from django.core.management import call_command

    from catalog.models import Production

    call_command("migrate", verbosity=0, interactive=False)
    if not Production.objects.exists():
        call_command("generate_catalog", productions=args.productions)
    call_command("collectstatic", verbosity=0, interactive=False)

    pages = pick_pages(args) + pick_long_tail(args) + pick_reference(args)
    if args.only:
        pages = [p for p in pages if p[1] == "floor" or args.only in p[0]]
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows = []
    server = start_server(env, port, args.workers)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        floor_end = None
        for name, kind, url, *paths in pages + [("/healthz (floor, end)", "floor", "/healthz")]:
            status, cold, warm, first_render = count_queries(url)
            if kind == "conditional":
                # A 304 is answered before any rendering or page cache (catalog.cache
                # http_cached), so cycling through a few hundred pages costs what as many
                # different ones would, and fetching their ETags first takes seconds.
                paths = [with_etags(base, paths[0][:CONDITIONAL_URLS])]
                status = conditional_status(base, paths[0][-1])
            if paths:  # no warm-up: it would put the first pages of the list in the cache
                result = run_wrk(base + url, args.duration, args.connections, paths[0])
            else:
                if args.warmup:
                    run_wrk(base + url, args.warmup, args.connections)
                result = run_wrk(base + url, args.duration, args.connections)
            drain(base, args.workers)
            row = {"name": name, "kind": kind, "url": url, "status": status}
            row.update(queries_cold=cold, queries=warm, first_render_ms=first_render, **result)
            if paths:
                row["urls"] = len(paths[0])
            print(
                f"{name:<44} {result['rps']:8.0f} req/s  p50 {result['p50_ms']:6.1f}  "
                f"p95 {result['p95_ms']:6.1f}  p99 {result['p99_ms']:6.1f} ms  "
                f"{warm} queries  HTTP {status}",
                flush=True,
            )
            if name.endswith("end)"):
                floor_end = row
            else:
                rows.append(row)
        rss = worker_rss_mb(server.pid)
    finally:
        stop_server(server)

    floor_start = rows[0]["rps"]
    floor_rps = (floor_start + floor_end["rps"]) / 2
    for row in rows:
        meets(row, floor_rps)
    report = {
        "started": started,
        "machine": machine(),
        "cache": f"Redis ({cache_url})" if cache_url else "the embedded default (no Redis)",
        "productions": Production.objects.count(),
        "workers": args.workers,
        "connections": args.connections,
        "duration": args.duration,
        "floor_rps": floor_rps,
        "floor_start_rps": floor_start,
        "floor_end_rps": floor_end["rps"],
        "pages": rows,
        "worker_rss_mb": rss,
        "rss_meets_target": bool(rss) and max(rss) < WORKER_MAX_RSS_MB,
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    table = markdown(report)
    for name in (f"bench-{stamp}", "latest"):
        (RESULTS / f"{name}.md").write_text(table)
        (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
    print()
    print(table)
    print(f"Written to {RESULTS / f'bench-{stamp}.md'} and .json")


if __name__ == "__main__":
    main()
