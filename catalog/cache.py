"""Caches that last until the next edit of the catalog.

The catalog's version is one number in a one-row table (catalog.models.CatalogVersion). An
edit moves it on with one UPDATE in the edit's own transaction (bump(), called by the
receivers in catalog/signals.py), so the new version and the edit become visible together: a
reader who sees the new version sees the edit, in every server process, and a rolled-back
edit rolls back its bump too. (A change made outside a transaction, in a shell, commits just
before its bump: the admin, the commands and the tests make theirs inside one.) A transaction
moves the version once, however many rows, links and tags it changes, unless it read the
version in between (then its next change moves it again). Reading the version is one query.
Everything cached is keyed by it, so nobody reads a value computed before an edit.

A version number is never used twice: a bump sets it to the current time in microseconds
when that is ahead of the number plus one, so neither a rolled-back bump nor a table emptied
by `flush` (the row is recreated on the next read or bump) brings back an old number that a
cache may still hold.

Two things are cached under it:
- remember(): aggregates that are slow to compute at scale (counts, a stage's busiest tools),
  in the database cache (settings.CACHES["default"]), shared by every process.
- cached_page(): the whole HTML of a public page, as an anonymous reader gets it, in each
  process's memory (settings.CACHES["pages"]). A repeat visit costs one query, the version.
"""

import hashlib
import time
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils import timezone

from catalog.models import CatalogVersion

_MISSING = object()
# The version a cached page's render started from: its remember() calls reuse it, no re-read.
_rendering_version = ContextVar("rendering_version", default=None)
# Stands in the cached HTML for the CSP nonce of the request that rendered it; every hit puts
# its own request's nonce back. No page holds this text otherwise: `<` is always escaped.
NONCE_MARK = b"<csp-nonce>"
# Larger pages are rendered every time rather than crowding the others out of memory.
MAX_CACHED_PAGE_BYTES = 256 * 1024


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
    moved = Greatest(F("n") + 1, Value(_clock()))
    if not row.update(n=moved):  # `flush` emptied the table
        _, created = CatalogVersion.objects.using(using).get_or_create(
            pk=1, defaults={"n": _clock()}
        )
        if not created:  # another process recreated it first
            row.update(n=moved)
    if connection.in_atomic_block:
        connection.catalog_version_bump = marker = lambda: None
        transaction.on_commit(marker, using=using)


def version(using=DEFAULT_DB_ALIAS):
    """The catalog's current version: one query, none inside a cached page's render."""
    current = _rendering_version.get()
    if current is not None:
        return current
    # Whatever this transaction computes from here on may be cached under this version: its
    # next edit must move the version again.
    transaction.get_connection(using).catalog_version_bump = None
    current = CatalogVersion.objects.using(using).filter(pk=1).values_list("n", flat=True).first()
    if current is None:  # `flush` emptied the table
        current = (
            CatalogVersion.objects.using(using).get_or_create(pk=1, defaults={"n": _clock()})[0].n
        )
    return current


def hashed(name):
    # Names carry what a reader typed (a page number, filters, a query): hashed, a key never
    # holds a NUL (which PostgreSQL refuses) or runs past the cache table's key length.
    return hashlib.sha256(name.encode()).hexdigest()


def remember(name, compute):
    """compute(), or its value cached since the last edit of the catalog: two key lookups."""
    key = f"{hashed(name)}:{version()}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout=None)
    return value


def cached_page(view):
    """Serve an anonymous reader's GET from the page cache, rendered once per catalog version.

    The key holds everything the HTML depends on besides the data: the scheme and host (the
    canonical and Open Graph links are absolute), the path with its query string, and the day
    ("Cite this record" gives today's date as the access date). Signed-in users always get a
    fresh render, so nothing one user sees is ever stored for another. With DEBUG on (`make
    run`) nothing is cached, so a changed template shows at once, as Django's own template
    cache does.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.DEBUG or request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        pages = caches["pages"]
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        current = version()
        key = f"{hashed(address)}:{timezone.localdate().isoformat()}:{current}"
        hit = pages.get(key)
        if hit is not None:
            content, content_type = hit
            if NONCE_MARK in content:
                content = content.replace(NONCE_MARK, str(get_nonce(request)).encode())
            return HttpResponse(content, content_type=content_type)
        token = _rendering_version.set(current)
        try:
            response = view(request, *args, **kwargs)
        finally:
            _rendering_version.reset(token)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and len(response.content) <= MAX_CACHED_PAGE_BYTES
        ):
            content = response.content
            nonce = get_nonce(request)
            if nonce:  # only true once the page has used it
                content = content.replace(str(nonce).encode(), NONCE_MARK)
            pages.set(key, (content, response["Content-Type"]))
        return response

    return wrapper
