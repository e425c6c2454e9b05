"""Likely duplicates of a record being added or renamed: the admin holds the save and lists
them (catalog/admin.py `DuplicateWarningAdmin`) until the editor confirms.

- A source whose URL names the same address as another's: the same `url_key`
  (catalog/weburl.py), read from the indexed `Source.url_key` column, on every database.
- A record whose name or title is spelt nearly like another's of its type:
  - PostgreSQL: trigram similarity (pg_trgm, created by migration 0002 with a trigram index on
    each name column): the `%` match (`trigram_similar`, which uses the index) narrowed to a
    similarity of at least SIMILARITY, best first, at most SHOWN of them. Catches typos and
    small variations anywhere in the table ("Cinelitic" for "Cinelytic", "Netflix Inc" for
    "Netflix").
  - SQLite: a simpler fallback. Names are compared after folding case and accents ("ÑANDÚ"
    and "Nandu" are the same) with difflib's ratio, at least FALLBACK_RATIO, over a bounded set
    of candidates: the SQLITE_CANDIDATES most recently added records of the type plus any whose
    name is the same apart from (ASCII) case. An older record spelt slightly differently can
    be missed there, never on PostgreSQL.
"""

import unicodedata
from difflib import SequenceMatcher

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection

from catalog.models import Source
from catalog.weburl import url_key

# Trigram similarity from which a name counts as a likely duplicate (PostgreSQL): "Cinelitic"
# and "Cinelytic" score 0.54, "Netflix" and "Netflix Inc" 0.67.
SIMILARITY = 0.5
# difflib ratio of the folded names from which one counts as a likely duplicate (SQLite).
FALLBACK_RATIO = 0.85
# How many records of a type SQLite compares a name with.
SQLITE_CANDIDATES = 2000
# How many likely duplicates are listed.
SHOWN = 5


def folded(text):
    """A name without case, accents or extra spaces: "  Ñandú  Films" -> "nandu films"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def similar_names(model, name_field, value, exclude_pk=None):
    """Up to SHOWN records of `model` whose `name_field` is spelt nearly like `value`, the
    closest first."""
    value = " ".join((value or "").split())
    if not value:
        return []
    records = model._default_manager.all()
    if exclude_pk is not None:
        records = records.exclude(pk=exclude_pk)
    if connection.vendor == "postgresql":
        return list(
            records.filter(**{f"{name_field}__trigram_similar": value})
            .annotate(similarity=TrigramSimilarity(name_field, value))
            .filter(similarity__gte=SIMILARITY)
            .order_by("-similarity", "pk")[:SHOWN]
        )
    target = folded(value)
    names = list(records.filter(**{f"{name_field}__iexact": value}).values_list("pk", name_field))
    names += records.order_by("-pk").values_list("pk", name_field)[:SQLITE_CANDIDATES]
    scores = {}
    for pk, name in names:
        ratio = SequenceMatcher(None, target, folded(name)).ratio()
        if ratio >= FALLBACK_RATIO:
            scores[pk] = ratio
    best = sorted(scores, key=lambda pk: (-scores[pk], pk))[:SHOWN]
    found = records.in_bulk(best)
    return [found[pk] for pk in best if pk in found]


def same_address(url, exclude_pk=None):
    """Up to SHOWN sources whose URL names the same address as `url`."""
    key = url_key(url)
    if not key:
        return []
    sources = Source.objects.filter(url_key=key)
    if exclude_pk is not None:
        sources = sources.exclude(pk=exclude_pk)
    return list(sources.order_by("pk")[:SHOWN])
