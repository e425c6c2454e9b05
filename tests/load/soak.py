"""Soak test: 60 s at 64 connections against `make serve` on PostgreSQL, on 127.0.0.1 only.

Loads the seed into DATABASE_URL (use a scratch database),
starts the production server, crawls its public pages for URLs, then drives them with wrk
while sampling each gunicorn worker's memory from /proc. Passes when there are no socket
errors, no 4xx or 5xx, and every worker's memory in the last 10 s is within 5 % (and 8 MB)
of the first 10 s. Stops the server it started, whatever happens.

    DATABASE_URL=postgres://... make soak       # DURATION, CONNECTIONS, WORKERS to change
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DURATION = int(os.environ.get("DURATION", "60"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "64"))
WINDOW = 10  # seconds compared at the start and the end
GROWTH_LIMIT = 0.05
GROWTH_FLOOR_KB = 8 * 1024
HREF = re.compile(r'href="(/[^"#]*)"')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode(errors="replace")


def crawl(base, limit=300):
    seen, queue = [], ["/"]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        status, page = get(base + path)
        seen.append(path)
        for link in HREF.findall(page):
            link = link.replace("&amp;", "&")
            if not link.startswith(("/static/", "/admin/")) and link not in seen:
                queue.append(link)
    return seen


def children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def rss_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def gunicorn_master(make_pid):
    for pid in children(make_pid):
        if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes():
            return pid
    return None


def main():
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith(("postgres://", "postgresql://")):
        sys.exit("make soak runs on PostgreSQL: set DATABASE_URL=postgres://user:pw@host/db.")
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WORKERS": os.environ.get("WORKERS", "3"),
    }
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run([python, "manage.py", "seed", "-v0"], cwd=ROOT, env=env, check=True)

    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve"], cwd=ROOT, env=env, start_new_session=True
    )
    try:
        return run(server, port)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def run(server, port):
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if get(base + "/")[0] == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        sys.exit("The server did not answer within 60 s.")
    urls = crawl(base)
    url_file = ROOT / "tests" / "load" / ".soak-urls.txt"
    url_file.write_text("\n".join(urls) + "\n")
    master = gunicorn_master(server.pid)
    workers = sorted(children(master))
    print(f"{len(urls)} URLs, {len(workers)} workers, {CONNECTIONS} connections, {DURATION} s")

    samples = {pid: [] for pid in workers}  # pid -> [(seconds, kB)]
    stop = threading.Event()

    def sample():
        start = time.monotonic()
        while not stop.wait(1):
            for pid in workers:
                if (kb := rss_kb(pid)) is not None:
                    samples[pid].append((time.monotonic() - start, kb))

    sampler = threading.Thread(target=sample)
    sampler.start()
    wrk = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "tests" / "load" / "urls.lua"),
            base,
        ],
        env={**os.environ, "SOAK_URLS": str(url_file)},
        capture_output=True,
        text=True,
        timeout=DURATION + 60,
    )
    stop.set()
    sampler.join()
    url_file.unlink()
    print(wrk.stdout)
    line = next((ln for ln in wrk.stdout.splitlines() if ln.startswith("SOAK ")), None)
    if wrk.returncode or line is None:
        print(wrk.stderr)
        sys.exit("wrk failed.")
    counts = {k: float(v) for k, v in (pair.split("=") for pair in line.split()[1:])}

    failures = []
    for key in ("4xx", "5xx", "connect", "read", "write", "timeout"):
        if counts[key]:
            failures.append(f"{int(counts[key])} {key}")
    for pid, points in samples.items():
        first = [kb for t, kb in points if t <= WINDOW]
        last = [kb for t, kb in points if t > DURATION - WINDOW]
        if len(points) < DURATION // 2 or not first or not last:
            failures.append(f"worker {pid}: restarted or gone during the run")
            continue
        before, after = sum(first) / len(first), sum(last) / len(last)
        growth = after - before
        print(
            f"worker {pid}: RSS {before / 1024:.1f} MB in the first {WINDOW} s, "
            f"{after / 1024:.1f} MB in the last {WINDOW} s ({growth / before:+.1%})"
        )
        if growth > max(GROWTH_LIMIT * before, GROWTH_FLOOR_KB):
            failures.append(f"worker {pid} grew {growth / 1024:.1f} MB")
    rate = counts["requests"] / DURATION
    print(
        f"{int(counts['requests'])} requests ({rate:.0f}/s), p50 {counts['p50_ms']} ms, "
        f"p99 {counts['p99_ms']} ms"
    )
    if failures:
        sys.exit("SOAK FAILED: " + "; ".join(failures))
    print("SOAK PASSED: no errors, no 4xx/5xx, worker memory flat.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
