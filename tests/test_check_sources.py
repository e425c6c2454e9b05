"""`manage.py check_sources`: every source's link checked through the fence against a local
server (CI has no internet), its result recorded, nothing else changed; the archived copy and
the link status in the admin, on the source page and in the exports."""

import csv
import io
import socket
import threading
import time
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from catalog import outbound
from catalog.models import LinkStatus, Source

pytestmark = pytest.mark.django_db


def make_source(slug, url, **fields):
    return Source.objects.create(slug=slug, title=f"Report {slug}", url=url, **fields)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("check_sources", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def dns_fails_for_invalid(monkeypatch):
    """The resolver, and only it, answers "no such host" for .invalid names."""
    real = outbound.getaddrinfo

    def getaddrinfo(host, port, *args):
        if host.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, port, *args)

    monkeypatch.setattr(outbound, "getaddrinfo", getaddrinfo)


@pytest.fixture
def sources(local_server, dns_fails_for_invalid):
    """One source per outcome, all on the local server but two."""
    server = local_server
    server.route("/story")
    server.redirect("/moved", "/story", status=301)
    server.route("/gone", status=404, body=b"gone")
    server.route("/fails", status=500, body=b"oops")
    server.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
    server.redirect("/loop", "/loop")
    made = {
        "works": make_source("works", server.url("/story")),
        "moved": make_source("moved", server.url("/moved")),
        "gone": make_source("gone", server.url("/gone")),
        "fails": make_source("fails", server.url("/fails")),
        "to-metadata": make_source("to-metadata", server.url("/to-metadata")),
        "loop": make_source("loop", server.url("/loop")),
        "internal": make_source("internal", f"http://localhost:{server.port}/story"),
        "no-such-host": make_source("no-such-host", "https://news.invalid/story"),
        "no-url": make_source("no-url", ""),
    }
    return made


def test_each_source_gets_its_status(sources, local_server):
    before = timezone.now()
    out, err = run("--timeout", "5")
    after = timezone.now()
    found = {
        source.slug: (source.link_status, source.link_http_status)
        for source in Source.objects.all()
    }
    assert found == {
        "works": (LinkStatus.OK, 200),
        "moved": (LinkStatus.REDIRECTED, 200),
        "gone": (LinkStatus.BROKEN, 404),
        "fails": (LinkStatus.BROKEN, 500),
        "to-metadata": (LinkStatus.REFUSED, None),
        "loop": (LinkStatus.BROKEN, 302),
        "internal": (LinkStatus.REFUSED, None),
        "no-such-host": (LinkStatus.UNREACHABLE, None),
        "no-url": (LinkStatus.UNCHECKED, None),
    }
    checked = Source.objects.exclude(slug="no-url")
    assert all(before <= source.link_checked <= after for source in checked)
    assert Source.objects.get(slug="no-url").link_checked is None
    notes = dict(Source.objects.values_list("slug", "link_note"))
    assert notes["moved"] == f"now at {local_server.url('/story')} (after 1 redirect)"
    assert notes["to-metadata"] == (
        "redirects to http://169.254.169.254/latest/meta-data/: "
        "169.254.169.254, a link-local address"
    )
    assert "localhost resolves to 127.0.0.1, a loopback address" in notes["internal"]
    assert "news.invalid: host not found" in notes["no-such-host"]
    # The metadata address was never asked: the redirect to it was refused.
    assert local_server.hits["/to-metadata"] == 1


def test_the_summary_counts_each_status_and_lists_the_failing_links(sources):
    out, err = run("--timeout", "5")
    first = out.splitlines()[0]
    assert first.startswith("Checked 8 sources in ")
    assert first.endswith(": 1 ok, 1 redirected, 3 broken, 1 unreachable, 2 refused.")
    broken = out.split("Broken (an error status):")[1].split("\n\n")[0]
    assert "gone  " in broken and "404 Not Found" in broken
    assert "fails  " in broken and "500 Internal Server Error" in broken
    assert "loop  " in broken and "more than 5 redirects" in broken
    assert "works" not in broken
    assert "no-such-host" in out.split("Unreachable (no answer):")[1]
    refused = out.split("Refused by the outbound fence:")[1]
    assert "to-metadata" in refused and "internal" in refused
    assert "1 source has no URL to check." in out
    # Progress, on standard error (not a terminal here: a line per tenth of the way).
    assert err.splitlines()[-1] == (
        "Checked 8/8: 1 ok, 1 redirected, 3 broken, 1 unreachable, 2 refused"
    )


def test_only_the_link_check_fields_change(sources):
    """Nothing is deleted, no editor's field or timestamp moves, no version is added."""
    fields = ["slug", "title", "url", "publisher", "summary", "created", "updated"]
    before = list(Source.objects.order_by("pk").values(*fields))
    versions = Source.history.count()
    run("--timeout", "5")
    assert list(Source.objects.order_by("pk").values(*fields)) == before
    assert Source.history.count() == versions


def test_only_unchecked_and_older_than(sources):
    run("works", "gone")
    assert set(Source.objects.exclude(link_status="unchecked").values_list("slug", flat=True)) == {
        "works",
        "gone",
    }
    out, _err = run("--only-unchecked", "--timeout", "5")
    assert out.startswith("Checked 6 sources")
    Source.objects.filter(slug="works").update(link_checked=timezone.now() - timedelta(days=10))
    out, _err = run("--older-than", "7")
    assert out.startswith("Checked 1 source in ") and ": 1 ok." in out.splitlines()[0]
    out, _err = run("--older-than", "7")
    assert out.startswith("Checked 0 sources")


def test_bad_options_are_refused(db):
    with pytest.raises(CommandError, match="--workers must be from 1 to 32"):
        run("--workers", "0")
    with pytest.raises(CommandError, match="--timeout must be from 1 to 120"):
        run("--timeout", "600")
    with pytest.raises(CommandError, match="No source has the slug nope"):
        run("nope")
    with pytest.raises(CommandError):
        run("--only-unchecked", "--older-than", "3")


def test_fetches_run_concurrently_and_at_most_two_at_once_per_host(local_server):
    in_flight, most = 0, 0
    lock = threading.Lock()

    def slow(handler):
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        time.sleep(0.3)
        with lock:
            in_flight -= 1
        handler.answer(200, b"ok")

    for n in range(6):
        local_server.routes[f"/slow-{n}"] = slow
        make_source(f"slow-{n}", local_server.url(f"/slow-{n}"))
    run("--workers", "8")
    assert most == 2
    most = 0
    run("--workers", "1")
    assert most == 1
    assert set(Source.objects.values_list("link_status", flat=True)) == {"ok"}


def test_a_slow_source_ends_as_unreachable_at_the_timeout(local_server):
    local_server.slow("/slow", seconds=3)
    make_source("slow", local_server.url("/slow"))
    started = time.monotonic()
    out, _err = run("--timeout", "1")
    assert time.monotonic() - started < 2.5
    source = Source.objects.get()
    assert source.link_status == LinkStatus.UNREACHABLE
    assert "no complete answer in 1 s" in source.link_note


def test_the_seed_without_internet_is_reported_unreachable(seed, monkeypatch):
    """No network (as in CI): every source is unreachable, clearly, and the run completes."""

    def getaddrinfo(host, port, *args):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(outbound, "getaddrinfo", getaddrinfo)
    out, _err = run()
    # The article's seed gives its sources no URL: nothing to fetch, and it says so.
    count = Source.objects.count()
    assert out.splitlines() == [
        "Checked 0 sources in 0.0 s.",
        f"{count} sources have no URL to check.",
    ]
    for source in Source.objects.all():
        Source.objects.filter(pk=source.pk).update(url=f"https://www.example.com/{source.slug}")
    out, _err = run()
    assert out.splitlines()[0].endswith(f": {count} unreachable.")
    assert "Temporary failure in name resolution" in out
    assert set(Source.objects.values_list("link_status", flat=True)) == {"unreachable"}


# Saving a source keeps the checker's result ----------------------------------------------------


def test_an_editors_save_keeps_the_latest_result_and_a_new_url_starts_unchecked(db):
    source = make_source("report", "https://example.org/a")
    stale = Source.objects.get(pk=source.pk)  # a form opened before the check
    Source.objects.filter(pk=source.pk).update(
        link_status=LinkStatus.BROKEN, link_http_status=404, link_checked=timezone.now()
    )
    stale.title = "Report, retitled"
    stale.save()
    source.refresh_from_db()
    assert (source.title, source.link_status, source.link_http_status) == (
        "Report, retitled",
        "broken",
        404,
    )
    source.url = "https://example.org/b"
    source.save()
    source.refresh_from_db()
    assert (source.link_status, source.link_http_status, source.link_checked) == (
        "unchecked",
        None,
        None,
    )


# Where editors and readers see it --------------------------------------------------------------


def test_the_admin_filters_sources_by_link_status(admin_client_logged_in):
    make_source("fine", "https://example.org/fine")
    make_source("dead", "https://example.org/dead")
    Source.objects.filter(slug="dead").update(link_status=LinkStatus.BROKEN, link_http_status=404)
    response = admin_client_logged_in.get("/admin/catalog/source/?link_status__exact=broken")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Report dead" in page and "Report fine" not in page
    assert "By link status" in page and "Broken (an error status)" in page


def test_the_admin_source_screen_edits_the_archive_and_shows_the_check(admin_client_logged_in):
    source = make_source("dead", "https://example.org/dead")
    Source.objects.filter(pk=source.pk).update(
        link_status=LinkStatus.BROKEN, link_http_status=404, link_note="404 Not Found"
    )
    url = f"/admin/catalog/source/{source.pk}/change/"
    page = admin_client_logged_in.get(url).content.decode()
    assert 'name="archive_url"' in page and 'name="archived_on"' in page
    assert 'name="link_status"' not in page  # shown, not editable
    assert "Broken (an error status)" in page and "404 Not Found" in page
    response = admin_client_logged_in.post(
        url,
        {
            "title": source.title,
            "slug": source.slug,
            "url": source.url,
            "archive_url": "https://web.archive.org/web/20250718/https://example.org/dead",
            "archived_on": "2025-07-18",
        },
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.archived_on == date(2025, 7, 18)
    assert source.link_status == LinkStatus.BROKEN  # the check's result stays


def test_a_date_archived_needs_the_archived_copy(admin_client_logged_in):
    source = make_source("report", "https://example.org/a")
    response = admin_client_logged_in.post(
        f"/admin/catalog/source/{source.pk}/change/",
        {"title": source.title, "slug": source.slug, "archived_on": "2025-07-18"},
    )
    assert response.status_code == 200
    assert "A date archived needs the archived copy&#x27;s URL." in response.content.decode()


def test_the_source_page_links_the_archived_copy(client):
    archive = "https://web.archive.org/web/20250718/https://example.org/dead"
    make_source(
        "dead", "https://example.org/dead", archive_url=archive, archived_on=date(2025, 7, 18)
    )
    make_source("alive", "https://example.org/alive")
    page = client.get("/sources/dead/").content.decode()
    assert f'<a href="{archive}" rel="external noopener">archived copy</a>, 18 July 2025' in page
    assert "archived copy" not in client.get("/sources/alive/").content.decode()


def test_the_exports_carry_the_archive_and_the_link_check(client):
    make_source(
        "dead",
        "https://example.org/dead",
        archive_url="https://web.archive.org/web/2025/https://example.org/dead",
        archived_on=date(2025, 7, 18),
    )
    checked = timezone.now()
    Source.objects.update(link_status=LinkStatus.BROKEN, link_http_status=404, link_checked=checked)
    fields = client.get("/sources/dead.json").json()["fields"]
    assert fields["archive_url"] == "https://web.archive.org/web/2025/https://example.org/dead"
    assert fields["archived_on"] == "2025-07-18"
    assert (fields["link_status"], fields["link_http_status"]) == ("broken", 404)
    assert fields["link_checked"].startswith(checked.isoformat()[:19])
    assert "link_note" not in fields
    response = client.get("/sources.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["archived_on"] == "2025-07-18" and rows[0]["link_status"] == "broken"
    assert rows[0]["link_http_status"] == "404"


def test_on_a_terminal_the_progress_is_a_bar():
    from django.core.management.base import OutputWrapper

    from catalog.management.commands.check_sources import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    progress = Progress(OutputWrapper(terminal), total=4, enabled=True)
    progress.update(1, Counter(ok=1))
    progress.update(4, Counter(ok=3, broken=1))
    assert terminal.getvalue() == (
        "\r[#######-----------------------] 1/4  1 ok\033[K"
        "\r[##############################] 4/4  3 ok, 1 broken\033[K\n"
    )
