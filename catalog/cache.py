"""Caches that last until the next edit of the catalog: the server's own, and browsers', proxies'
and CDNs' (HTTP caching).

The catalog's version is one number in a one-row table (catalog.models.CatalogVersion), with
the time it last moved. An edit moves it on with one UPDATE in the edit's own transaction
(bump(), called by the receivers in catalog/signals.py), so the new version and the edit become
visible together: a reader who sees the new version sees the edit, in every server process on
every machine, and a rolled-back edit rolls back its bump too. (A change made outside a
transaction, in a shell, commits just before its bump: the admin, the commands and the tests
make theirs inside one.) A transaction moves the version once, however many rows, links and
tags it changes, unless it read the version in between (then its next change moves it again).
Reading the version is one query. Everything cached is keyed by it, so nobody reads a value
computed before an edit.

A version number is never used twice: a bump sets it to the current time in microseconds
when that is ahead of the number plus one, so neither a rolled-back bump nor a table emptied
by `flush` (the row is recreated on the next read or bump) brings back an old number that a
cache may still hold.

Four things are cached under it:
- remember(): aggregates that are slow to compute at scale (counts, a tag's records, the timeline),
  in settings.CACHES["default"]: the database's cache table, or Redis with CACHE_URL.
- in_process(): small values many pages read (the list pages' tag menu), in each process's
  memory.
- cached_page(): the whole HTML of a public page, as an anonymous reader gets it (compressed
  if large), in settings.CACHES["pages"]: each process's memory, or Redis with CACHE_URL,
  which every worker of every app server then shares. A repeat visit costs one query, the
  version.
- HTTP caching (cached_page() and http_cached(), headers in catalog/http_cache.py): an
  anonymous reader's page, export or feed carries a strong ETag made of the version, the
  address and the code's release (and the day, for pages), and Last-Modified, the time the
  version last moved. A request that sends either back is answered 304 Not Modified after
  reading the version alone, with nothing rendered.

Keys also hold the release(), a digest of the code, templates and static files, so a deploy
never serves a page or an aggregate the old code computed, even from a shared Redis.

A cache that does not answer (Redis down or unreachable) is not an error: the page is computed
from the database, a warning is logged, and that cache is left alone for RETRY_AFTER seconds,
so no request waits for it meanwhile.
"""

import hashlib
import logging
import sys
import time
import zlib
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import cache as once
from functools import wraps
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import BigIntegerField, F, Value
from django.db.models.functions import Greatest, Now
from django.http import HttpResponse, QueryDict
from django.middleware.csp import get_nonce
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response

from catalog.http_cache import make_private, make_public, strong_etag
from catalog.models import CatalogVersion

logger = logging.getLogger(__name__)

_MISSING = object()
# A page larger than this is kept compressed (zlib's fastest level: HTML shrinks 5 to 10 times
# in a few milliseconds), and one larger than this even compressed is rendered every time
# rather than crowding the others out of the cache. Smaller pages are kept as they are:
# decompressing every repeat visit cost a fifth to a third of their throughput.
MAX_CACHED_PAGE_BYTES = 256 * 1024
PAGE_COMPRESSION_LEVEL = 1
# After a cache fails to answer, how long it is left alone before it is tried again.
RETRY_AFTER = 5.0


class Version(NamedTuple):
    n: int
    changed: object  # an aware datetime


# The version a request's public response is computed from: everything it reads under that
# request (a cached page's aggregates, an export's "generated") reuses it, no re-read.
_request_version = ContextVar("catalog_version", default=None)


def _clock():
    return time.time_ns() // 1000


def bump(using=DEFAULT_DB_ALIAS):
    """Move the catalog's version on, in the current transaction: one UPDATE, or nothing if
    this transaction moved it already and has not read it since."""
    connection = transaction.get_connection(using)
    # The marker of this transaction's bump sits among its on-commit callbacks until it
    # commits, and Django drops it with the bump when the transaction or the savepoint that
    # made the bump rolls back: present means the version already moved in this transaction.
    marker = getattr(connection, "catalog_version_bump", None)
    if marker is not None and any(entry[1] is marker for entry in connection.run_on_commit):
        return
    row = CatalogVersion.objects.using(using).filter(pk=1)
    moved = {
        # Typed as the column: a parameter bound on the server as a 4-byte integer would
        # lose the clock's microseconds (settings: DATABASE_PREPARED_STATEMENTS).
        "n": Greatest(F("n") + 1, Value(_clock(), output_field=BigIntegerField())),
        # Never backwards, so Last-Modified never goes back to a time a client has seen.
        "changed": Greatest(F("changed"), Now()),
    }
    if not row.update(**moved):  # `flush` emptied the table
        _, created = CatalogVersion.objects.using(using).get_or_create(
            pk=1, defaults={"n": _clock()}
        )
        if not created:  # another process recreated it first
            row.update(**moved)
    if connection.in_atomic_block:
        connection.catalog_version_bump = marker = lambda: None
        transaction.on_commit(marker, using=using)


_READ_VERSION = f"SELECT n, changed FROM {CatalogVersion._meta.db_table} WHERE id = 1"


def current(using=DEFAULT_DB_ALIAS):
    """The catalog's current Version: one query, none within a public response."""
    held = _request_version.get()
    if held is not None:
        return held
    # Whatever this transaction computes from here on may be cached under this version: its
    # next edit must move the version again.
    connection = transaction.get_connection(using)
    connection.catalog_version_bump = None
    # Every request of a public page reads it, a conditional one nothing else: plain SQL, as
    # building the ORM's query costs more than the query itself.
    with connection.cursor() as cursor:
        cursor.execute(_READ_VERSION)
        row = cursor.fetchone()
    if row is not None and timezone.is_naive(row[1]):  # SQLite's datetimes, kept in UTC
        row = (row[0], timezone.make_aware(row[1], UTC))
    if row is None:  # `flush` emptied the table
        made = CatalogVersion.objects.using(using).get_or_create(pk=1, defaults={"n": _clock()})
        row = (made[0].n, made[0].changed)
    return Version(*row)


def version(using=DEFAULT_DB_ALIAS):
    """The catalog's current version number."""
    return current(using).n


def changed_at():
    """When the catalog last changed: what an export's data are as of."""
    return current().changed


@once
def _release():
    digest, newest = hashlib.sha256(), 0.0
    for folder in ("catalog", "config", "templates", "static", "locale"):
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode() + b"\0")
                digest.update(path.read_bytes())
                newest = max(newest, path.stat().st_mtime)
    return digest.hexdigest()[:16], newest


def release():
    """A digest of what renders the site (the code, templates, static files and translations),
    the same on every server running the same release."""
    return _release()[0]


def release_time():
    """When the newest of those files was written: a deploy may change every page without an
    edit, so Last-Modified is never earlier."""
    return _release()[1]


def hashed(name):
    # Names carry what a reader typed (a page number, filters, a query): hashed, a key never
    # holds a NUL (which PostgreSQL refuses) or runs past the cache table's key length.
    return hashlib.sha256(name.encode()).hexdigest()


# --- Caches that may not answer ----------------------------------------------------------------

_down_until = {}  # cache alias -> time.monotonic() before which it is not tried


def cache_errors():
    """For an `except` clause: what a cache that does not answer raises. That is redis-py's
    RedisError, which only a Redis cache raises, and it imports redis-py first; so without one
    loaded nothing is caught. Looked up when an error is being matched, so a process whose
    caches are not Redis (the embedded default, every management command) never imports
    redis-py, some 75 ms of each start."""
    exceptions = sys.modules.get("redis.exceptions")
    return exceptions.RedisError if exceptions is not None else ()


def _cache_call(alias, method, *args, default=None):
    """caches[alias].method(*args) (or method(caches[alias], *args) for a function), or
    `default` when that cache does not answer."""
    if _down_until.get(alias, 0.0) > time.monotonic():
        return default
    try:
        cache = caches[alias]
        result = method(cache, *args) if callable(method) else getattr(cache, method)(*args)
    except cache_errors() as error:
        _down_until[alias] = time.monotonic() + RETRY_AFTER
        logger.warning(
            'Cache "%s" does not answer (%s): pages come from the database; trying it again '
            "in %g s.",
            alias,
            error,
            RETRY_AFTER,
        )
        return default
    _down_until.pop(alias, None)
    return result


def count_up(cache, key, timeout):
    """Add one to the count at `key` (made as 1 when missing) and keep it `timeout` seconds
    from now; the new count. ValueError if it expired between two calls.

    Counted up first, made only when missing: adding a key that is there is a failed INSERT in
    the database cache (an error in PostgreSQL's log). Redis keeps a key's expiry on INCR; the
    database cache's incr() writes the value back without one, so the expiry is set again:
    a count kept for good would stay until a cull, which takes the lowest keys first."""
    try:
        count = cache.incr(key)
    except ValueError:  # the first in this window
        if cache.add(key, 1, timeout):
            return 1
        count = cache.incr(key)  # made by another request meanwhile
    cache.touch(key, timeout)
    return count


def remember(name, compute):
    """compute(), or its value cached since the last edit of the catalog: two key lookups."""
    # Per language: a value may hold words of the interface (a record type's label).
    key = f"{hashed(name)}:{translation.get_language()}:{release()}:{version()}"
    value = _cache_call("default", "get", key, _MISSING, default=_MISSING)
    if value is _MISSING:
        value = compute()
        _cache_call("default", "set", key, value)
    return value


_in_process = {}  # name -> (database, version, value)


def in_process(name, compute):
    """compute(), kept in this process's memory until the catalog's version moves: for a small
    value that many pages read, where a trip to the shared cache, or with the embedded default
    to the database's cache table, would cost more than computing it. One value per name."""
    database = connection.settings_dict["NAME"]
    number = version()
    kept = _in_process.get(name)
    if kept is not None and kept[0] == database and kept[1] == number:
        return kept[2]
    value = compute()
    _in_process[name] = (database, number, value)
    return value


def by_content(name, compute):
    """compute(), or its value kept in the page cache under `name`, which holds everything the
    value is made from: it outlives edits of the catalog that leave it as it was, and is made
    again after a deploy. An empty value (a failure) is not kept."""
    key = f"content:{hashed(name)}:{release()}"
    value = _cache_call("pages", "get", key)
    if value is None:
        value = compute()
        if value:
            _cache_call("pages", "set", key, value)
    return value


# --- Public responses --------------------------------------------------------------------------


def _is_public(request):
    """An anonymous reader's GET or HEAD: the same for every such reader, so shareable."""
    return (
        not settings.DEBUG
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
    )


@contextmanager
def _reading(request, query):
    """While the view runs, the request's query string is `query` (a QueryDict); the whole of
    it is back for what runs after the view (a former address's redirect keeps it)."""
    whole = request.GET, request.META.get("QUERY_STRING", "")
    query._mutable = False
    request.GET, request.META["QUERY_STRING"] = query, query.urlencode()
    try:
        yield
    finally:
        request.GET, request.META["QUERY_STRING"] = whole


def _only(request, params):
    """The request's parameters named in `params`, as a QueryDict."""
    kept = QueryDict(mutable=True, encoding=request.encoding)
    for name, values in request.GET.lists():
        if name in params:
            kept.setlist(name, values)
    return kept


def http_cached(view=None, *, daily=False, vary=None, params=None, answers=None):
    """Serve an anonymous reader's GET or HEAD with HTTP validators, and answer a conditional
    request (If-None-Match, If-Modified-Since) 304 Not Modified from the version alone.

    The ETag is strong: the same bytes for the same release, version, language and address
    (scheme, host, path and query: links are absolute), and, with `daily`, the same day (a
    page's "Cite this record" gives today as the access date), and with `vary` whatever else
    the response depends on besides the catalog (a callable returning a tuple of strings for
    the ETag and the time they last changed: the releases on disk for /data/). Anything else
    is private, no-store: signed-in users, other methods, a response that sets a cookie or uses
    the CSP nonce. With DEBUG on (`make run`) nothing is cached, so a changed template shows at
    once.

    `params` names the query parameters the view reads. Every other one is dropped before the
    view runs (for every reader): a link shared with `?utm_source=...` or `?fbclid=...` is then
    the same page, the same ETag and the same page-cache entry as the link without it, and
    nothing the view ignores shows on the page (its language and export links included). None
    (the default) keeps the query string whole.

    `answers`, for a view whose response does not say which values it ignored (an export), is
    a callable(request, *args, **kwargs) giving the query the view answers (a QueryDict: the
    values that apply, one spelling each), read after `params`. The ETag, the page-cache entry
    and the view then go by it, so `?tag=no-such-tag` is the unfiltered export, sent from the
    same cache entry rather than made again.
    """
    if view is None:
        return lambda view: http_cached(
            view, daily=daily, vary=vary, params=params, answers=answers
        )

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with ExitStack() as reading:
            if params is not None:
                reading.enter_context(_reading(request, _only(request, params)))
            if answers is not None and request.GET:  # (no query: nothing to read)
                reading.enter_context(_reading(request, answers(request, *args, **kwargs)))
            return cached(request, *args, **kwargs)

    def cached(request, *args, **kwargs):
        if not _is_public(request):
            response = view(request, *args, **kwargs)
            if not settings.DEBUG:
                make_private(response)
            return response
        held = current()
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        today = timezone.localdate() if daily else None
        varies, varied_at = vary() if vary else ((), 0.0)
        # The language is in the address already (/es/...), and named again so that the two
        # languages never share an ETag or a page-cache entry (catalog/i18n.py).
        language = translation.get_language()
        etag = strong_etag(release(), held.n, address, today or "", language, *varies)
        last_modified = max(held.changed.timestamp(), release_time(), varied_at)
        if today:  # the page changed at midnight
            midnight = timezone.make_aware(datetime.combine(today, datetime.min.time()))
            last_modified = max(last_modified, midnight.timestamp())
        last_modified = int(min(last_modified, time.time()))
        answer = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if answer is not None:  # 304 Not Modified, or 412 for a failed If-Match
            if answer.status_code == 304:
                make_public(answer, etag, last_modified)
            else:
                make_private(answer)
            return answer
        token = _request_version.set(held)
        try:
            request.catalog_etag = etag
            response = view(request, *args, **kwargs)
        finally:
            _request_version.reset(token)
        if response.status_code == 200 and not response.cookies and not get_nonce(request):
            make_public(response, etag, last_modified)
        else:
            make_private(response)
        return response

    return wrapper


def _store(key, response, content, compressed):
    """Keep the response's content (as given, compressed or not) if it fits the limit."""
    if len(content) <= MAX_CACHED_PAGE_BYTES:
        disposition = response.get("Content-Disposition")
        entry = (content, response["Content-Type"], compressed, disposition)
        _cache_call("pages", "set", key, entry)


def _keep(key, response, content):
    compressed = len(content) > MAX_CACHED_PAGE_BYTES
    if compressed:
        content = zlib.compress(content, PAGE_COMPRESSION_LEVEL)
    _store(key, response, content, compressed)


def _kept_as_it_streams(key, response, chunks):
    """The chunks of a streamed response (an export), passed on as they come, with a
    compressed copy kept in the page cache once the last has gone out, if it stays within the
    limit: a stream cut short or failing, or one that outgrows the limit, is not kept."""
    packer, packed, size = zlib.compressobj(PAGE_COMPRESSION_LEVEL), [], 0
    for chunk in chunks:
        yield chunk
        if packer is not None:
            packed.append(packer.compress(chunk))
            size += len(packed[-1])
            if size > MAX_CACHED_PAGE_BYTES:
                packer = packed = None  # too large: stream the rest without a copy
    if packer is not None:
        packed.append(packer.flush())
        _store(key, response, b"".join(packed), compressed=True)


def cached_page(view=None, *, daily=True, vary=None, params=None, answers=None):
    """A public page: HTTP-cached as http_cached() says, and an anonymous reader's GET served
    from the page cache, rendered once per catalog version (and per value of `vary`; and per
    day unless `daily` is False, for what shows no date of the visit: a record's JSON, feeds);
    `params` and `answers` as http_cached() says.

    The page cache's key is the page's ETag, which holds everything the HTML depends on
    besides the data. A streamed response (an export) is kept compressed as it goes out, when it
    fits within the limit compressed; a larger one is streamed every time. Signed-in users
    always get a fresh render, so nothing one user sees is ever stored for another. A page that
    used the CSP nonce is never stored: it would hand one reader's nonce to the next (public
    templates use none; tests/test_http_cache.py checks).
    """

    if view is None:
        return lambda view: cached_page(
            view, daily=daily, vary=vary, params=params, answers=answers
        )

    @wraps(view)
    def from_cache(request, *args, **kwargs):
        key = getattr(request, "catalog_etag", "").strip('"')
        if not key or request.method != "GET":
            return view(request, *args, **kwargs)
        hit = _cache_call("pages", "get", key)
        if hit is not None:
            content, content_type, compressed, disposition = hit
            if compressed:
                content = zlib.decompress(content)
            response = HttpResponse(content, content_type=content_type)
            if disposition:
                response["Content-Disposition"] = disposition
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies and not get_nonce(request):
            if response.streaming:
                response.streaming_content = _kept_as_it_streams(
                    key, response, response.streaming_content
                )
            else:
                _keep(key, response, response.content)
        return response

    return http_cached(from_cache, daily=daily, vary=vary, params=params, answers=answers)
