"""One search over the catalog, on PostgreSQL and on SQLite.

PostgreSQL: each searchable record keeps a weighted `search_vector` (its name or title as A,
its tag names as B, its longer text as C), kept current by `refresh_search_vectors()` and read
through a GIN index; queries use websearch syntax, are ranked, and a trigram match on the
name finds misspellings ("Cinelitic").

SQLite: the same `search()` falls back to a case-insensitive match of every word against the
same fields and the tag names, with exact name matches ranked first.
"""

import re
from contextlib import contextmanager

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection, models, transaction
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"
# Word similarity above which a name counts as a misspelling of the query. pg_trgm's default
# (0.6) misses one-letter typos in short names: "cinelitic" scores 0.54 against "Cinelytic".
TRIGRAM_THRESHOLD = 0.45


def normalize_query(raw):
    """Collapse whitespace and drop control characters; '' means nothing to search for."""
    text = "".join(ch for ch in (raw or "") if ch.isprintable() or ch.isspace())
    return " ".join(text.split())


def is_postgresql():
    return connection.vendor == "postgresql"


# Scripts written without spaces between words: Chinese, Japanese, Thai, Lao, Khmer, Burmese.
UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002ffff]"
)


def unspaced(query):
    """Whether the query has a word in a script written without spaces between words. The
    full-text index takes a run of such text for one word, and trigrams find a name only by
    how it starts: such words are looked for inside the text ("映画" in "東京の映画スタジオ")."""
    return bool(UNSPACED.search(query))


def words_in_fields(model, query):
    """Each word of the query somewhere in one of the model's searched fields or tag names,
    ignoring case: SQLite's search, and PostgreSQL's for a query with `unspaced` words."""
    fields = [field for weight in "ABC" for field in model.search_weights.get(weight, [])]
    has_tags = hasattr(model, "tags")
    condition = Q()
    for word in query.split():
        word = word.strip("\"'")
        if not word or word.lower() == "or":
            continue
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        if has_tags:
            any_field |= Q(
                pk__in=model.tags.through.objects.filter(
                    content_type__app_label=model._meta.app_label,
                    content_type__model=model._meta.model_name,
                    tag__name__icontains=word,
                ).values("object_id")
            )
        condition &= any_field
    return condition


class SearchQuerySet(models.QuerySet):
    def ranked(self, query):
        """These records (already known to match `query`) best first, on PostgreSQL."""
        name_field = self.model.search_weights["A"][0]
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return self.annotate(
            rank=SearchRank(F("search_vector"), search_query)
            + TrigramWordSimilarity(query, name_field)
        ).order_by("-rank", name_field, "pk")

    def search(self, raw_query):
        """Records matching the query, best first, each annotated with `rank`."""
        query = normalize_query(raw_query)[:MAX_QUERY_LENGTH]
        if not query:
            return self.none()
        name_field = self.model.search_weights["A"][0]
        if is_postgresql():
            search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
            condition = Q(search_vector=search_query) | Q(
                **{f"{name_field}__trigram_word_similar": query}
            )
            if unspaced(query):
                condition |= words_in_fields(self.model, query)
            return self.filter(condition).ranked(query)
        condition = words_in_fields(self.model, query)
        if not condition:
            return self.none()
        return (
            self.filter(condition)
            .annotate(
                rank=Case(
                    When(**{f"{name_field}__iexact": query}, then=Value(3)),
                    When(**{f"{name_field}__icontains": query}, then=Value(2)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("-rank", name_field, "pk")
        )


def search_vector_expression(model):
    """The weighted vector for one model: name (A), tag names (B), longer text (C)."""
    weights = model.search_weights
    vector = SearchVector(*weights["A"], weight="A", config=SEARCH_CONFIG)
    if hasattr(model, "tags"):
        through = model.tags.through
        tag_names = (
            through.objects.filter(
                content_type__app_label=model._meta.app_label,
                content_type__model=model._meta.model_name,
                object_id=OuterRef("pk"),
            )
            .values("object_id")
            .annotate(names=StringAgg("tag__name", Value(" ")))
            .values("names")
        )
        vector += SearchVector(Subquery(tag_names), weight="B", config=SEARCH_CONFIG)
    if weights.get("B"):
        vector += SearchVector(*weights["B"], weight="B", config=SEARCH_CONFIG)
    if weights.get("C"):
        vector += SearchVector(*weights["C"], weight="C", config=SEARCH_CONFIG)
    return vector


def refresh_search_vectors(model, pks=None):
    """Recompute stored vectors for some records of a model (all when pks is None)."""
    if not is_postgresql():
        return
    queryset = model._base_manager.all()
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    queryset.update(search_vector=search_vector_expression(model))


def refresh_tagged_search_vectors(tag_links, searchable):
    """Recompute the vectors of tagged records, given as (content_type_id, object_id) pairs,
    for those of the `searchable` models.

    Tag names are part of each record's vector: a renamed, merged or deleted tag makes every
    record that carries (or carried) it stale.
    """
    if not is_postgresql():
        return
    from django.contrib.contenttypes.models import ContentType

    by_type = {}
    for content_type_id, object_id in tag_links:
        by_type.setdefault(content_type_id, []).append(object_id)
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model in searchable:
            refresh_search_vectors(model, ids)


def refresh_all_search_vectors(searchable):
    """Recompute every stored vector of each of the `searchable` models."""
    for model in searchable:
        refresh_search_vectors(model)


def word_pattern(word):
    """Where a query word is marked in a text: where a word starts ("generative" in
    "generatively"), a two-letter one only as a whole word ("AI", not the "Ai" of "Aires"); a
    word in a script written without spaces (`unspaced`) wherever it occurs."""
    escaped = re.escape(word)
    if unspaced(word):
        return escaped
    if len(word) <= 2:
        return rf"(?<!\w){escaped}(?!\w)"
    return rf"(?<!\w){escaped}"


def highlight(text, raw_query, length=240):
    """An escaped excerpt of text around the first matching word, the matches in <mark>.

    Everything an editor typed is escaped before the marks are added.
    """
    text = text or ""
    words = [w.strip("\"'") for w in normalize_query(raw_query).split()]
    words = [w for w in words if len(w) > 1 and w.lower() not in {"or", "and"}]
    pattern = (
        re.compile("|".join(word_pattern(w) for w in sorted(words, key=len, reverse=True)), re.I)
        if words
        else None
    )
    start = 0
    if pattern and (found := pattern.search(text)) and len(text) > length:
        start = max(0, found.start() - length // 3)
    excerpt = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    if not pattern:
        return escape(prefix + excerpt + suffix)
    pieces, last = [], 0
    for match in pattern.finditer(excerpt):
        pieces.append(escape(excerpt[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(excerpt[last:]))
    return mark_safe(escape(prefix) + "".join(pieces) + escape(suffix))


# --- Searching every record type, with highlighted snippets -----------------------------------

# Private-use characters mark a headline's matches in SQL; the text is escaped before they
# become <mark> tags, so nothing an editor typed is ever rendered as HTML.
START_SEL, STOP_SEL = "\ue000", "\ue001"
MARKED = re.compile(f"{START_SEL}(.*?){STOP_SEL}", re.S)


def snippet_field(model):
    """The longer text a result's snippet is cut from: the first of the C-weighted fields."""
    return model.search_weights.get("C", [None])[0]


def search_with_snippets(model, raw_query, queryset=None):
    """model.objects.search() (or `queryset`, already searched), with tags prefetched and, on
    PostgreSQL, a SearchHeadline."""
    queryset = model.objects.search(raw_query) if queryset is None else queryset
    if hasattr(model, "tags"):
        queryset = queryset.prefetch_related(Prefetch("tags", to_attr="tags_rows"))
    text_field = snippet_field(model)
    query = normalize_query(raw_query)[:MAX_QUERY_LENGTH]
    if is_postgresql() and text_field and query:
        queryset = queryset.annotate(
            headline=SearchHeadline(
                text_field,
                SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG),
                config=SEARCH_CONFIG,
                start_sel=START_SEL,
                stop_sel=STOP_SEL,
                max_words=35,
                min_words=15,
            )
        )
    return queryset


def marked_headline(headline):
    """Escape a SearchHeadline, then turn its selection markers into <mark>."""
    escaped = escape(headline)
    marked = MARKED.sub(lambda m: f"<mark>{m.group(1)}</mark>", escaped)
    return mark_safe(marked.replace(START_SEL, "").replace(STOP_SEL, ""))


def add_snippets(records, raw_query):
    """Give each result `name_html` and `snippet_html`: escaped text, matches in <mark>."""
    for record in records:
        model = type(record)
        record.name_html = highlight(str(getattr(record, model.search_weights["A"][0])), raw_query)
        headline = getattr(record, "headline", None)
        if headline and START_SEL in headline:
            record.snippet_html = marked_headline(headline)
        else:
            text_field = snippet_field(model)
            text = getattr(record, text_field, "") if text_field else ""
            record.snippet_html = highlight(text, raw_query) if text else ""
    return records


# Ranking reads the stored vector of every match, and a common word matches most of a table
# ("city" matches ~89,000 of 100,000 generated productions: 0.35 s per type to rank). So on
# PostgreSQL each type ranks at most CANDIDATES of its matches: the first names that match
# (trigram index) and the first texts that match (GIN index), first by id; a name match ranks
# first anyway.
CANDIDATES = 500
# Counting every match of a common word costs as much as ranking them: totals stop here and
# show as "1000+".
COUNT_CAP = 1000


def candidates(model, query, limit=CANDIDATES, by_id=True):
    """The pks of at most 2 * limit records matching `query`: the first `limit` whose text
    matches (GIN index) and, unless the text matches alone fill `limit`, the first `limit`
    whose name matches (trigram index).

    First by id, so that a search shows the same records every time: the first rows
    PostgreSQL happens to read depend on where a record's latest save put its row, and on
    which of a parallel scan's workers answers first. A count (`by_id=False`) needs no order:
    either a kind of match is all there, or `limit` of them already make the count capped.

    Name matching forgives typos, which a word that fills the candidates by itself does not
    need. It is also the slow half for such a word: PostgreSQL reads the (name, id) index
    testing every name rather than the trigram index (110 ms instead of 6 ms for a word in
    1,500 of 100,000 titles), so the text condition switches it off in the same query.
    """
    name_field = model.search_weights["A"][0]
    order = ["pk"] if by_id else []
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    by_text = model.objects.filter(search_vector=search_query).order_by(*order).values("pk")
    by_name = (
        model.objects.alias(text_fills_limit=Exists(by_text[limit - 1 : limit]))
        .filter(**{f"{name_field}__trigram_word_similar": query}, text_fills_limit=False)
        .order_by(*order)
        .values("pk")
    )
    found = by_text[:limit].union(by_name[:limit])
    if unspaced(query):
        by_words = model.objects.filter(words_in_fields(model, query)).order_by(*order)
        found = found.union(by_words.values("pk")[:limit])
    return found


@contextmanager
def trigram_index_for_names():
    """Within it, PostgreSQL finds the names spelled like a query through the trigram index.

    When text matches are few (two words rarely in one text, say), every type's names are
    matched, and for that PostgreSQL prefers reading the whole (name, id) index and testing
    each name (an index-only scan): 667 ms for "promise autowave" over 100,000 titles, where
    the trigram index took 68 ms. Index-only scans are off in the search's own transaction
    (`SET LOCAL`); inside a larger one (a savepoint), they are put back as they were when it
    ends, and a rollback puts them back by itself.
    """
    if not is_postgresql():
        yield
        return
    nested = connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_indexonlyscan'),"
                " set_config('enable_indexonlyscan', 'off', true)"
            )
            before = cursor.fetchone()[0]
        yield
        if nested:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('enable_indexonlyscan', %s, true)", [before])


def capped_count(model, query, matches):
    """(count, capped): how many records match, up to COUNT_CAP, and whether there are more.
    On PostgreSQL, counted from the two indexes rather than by testing both conditions on
    every row."""
    if is_postgresql():
        count = candidates(model, query, limit=COUNT_CAP + 1, by_id=False).count()
    else:
        count = matches.order_by().values("pk")[: COUNT_CAP + 1].count()
    return min(count, COUNT_CAP), count > COUNT_CAP


def search_everything(raw_query, models, per_type=10):
    """The best `per_type` matches of each model in `models` (key -> model), with each one's
    total (capped at COUNT_CAP): two queries per model plus one per model whose results carry
    tags."""
    query = normalize_query(raw_query)[:MAX_QUERY_LENGTH]
    groups = []
    for key, model in models.items():
        matches = model.objects.search(raw_query)
        shown = matches
        if is_postgresql() and query:
            shown = model.objects.filter(pk__in=candidates(model, query)).ranked(query)
        results = list(search_with_snippets(model, raw_query, shown)[:per_type])
        if not results:
            continue
        total, capped = (
            (len(results), False)
            if len(results) < per_type
            else capped_count(model, query, matches)
        )
        groups.append(
            {
                "key": key,
                "model": model,
                "results": add_snippets(results, raw_query),
                "total": total,
                "capped": capped,
            }
        )
    return groups
