"""Check every source's link and record what it gave (catalog.models.LinkStatus).

Fetches go through the outbound fence (catalog/outbound.py), several at a time (a bounded
thread pool, at most two at once per host), each ending by `--timeout` seconds. The workers
only fetch; this thread records each result as it comes, writing the source's link-check
fields and nothing else (no version, no `updated` time), so an interrupted run keeps what it
checked. A source whose URL an editor changes during the run is left for the next one.
"""

import logging
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import timedelta
from urllib.parse import urlsplit

from django.core.management.base import CommandError
from django.db.models import Q
from django.utils import timezone

from catalog import outbound
from catalog.management.commands._catalog import CatalogCommand
from catalog.models import LinkStatus, Source

logger = logging.getLogger(__name__)

PER_HOST = 2  # fetches at once to one host: a publisher with many sources is not hammered
PROBLEMS = [LinkStatus.BROKEN, LinkStatus.UNREACHABLE, LinkStatus.REFUSED, LinkStatus.REDIRECTED]


def check(url, timeout, slots):
    """(status, HTTP status or None, note) for one URL, through the fence."""
    with slots:
        try:
            response = outbound.fetch(url, timeout=timeout, read_body=False)
        except outbound.Refused as error:
            if error.redirects:
                return LinkStatus.REFUSED, None, f"redirects to {error.url}: {error.reason}"
            return LinkStatus.REFUSED, None, error.reason
        except outbound.TooManyRedirects as error:
            return LinkStatus.BROKEN, error.redirects[-1][0], f"{error} (a redirect loop?)"
        except outbound.OutboundError as error:
            return LinkStatus.UNREACHABLE, None, via(error.redirects, str(error))
        except Exception as error:  # one odd answer must not stop the run: logged, recorded
            logger.exception("Checking %s failed", url)
            return LinkStatus.UNREACHABLE, None, f"unexpected error: {type(error).__name__}"
    status = response.status
    if 200 <= status < 300:
        if response.redirects:
            return LinkStatus.REDIRECTED, status, via(response.redirects, f"now at {response.url}")
        return LinkStatus.OK, status, ""
    return LinkStatus.BROKEN, status, via(response.redirects, f"{status} {response.reason}")


def via(redirects, note):
    if not redirects:
        return note
    return f"{note} (after {len(redirects)} redirect{'s' if len(redirects) > 1 else ''})"


def plain(text):
    """Progress in the terminal's own colour (Django shows standard error in red)."""
    return text


class Progress:
    """A bar on a terminal; on anything else (a log, a pipe) a line every tenth of the way."""

    WIDTH = 30

    def __init__(self, stream, total, enabled):
        self.stream, self.total, self.enabled = stream, total, enabled and total > 0
        self.tty = self.enabled and stream.isatty()
        self.shown_tenth = 0

    def update(self, done, counts):
        if not self.enabled:
            return
        tally = ", ".join(f"{counts[status]} {status}" for status in LinkStatus if counts[status])
        if self.tty:
            filled = self.WIDTH * done // self.total
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {done}/{self.total}  {tally}\033[K", plain, ending="")
            self.stream.flush()
            if done == self.total:
                self.stream.write("", plain)
        elif done * 10 // self.total > self.shown_tenth or done == self.total:
            self.shown_tenth = done * 10 // self.total
            self.stream.write(f"Checked {done}/{self.total}: {tally}", plain)


class Command(CatalogCommand):
    help = (
        "Check every source's URL (concurrently, through the outbound fence) and record its "
        "link status, HTTP status and the time checked. Deletes and changes nothing else."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="only these sources (by slug)")
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--only-unchecked", action="store_true", help="only sources never checked"
        )
        which.add_argument(
            "--older-than",
            type=float,
            metavar="DAYS",
            help="only sources never checked or last checked more than DAYS days ago",
        )
        parser.add_argument(
            "--workers", type=int, default=8, help="fetches at once, 1 to 32 (default 8)"
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=outbound.TIMEOUT,
            help=f"seconds per source, redirects included, 1 to 120 (default {outbound.TIMEOUT:g})",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        workers, timeout = options["workers"], options["timeout"]
        if not 1 <= workers <= 32:
            raise CommandError(f"--workers must be from 1 to 32; got {workers}.")
        if not 1 <= timeout <= 120:
            raise CommandError(f"--timeout must be from 1 to 120 seconds; got {timeout:g}.")
        sources = Source.objects.order_by("pk")
        if options["slugs"]:
            sources = sources.filter(slug__in=options["slugs"])
            missing = set(options["slugs"]) - set(sources.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No source has the slug {', '.join(sorted(missing))}.")
        if options["only_unchecked"]:
            sources = sources.filter(link_status=LinkStatus.UNCHECKED)
        elif options["older_than"] is not None:
            if options["older_than"] < 0:
                raise CommandError("--older-than takes a number of days, 0 or more.")
            since = timezone.now() - timedelta(days=options["older_than"])
            sources = sources.filter(Q(link_checked__isnull=True) | Q(link_checked__lt=since))
        without_url = sources.filter(url="").count()
        todo = list(sources.exclude(url="").values_list("pk", "slug", "url"))

        started = time.monotonic()
        results, counts = self.run(todo, workers, timeout, options)
        elapsed = time.monotonic() - started
        self.summarise(results, counts, without_url, elapsed)

    def run(self, todo, workers, timeout, options):
        # Made here, before any worker starts: one semaphore per host.
        slots = defaultdict(lambda: threading.BoundedSemaphore(PER_HOST))
        for _pk, _slug, url in todo:
            slots[host_of(url)]  # noqa: B018 -- creates the host's semaphore
        progress = Progress(
            self.stderr, len(todo), enabled=options["verbosity"] > 0 and not options["no_progress"]
        )
        counts, results = Counter(), []
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="check-sources") as pool:
            futures = {
                pool.submit(check, url, timeout, slots[host_of(url)]): (pk, slug, url)
                for pk, slug, url in todo
            }
            try:
                for done, future in enumerate(as_completed(futures), start=1):
                    pk, slug, url = futures[future]
                    status, http_status, note = future.result()
                    recorded = Source.objects.filter(pk=pk, url=url).update(
                        link_status=status,
                        link_checked=timezone.now(),
                        link_http_status=http_status,
                        link_note=note[:300],
                    )
                    outcome = status if recorded else "skipped"
                    counts[outcome] += 1
                    results.append((outcome, slug, url, http_status, note))
                    progress.update(done, counts)
            except KeyboardInterrupt:
                for future in futures:
                    future.cancel()
                self.stderr.write("\nInterrupted: the sources checked so far are recorded.")
                sys.exit(130)
        return results, counts

    def summarise(self, results, counts, without_url, elapsed):
        checked = sum(counts.values())
        tally = ", ".join(f"{counts[status]} {status}" for status in LinkStatus if counts[status])
        line = f"Checked {checked} source{'s' if checked != 1 else ''} in {elapsed:.1f} s"
        self.stdout.write(f"{line}: {tally}." if tally else f"{line}.")
        for status in PROBLEMS:
            listed = sorted(
                (slug, url, http_status, note)
                for outcome, slug, url, http_status, note in results
                if outcome == status
            )
            if listed:
                self.stdout.write(f"\n{LinkStatus(status).label}:")
                for slug, url, http_status, note in listed:
                    self.stdout.write(f"  {slug}  {url}\n      {note or http_status}")
        if counts["skipped"]:
            self.stdout.write(
                f"{counts['skipped']} left unrecorded: their URL changed during the check."
            )
        if without_url:
            self.stdout.write(
                f"{without_url} source{'s have' if without_url != 1 else ' has'} no URL to check."
            )


def host_of(url):
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
