"""Counts kept on write: what each count column counts, and `recount`, which sets them.

The counts lists sort on and cards show (a production's AI uses, a studio's productions, a
source's citing claims, a tag's records...) are columns, not subqueries run for every page:
sorting a list by "Most AI uses" reads one page of an index. Every edit that changes a count
recounts it in its own transaction: catalog/signals.py calls `recount_parents` for each saved or
deleted row of a counted model and each changed many-to-many link; bulk paths that send no
signals (the generator, a restore, tag and record merges) call `recount` themselves. A load of
many rows (the seed) runs in `batched()`: each parent recounted once, when the load ends.
`manage.py recount` rebuilds every column; `--check` compares them with fresh counts.

A count is always recomputed from the rows (`count_of`), never moved by +1 or -1: distinct
counts, moves from one parent to another and cascades come out right the same way.

Counts of rows by a pair of keys (a production's AI uses at one stage) have no parent row to
hold them: they are `Tally` rows (TALLIES), recounted with the parents' counts, after their
rows are locked, so two edits of the same pair wait for each other.

Pairs of tags that share records (a tag page's "often tagged with") are `Tally` rows too
(TAG_PAIRS), recounted for each tag a record gains or loses, with every other tag the record
carries (before a delete, as it carried them: `note_record_tags`).
"""

import operator
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property, reduce

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from taggit.models import Tag, TaggedItem

from catalog import registry
from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Credit,
    Figure,
    Likeness,
    Person,
    Production,
    ProductionStudio,
    Quote,
    Response,
    RuleLink,
    Source,
    Stage,
    Studio,
    TagCount,
    Tally,
    count_of,
    use_year,
)


@dataclass(frozen=True)
class Kept:
    """`model.column` counts the rows of `counted` (one model, or several added up) whose
    `key` points at it; `distinct`, if given, counts distinct values of that field instead."""

    model: type
    column: str
    counted: tuple
    key: str
    distinct: str | None = None

    @cached_property
    def fresh(self):
        """The count as an expression on `model`'s rows (a correlated subquery per model).
        Built once: a query resolves a copy of it."""
        counts = [count_of(counted, self.key, self.distinct) for counted in self.counted]
        return sum(counts[1:], counts[0])


def sources_of(*models):
    return tuple(model.sources.through for model in models)


# What cites a source: claims (the statements the catalog makes) and records.
CLAIMS = sources_of(AIUse, Controversy, Quote, Figure, Likeness, Response, RuleLink)
RECORDS = sources_of(Production, Studio, AITool, Person)

KEPT = [
    Kept(Production, "use_count", (AIUse,), "production"),
    Kept(Production, "studio_count", (ProductionStudio,), "production", distinct="studio"),
    Kept(Production, "controversy_count", (Controversy.productions.through,), "production"),
    Kept(Studio, "production_count", (ProductionStudio,), "studio", distinct="production"),
    Kept(Studio, "use_count", (AIUse,), "studio"),
    Kept(Studio, "tool_count", (AITool,), "vendor"),
    Kept(Studio, "controversy_count", (Controversy.studios.through,), "studio"),
    Kept(AITool, "use_count", (AIUse,), "tool"),
    Kept(AITool, "production_count", (AIUse,), "tool", distinct="production"),
    Kept(AITool, "controversy_count", (Controversy.tools.through,), "aitool"),
    Kept(Controversy, "production_count", (Controversy.productions.through,), "controversy"),
    Kept(Controversy, "studio_count", (Controversy.studios.through,), "controversy"),
    Kept(Controversy, "tool_count", (Controversy.tools.through,), "controversy"),
    Kept(Controversy, "person_count", (Controversy.people.through,), "controversy"),
    Kept(Person, "quote_count", (Quote,), "person"),
    Kept(Person, "credit_count", (Credit,), "person"),
    Kept(Person, "controversy_count", (Controversy.people.through,), "person"),
    Kept(Source, "claim_count", CLAIMS, "source"),
    Kept(Source, "record_count", RECORDS, "source"),
    Kept(Stage, "use_count", (AIUse,), "stage"),
    Kept(TagCount, "record_count", (TaggedItem,), "tag"),
]


@dataclass(frozen=True)
class Derived:
    """A key that is not one of a row's fields but is computed from some (`reads`, attnames):
    `value` computes it from their values ({attname: value}), `expression` in SQL."""

    reads: tuple
    value: Callable
    expression: Callable


@dataclass(frozen=True)
class Tallied:
    """`Tally` rows named `name` count the rows of `counted` by the pair of their keys (attnames)
    `a` and `b`, `a` computed from other fields if `derived`; rows missing either key count for
    nothing."""

    name: str
    counted: type
    a: str
    b: str
    derived: Derived | None = None

    def key_a(self, keys):
        """The `a` of a row from its keys ({attname: value})."""
        return self.derived.value(keys) if self.derived else keys.get(self.a)

    def rows(self, pairs=None, using=DEFAULT_DB_ALIAS):
        """{(a, b): count} of `counted` rows, for the `pairs` given, or for every pair."""
        rows = self.counted._base_manager.using(using).order_by()
        if self.derived:
            rows = rows.annotate(**{self.a: self.derived.expression()})
        if pairs is None:
            rows = rows.filter(**{f"{self.a}__isnull": False, f"{self.b}__isnull": False})
        else:
            rows = rows.filter(
                reduce(operator.or_, (Q(**{self.a: a, self.b: b}) for a, b in pairs))
            )
        return {
            (a, b): n
            for a, b, n in rows.values(self.a, self.b)
            .annotate(n=Count("*"))
            .values_list(self.a, self.b, "n")
        }


def use_year_of(keys):
    """An AI use's year from its date and year ({attname: value}), as models.use_year() gives
    it in SQL (an instance's date may still be the string it was given)."""
    date = AIUse._meta.get_field("date").to_python(keys.get("date"))
    return date.year if date else keys.get("year")


TALLIES = [
    # A stage page's busiest productions and tools, and its graph.
    Tallied("stage-production", AIUse, "stage_id", "production_id"),
    Tallied("stage-tool", AIUse, "stage_id", "tool_id"),
    # A tag page's records of each type: how many there are, and how to read them.
    Tallied("tag-type", TaggedItem, "tag_id", "content_type_id"),
    # The chart of AI uses per year by stage (the timeline): `a` the year, undated uses not
    # counted (a stage's use_count less its dated uses).
    Tallied(
        "year-stage",
        AIUse,
        "tally_year",
        "stage_id",
        derived=Derived(("date", "year"), use_year_of, use_year),
    ),
]


# The models holding counts, in the order their rows are locked (always the same order, so
# two edits locking the same rows wait for each other rather than deadlock).
COUNTING_MODELS = list(dict.fromkeys(kept.model for kept in KEPT))


def counted_models():
    """{counted model: [(model holding the count, the counted model's key attname)]}: whose
    counts a row of each counted model changes."""
    parents = {}
    for kept in KEPT:
        for counted in kept.counted:
            attname = counted._meta.get_field(kept.key).attname
            pair = (kept.model, attname)
            if pair not in parents.setdefault(counted, []):
                parents[counted].append(pair)
    return parents


PARENTS = counted_models()


def counted_keys():
    """{counted model: [attname]}: the keys of its rows that counts and tallies read."""
    keys = {
        counted: [attname for _model, attname in parents] for counted, parents in PARENTS.items()
    }
    for tallied in TALLIES:
        read = tallied.derived.reads if tallied.derived else (tallied.a,)
        for attname in (*read, tallied.b):
            if attname not in keys.setdefault(tallied.counted, []):
                keys[tallied.counted].append(attname)
    # A tag link's record, whose other tags it pairs with (TAG_PAIRS).
    for attname in ("tag_id", "content_type_id", "object_id"):
        if attname not in keys.setdefault(TaggedItem, []):
            keys[TaggedItem].append(attname)
    return keys


KEYS = counted_keys()


def links_to():
    """{model: [(link table, its key to the model)]}: the tables Django made for many-to-many
    fields that hold counted rows, by the models they link. Deleting a record deletes its rows
    in them without a signal (catalog/signals.py `linked_record_deleting`)."""
    found = {}
    for through in PARENTS:
        if through._meta.auto_created:
            for key in through._meta.concrete_fields:
                if key.many_to_one:
                    found.setdefault(key.related_model, []).append((through, key))
    return found


LINKS_TO = links_to()


def columns(model):
    return [kept for kept in KEPT if kept.model is model]


def recount(model, pks=None, using=DEFAULT_DB_ALIAS, counted=None):
    """Recompute `model`'s kept counts for the rows `pks` (every row without), in one UPDATE:
    the counts of `counted`'s rows, when a change of those is what is recounted, or all.

    On PostgreSQL the rows are locked first, in a statement of their own: an UPDATE that waits
    for another transaction's lock on a row evaluates its subqueries in the snapshot it started
    with, missing what that transaction added. After the lock, the UPDATE is a new statement
    with a new snapshot (READ COMMITTED), which sees it.
    """
    counts = [kept for kept in columns(model) if counted is None or counted in kept.counted]
    if pks is not None:
        pks = sorted({pk for pk in pks if pk is not None})
    if not counts or pks == []:
        return
    with transaction.atomic(using=using, savepoint=False):
        if model is TagCount:
            add_tag_rows(pks, using)
        rows = model._base_manager.using(using).order_by()
        if pks is not None:
            rows = rows.filter(pk__in=pks)
            if connections[using].features.has_select_for_update:
                list(rows.select_for_update(no_key=True).order_by("pk").values_list("pk"))
        rows.update(**{kept.column: kept.fresh for kept in counts})


def add_tag_rows(pks, using):
    """A TagCount row for each tag (of `pks`, or all) on a record that has none yet (a tag
    being deleted, whose links went first, gets none)."""
    tags = Tag.objects.using(using).filter(
        kept_count__isnull=True, taggit_taggeditem_items__isnull=False
    )
    if pks is not None:
        tags = tags.filter(pk__in=pks)
    missing = list(tags.values_list("pk", flat=True).distinct())
    TagCount.objects.using(using).bulk_create(
        [TagCount(tag_id=pk) for pk in missing], ignore_conflicts=True
    )


def recount_tally(tallied, pairs=None, using=DEFAULT_DB_ALIAS):
    """Recount `tallied`'s rows for the (a, b) `pairs` (every pair without): pairs counting
    nothing lose their row, the others are written in one INSERT ... ON CONFLICT UPDATE. Two
    queries: the fresh count, then the DELETE or the INSERT (both when some pairs are gone)."""
    if pairs is not None:
        pairs = sorted({pair for pair in pairs if None not in pair})
        if not pairs:
            return
    fresh = tallied.rows(pairs, using=using)
    with transaction.atomic(using=using, savepoint=False):
        kept = Tally.objects.using(using).filter(name=tallied.name)
        if pairs is None:
            kept.delete()
        else:
            gone = [(a, b) for a, b in pairs if (a, b) not in fresh]
            if gone:
                kept.filter(reduce(operator.or_, (Q(a=a, b=b) for a, b in gone))).delete()
        write_tallies(
            [Tally(name=tallied.name, a=a, b=b, n=n) for (a, b), n in sorted(fresh.items())],
            using,
        )


def write_tallies(rows, using):
    """Insert `rows` (Tally), or update the count of a pair that has its row already."""
    Tally.objects.using(using).bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["name", "a", "b"],
        update_fields=["n"],
    )


# Pairs of tags on the same records: `Tally` rows named "tag-pair", `a` a tag, `b` another, `n`
# how many records carry both, each pair both ways round (a tag's companions are then one page
# of the index, busiest first). Reading them from the links for a popular tag reads every link
# of its records (~300 ms at 100,000 productions).
TAG_PAIRS = "tag-pair"


def note_record_tags(link, using=DEFAULT_DB_ALIAS):
    """pre_delete of a tag link: the tags its record carries before the delete, which may take
    several of them at once (a record's delete, clear()), so the pairs they made are recounted
    afterwards (`keys_of`)."""
    link.record_tags = tuple(
        TaggedItem.objects.using(using)
        .filter(content_type_id=link.content_type_id, object_id=link.object_id)
        .values_list("tag_id", flat=True)
    )


def tag_pairs_of(keys, using=DEFAULT_DB_ALIAS):
    """The pairs of tags the tag links `keys` ({tag_id, content_type_id, object_id}, and
    record_tags before a delete) make or made: each link's tag with each tag its record
    carries now or carried before the delete; (smaller, larger) tag ids."""
    records = {
        (row.get("content_type_id"), row.get("object_id"))
        for row in keys
        if row.get("record_tags") is None and row.get("object_id") is not None
    }
    carried = {}
    for some in chunked(sorted(records)):
        links = TaggedItem.objects.using(using).filter(
            reduce(operator.or_, (Q(content_type_id=ct, object_id=pk) for ct, pk in some))
        )
        for ct, pk, tag_id in links.values_list("content_type_id", "object_id", "tag_id"):
            carried.setdefault((ct, pk), set()).add(tag_id)
    pairs = set()
    for row in keys:
        tag = row.get("tag_id")
        others = row.get("record_tags")
        if others is None:
            others = carried.get((row.get("content_type_id"), row.get("object_id")), ())
        pairs.update((min(tag, other), max(tag, other)) for other in others if other != tag)
    return pairs


def tag_pair_rows(pairs=None, using=DEFAULT_DB_ALIAS):
    """{(a, b): records carrying both} with a < b, from the links, for the `pairs` given or for
    every pair: a join of the link table with itself (portable SQL; the ORM cannot join a
    generic relation to itself), one query per 200 tags the pairs are grouped by."""
    table = connections[using].ops.quote_name(TaggedItem._meta.db_table)
    select = (
        f"SELECT x.tag_id, y.tag_id, COUNT(*) FROM {table} x JOIN {table} y"
        " ON y.content_type_id = x.content_type_id AND y.object_id = x.object_id"
    )
    if pairs is None:
        queries = [(f"{select} AND y.tag_id > x.tag_id GROUP BY x.tag_id, y.tag_id", [])]
    else:
        queries = []
        for groups in chunked(grouped_by_tag(pairs)):
            where = " OR ".join(
                f"(x.tag_id = %s AND y.tag_id IN ({', '.join(['%s'] * len(others))}))"
                for _tag, others in groups
            )
            params = [value for tag, others in groups for value in (tag, *others)]
            queries.append((f"{select} WHERE {where} GROUP BY x.tag_id, y.tag_id", params))
    found = {}
    with connections[using].cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            for a, b, n in cursor.fetchall():
                found[min(a, b), max(a, b)] = n
    return found


def grouped_by_tag(pairs):
    """[(tag, [other tags])] covering each pair once: a tag with its partners, the tag in most
    pairs first (an edit's pairs all hold the tag it added or removed: one group)."""
    left, groups = set(pairs), []
    while left:
        seen = {}
        for pair in left:
            for tag in pair:
                seen[tag] = seen.get(tag, 0) + 1
        tag = min(seen, key=lambda tag: (-seen[tag], tag))
        mine = {pair for pair in left if tag in pair}
        groups.append((tag, sorted(a if b == tag else b for a, b in mine)))
        left -= mine
    return groups


def chunked(items, size=200):
    """`items` in lists of at most `size`: a condition of one OR per item stays within
    SQLite's limit on an expression's depth (1,000)."""
    return [items[start : start + size] for start in range(0, len(items), size)]


def both_ways(rows):
    """{(a, b): n} for a < b, with each pair also as (b, a)."""
    return {**rows, **{(b, a): n for (a, b), n in rows.items()}}


def recount_tag_pairs(pairs=None, using=DEFAULT_DB_ALIAS):
    """Recount the pairs of tags `pairs` ((smaller, larger) tag ids; every pair without): those
    sharing no record lose their rows, both ways round, the others are written."""
    if pairs is not None:
        pairs = {pair for pair in pairs if None not in pair}
        if not pairs:
            return
    fresh = tag_pair_rows(pairs, using=using)
    if pairs is not None:
        fresh = {pair: n for pair, n in fresh.items() if pair in pairs}
    with transaction.atomic(using=using, savepoint=False):
        kept = Tally.objects.using(using).filter(name=TAG_PAIRS)
        if pairs is None:
            kept.delete()
        else:
            gone = both_ways({pair: 0 for pair in pairs if pair not in fresh})
            for some in chunked(sorted(gone)):
                kept.filter(reduce(operator.or_, (Q(a=a, b=b) for a, b in some))).delete()
        write_tallies(
            [
                Tally(name=TAG_PAIRS, a=a, b=b, n=n)
                for (a, b), n in sorted(both_ways(fresh).items())
            ],
            using,
        )


def tag_companions(tag, limit, using=DEFAULT_DB_ALIAS):
    """[{tag__slug, tag__name, shared}] of the tags sharing most records with `tag` (kept:
    TAG_PAIRS), most shared first, then by name: one query."""
    rows = (
        Tally.objects.using(using)
        .filter(name=TAG_PAIRS, a=tag.pk)
        .annotate(tag__slug=tag_field("slug"), tag__name=tag_field("name"))
        .order_by("-n", Lower("tag__name"))
        .values("tag__slug", "tag__name", "n")[:limit]
    )
    return [
        {"tag__slug": row["tag__slug"], "tag__name": row["tag__name"], "shared": row["n"]}
        for row in rows
    ]


def tag_field(name):
    return Subquery(Tag.objects.filter(pk=OuterRef("b")).values(name)[:1])


def uses_by_year(stages, using=DEFAULT_DB_ALIAS):
    """[(year or None, stage id, uses)] of every AI use, as explorer.years_by_stage counts them,
    from the kept tally ("year-stage") and `stages` (every stage, with its kept use count): one
    query, where counting read every use (~70 ms at 300,000)."""
    rows = list(Tally.objects.using(using).filter(name="year-stage").values_list("a", "b", "n"))
    dated = {}
    for _year, stage_id, n in rows:
        dated[stage_id] = dated.get(stage_id, 0) + n
    undated = [
        (None, stage.pk, stage.use_count - dated.get(stage.pk, 0))
        for stage in stages
        if stage.use_count > dated.get(stage.pk, 0)
    ]
    return rows + undated


# How many records each listed type has (the home page's counts): `Tally` rows named
# "records", `a` the type's content type, `b` 0. A count(*) reads every row of the type's
# primary key (~15 ms at 100,000 productions); this reads one row.
RECORDS = "records"


def recount_records(model, using=DEFAULT_DB_ALIAS):
    """Recount the records of `model`, after its row is locked (on PostgreSQL), so two
    records added at once are both counted."""
    if (batch := _batch.get()) is not None:
        batch.setdefault((using, RECORDS), set()).add(model)
        return
    content_type = ContentType.objects.db_manager(using).get_for_model(model)
    with transaction.atomic(using=using, savepoint=False):
        kept = Tally.objects.using(using).filter(name=RECORDS, a=content_type.pk, b=0)
        if connections[using].features.has_select_for_update:
            list(kept.select_for_update(no_key=True).values_list("pk"))
        n = model._base_manager.using(using).count()
        if not n:
            kept.delete()
            return
        write_tallies([Tally(name=RECORDS, a=content_type.pk, b=0, n=n)], using)


def record_counts(models, using=DEFAULT_DB_ALIAS):
    """{model: its records' count, as kept}: one query."""
    content_types = ContentType.objects.db_manager(using).get_for_models(*models)
    kept = dict(
        Tally.objects.using(using)
        .filter(name=RECORDS, a__in=[ct.pk for ct in content_types.values()], b=0)
        .values_list("a", "n")
    )
    return {model: kept.get(content_types[model].pk, 0) for model in models}


def recount_all(using=DEFAULT_DB_ALIAS):
    """Every kept count from scratch: one UPDATE per model (`manage.py recount`), and every
    tally written again."""
    with transaction.atomic(using=using, savepoint=False):
        for model in COUNTING_MODELS:
            recount(model, using=using)
        for tallied in TALLIES:
            recount_tally(tallied, using=using)
        recount_tag_pairs(using=using)
        for record_type in registry.LISTED:
            recount_records(record_type.model, using=using)


# Within batched(): {(using, counted model or RECORDS): keys or models} to recount at its end.
_batch = ContextVar("counts_batch", default=None)


@contextmanager
def batched(using=DEFAULT_DB_ALIAS):
    """Within the block, recounts are gathered, then run once for each parent and tally pair
    when it ends, in its transaction: a load of a thousand rows recounts a source once, not
    once per row citing it. A count read inside the block may be stale; the block's edits
    must not read them. A block within a block belongs to the outer one."""
    if _batch.get() is not None:
        yield
        return
    batch = {}
    token = _batch.set(batch)
    try:
        with transaction.atomic(using=using):
            yield
            _batch.reset(token)
            token = None
            for (alias, counted), gathered in batch.items():
                if counted == RECORDS:
                    for model in sorted(gathered, key=lambda model: model._meta.label):
                        recount_records(model, using=alias)
                else:
                    recount_parents(counted, [dict(keys) for keys in gathered], using=alias)
    finally:
        if token is not None:
            _batch.reset(token)


def recount_parents(counted, keys, using=DEFAULT_DB_ALIAS):
    """Recount whatever rows of counted model `counted` count towards. `keys` is a list of
    {attname: value} of the rows (as they are now, and as they were before a move)."""
    if (batch := _batch.get()) is not None:
        gathered = batch.setdefault((using, counted), set())
        gathered.update(tuple(sorted(row.items())) for row in keys)
        return
    for model in COUNTING_MODELS:
        pks = {
            row.get(attname)
            for parent, attname in PARENTS.get(counted, ())
            if parent is model
            for row in keys
        }
        recount(model, pks, using=using, counted=counted)
    # After the parents' rows are locked: an edit of the same pair waits for this one.
    for tallied in TALLIES:
        if tallied.counted is counted:
            pairs = {(tallied.key_a(row), row.get(tallied.b)) for row in keys}
            recount_tally(tallied, pairs, using=using)
    if counted is TaggedItem:
        recount_tag_pairs(tag_pairs_of(keys, using), using=using)


def keys_of(row):
    """A counted row's keys to the rows and tallies that count it, as they are now:
    {attname: value}; a deleted tag link's also with the tags its record carried
    (`note_record_tags`)."""
    keys = {attname: row.__dict__.get(attname) for attname in KEYS.get(type(row), ())}
    if getattr(row, "record_tags", None) is not None:
        keys["record_tags"] = row.record_tags
    return keys


def recount_row(row, using=DEFAULT_DB_ALIAS):
    """Recount whatever `row` (saved, moved or just deleted) counts towards, as it is: for rows
    deleted with or without a signal (a link row of a table Django made)."""
    recount_parents(type(row), [keys_of(row)], using=using)


def keys_of_rows(counted, pks, using=DEFAULT_DB_ALIAS):
    """The keys rows `pks` of `counted` have now, to recount after a bulk update() moves them."""
    attnames = KEYS.get(counted, ())
    if not attnames or not pks:
        return []
    return list(counted._base_manager.using(using).filter(pk__in=pks).values(*attnames))


def recount_rows(counted, pks, before=(), using=DEFAULT_DB_ALIAS):
    """Recount the parents of rows `pks` of `counted` as the rows are now (after a bulk update()
    moved them, say), and those of their keys `before` (`keys_of_rows`), which may leave pairs
    of keys counting nothing."""
    keys = keys_of_rows(counted, pks, using=using) + list(before)
    if keys:
        recount_parents(counted, keys, using=using)


def differences(using=DEFAULT_DB_ALIAS):
    """[(model, pk, column, kept, fresh)] for every kept count that differs from a fresh count
    (a tag with no TagCount row counts as kept 0)."""
    found = []
    for model in COUNTING_MODELS:
        kept_columns = columns(model)
        fresh = {f"fresh_{kept.column}": kept.fresh for kept in kept_columns}
        rows = model._base_manager.using(using).order_by("pk").annotate(**fresh)
        names = [kept.column for kept in kept_columns]
        for row in rows.values("pk", *names, *fresh):
            for name in names:
                if row[name] != row[f"fresh_{name}"]:
                    found.append((model, row["pk"], name, row[name], row[f"fresh_{name}"]))
    missing = (
        Tag.objects.using(using)
        .filter(kept_count__isnull=True)
        .annotate(n=Count("taggit_taggeditem_items"))
        .filter(n__gt=0)
    )
    for tag_id, n in missing.values_list("pk", "n"):
        found.append((TagCount, tag_id, "record_count", None, n))
    for tallied in TALLIES:
        kept = dict(
            ((a, b), n)
            for a, b, n in Tally.objects.using(using)
            .filter(name=tallied.name)
            .values_list("a", "b", "n")
        )
        fresh = tallied.rows(using=using)
        for pair in sorted(kept.keys() | fresh.keys()):
            if kept.get(pair) != fresh.get(pair):
                found.append((Tally, pair, tallied.name, kept.get(pair), fresh.get(pair)))
    kept = dict(
        ((a, b), n)
        for a, b, n in Tally.objects.using(using).filter(name=TAG_PAIRS).values_list("a", "b", "n")
    )
    fresh = both_ways(tag_pair_rows(using=using))
    for pair in sorted(kept.keys() | fresh.keys()):
        if kept.get(pair) != fresh.get(pair):
            found.append((Tally, pair, TAG_PAIRS, kept.get(pair), fresh.get(pair)))
    models = [record_type.model for record_type in registry.LISTED]
    for model, n in record_counts(models, using=using).items():
        fresh = model._base_manager.using(using).count()
        if n != fresh:
            found.append((Tally, model._meta.label, RECORDS, n, fresh))
    return found
