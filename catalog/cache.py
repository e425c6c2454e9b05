"""Aggregates that are slow to compute at scale (tag counts, a stage's busiest tools), cached
until the next edit.

Every save, delete or many-to-many change in the catalog or its tags bumps one version number;
cached values are keyed by it, so nobody reads a value computed before an edit. The cache is
Django's database cache (settings.CACHES), in the same database and the same transaction as
the edit: every server process sees the bump exactly when it sees the edit, and a test that
rolls back its data rolls back its cache too.
"""

import hashlib
import uuid

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

VERSION_KEY = "catalog-version"
WATCHED_APPS = {"catalog", "taggit"}
_MISSING = object()


def bump():
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def remember(name, compute):
    """compute(), or its value cached since the last edit of the catalog: two key lookups."""
    version = cache.get(VERSION_KEY)
    if version is None:
        bump()
        version = cache.get(VERSION_KEY)
    # Names carry what a reader typed (a page number, filters): hashed, a key never holds a NUL
    # (which PostgreSQL refuses) or runs past the cache table's key length.
    key = f"{hashlib.sha256(name.encode()).hexdigest()}:{version}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout=None)
    return value


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def catalog_changed(sender, **kwargs):
    # Historical models inside migrations (another app registry) run before the table exists.
    if sender._meta.app_label in WATCHED_APPS and sender._meta.apps is apps:
        bump()
