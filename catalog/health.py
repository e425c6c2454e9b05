"""Health checks for load balancers and monitors.

`/healthz` (liveness) answers a constant "ok" without touching the database, the cache or the
session: the process is up and serving. It is also the benchmark's floor, so it measures what
the server and the framework cost on their own.

`/readyz` (readiness) answers "ok" only when every database and every cache in the settings
answer: a trivial query on each database, a set and get on each cache. Otherwise it answers 503
with one line naming what failed; the error itself goes to the log, never to the response.
A load balancer sends readers only to servers whose `/readyz` answers 200.

A Redis cache (CACHE_URL) that does not answer is the exception: pages are then rendered from
the database (catalog/cache.py), slower but served, so the server stays ready (200) and the
line names the cache. Taking every server out of the balancer because the shared cache is
down would turn a slow site into no site.
"""

import logging
import uuid

from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections
from django.http import HttpResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def _database_answers(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_answers(alias):
    cache = caches[alias]
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


def readiness_failures(degraded=None):
    """What does not answer, e.g. ['database "default"']; empty when everything does. Redis
    caches that do not answer go to `degraded` (a list) instead, when one is given."""
    failures = []
    for alias in connections:
        try:
            if not _database_answers(alias):
                failures.append(f'database "{alias}"')
        except Exception:
            logger.warning("Readiness: database %r does not answer", alias, exc_info=True)
            failures.append(f'database "{alias}"')
    for alias in caches.settings:
        # A cache kept in a database that is down would only wait for it a second time.
        if failures and isinstance(caches[alias], BaseDatabaseCache):
            failures.append(f'cache "{alias}" (kept in the database)')
            continue
        optional = degraded is not None and issubclass(
            import_string(caches.settings[alias]["BACKEND"]), RedisCache
        )
        try:
            answers = _cache_answers(alias)
        except Exception:
            logger.warning("Readiness: cache %r does not answer", alias, exc_info=True)
            answers = False
        if not answers:
            (degraded if optional else failures).append(f'cache "{alias}"')
    return failures


@never_cache
def readyz(request):
    degraded = []
    failures = readiness_failures(degraded)
    if failures:
        return HttpResponse(
            f"not ready: {', '.join(failures)} not answering\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    if degraded:
        return HttpResponse(
            f"ok, but {', '.join(degraded)} not answering: pages come from the database\n",
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
