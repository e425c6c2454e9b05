"""Caches that last until the next edit of the catalog.

Every save, delete or many-to-many change in the catalog or its tags bumps one version number,
kept in Django's database cache (settings.CACHES["default"]) in the same database and the same
transaction as the edit: every server process sees the bump exactly when it sees the edit, and
a test that rolls back its data rolls back the bump too. Everything cached is keyed by that
version, so nobody reads a value computed before an edit.

Two things are cached under it:
- remember(): aggregates that are slow to compute at scale (counts, a stage's busiest tools),
  in the database cache, shared by every process.
- cached_page(): the whole HTML of a public page, as an anonymous reader gets it, in each
  process's memory (settings.CACHES["pages"]). A repeat visit costs one query, the version.
"""

import hashlib
import uuid
from contextvars import ContextVar
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connections
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils import timezone

VERSION_KEY = "catalog-version"
WATCHED_APPS = {"catalog", "taggit"}
_MISSING = object()
# The version a cached page's render started from: its remember() calls reuse it, no re-read.
_rendering_version = ContextVar("rendering_version", default=None)
# Stands in the cached HTML for the CSP nonce of the request that rendered it; every hit puts
# its own request's nonce back. No page holds this text otherwise: `<` is always escaped.
NONCE_MARK = b"<csp-nonce>"
# Larger pages are rendered every time rather than crowding the others out of memory.
MAX_CACHED_PAGE_BYTES = 256 * 1024


def bump():
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def version():
    """The catalog's current version: one query, none inside a cached page's render."""
    current = _rendering_version.get() or cache.get(VERSION_KEY)
    if current is None:
        bump()
        current = cache.get(VERSION_KEY)
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


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def catalog_changed(sender, **kwargs):
    # Historical models inside migrations (another app registry) run before the table exists.
    if sender._meta.app_label in WATCHED_APPS and sender._meta.apps is apps:
        bump()


@receiver(post_migrate)
def schema_changed(sender, using, **kwargs):
    """migrate and flush (which leaves the cache table alone) start a new version too."""
    if sender.label != "catalog":  # sent once for each app
        return
    table = settings.CACHES["default"]["LOCATION"]
    if table in connections[using].introspection.table_names():
        bump()
