"""The public site: lists, record pages, stages, tags, search and the timeline.

Every page runs a fixed number of queries whatever the size of the catalog: related rows come
through select_related / prefetch_related, counts are correlated subqueries annotated on the
rows a page shows, and any relation that can grow without bound (a tool's uses, a source's
citations) is shown up to LIMIT rows with its full count and a link to a filtered list.

Each page view is wrapped in catalog.cache.cached_page: an anonymous reader's repeat visit is
served from memory until the next edit, with one query.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag, TaggedItem

from catalog import search as catalog_search
from catalog import tags
from catalog.cache import cached_page, remember
from catalog.models import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    AITool,
    AIUse,
    Controversy,
    Credit,
    Figure,
    Person,
    PersonRole,
    Production,
    ProductionStudio,
    Quote,
    Source,
    Stage,
    Studio,
)

PER_PAGE = 24
LIMIT = 50  # the most linked records one page shows; the full count links to a filtered list
RELATED_LIMIT = 6
RELATED_CANDIDATES = 500  # per tag, at scale: see compute_related_records()
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")

TYPE_LABELS = {
    Production: ("production", "Productions", "production_list"),
    Studio: ("studio", "Studios", "studio_list"),
    AITool: ("AI tool", "AI tools", "tool_list"),
    Controversy: ("controversy", "Controversies", "controversy_list"),
    Person: ("person", "People", "person_list"),
    Source: ("source", "Sources", "source_list"),
}
TAGGED_MODELS = [Production, Studio, AITool, Controversy, Person]


# --- Helpers shared by the pages -------------------------------------------------------------


def count_of(model, field_name, distinct=None):
    """A correlated count of `model` rows pointing at the outer row through `field_name`.

    Evaluated only for the rows a page shows (unlike a GROUP BY over every joined row), and
    several of them on one queryset do not multiply each other as joined Counts would.
    """
    counted = Count(distinct, distinct=True) if distinct else Count("*")
    rows = (
        model.objects.filter(**{field_name: OuterRef("pk")})
        .order_by()
        .values(field_name)
        .annotate(n=counted)
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def requested_page(request):
    """The page number asked for: a whole number from 1, else a 404."""
    raw = request.GET.get("page") or "1"
    try:
        number = int(raw)
    except ValueError:
        raise Http404("That page number is not a whole number.") from None
    if number < 1:
        raise Http404("Pages are numbered from 1.")
    return number


def paginate(request, queryset, per_page=PER_PAGE):
    """The one place a list is cut into pages.

    A page number that is not a whole number gets a 404; one past the end shows the last page.
    Swap this function for a keyset paginator to make deep pages cheaper: templates only use
    the Page API through _pagination.html.
    """
    number = requested_page(request)
    # The pager walks ids only, so a deep page costs one index read, not computing every
    # row's linked-record counts up to the offset; the page's own rows are fetched by id.
    if isinstance(queryset, list) or queryset.query.combinator or queryset._fields is not None:
        paginator = Paginator(queryset, per_page)
        return paginator.page(min(number, paginator.num_pages))
    ids = queryset.values_list("pk", flat=True)
    paginator = Paginator(ids, per_page)
    # Counting every row of a list (100,000 productions, or those carrying a popular tag) on
    # every request costs more than the rest of the page: counted once until the next edit.
    key = hashlib.sha1(str(ids.order_by().query).encode()).hexdigest()
    paginator.count = remember(f"count:{key}", ids.order_by().count)
    page = paginator.page(min(number, paginator.num_pages))
    ids = list(page.object_list)
    by_id = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=ids)}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page


class Citations:
    """Numbers each source the first time a claim on the page cites it: [1], [2], ...

    cite() is called in the order the page shows its claims, so the markers count up down the
    page; `sources` is the numbered list for the foot of the page.
    """

    def __init__(self):
        self.numbers = {}
        self.sources = []

    def cite(self, claim):
        marks = []
        for source in claim.sources.all():
            if source.pk not in self.numbers:
                self.sources.append(source)
                self.numbers[source.pk] = len(self.sources)
            marks.append(self.numbers[source.pk])
        claim.citations = sorted(set(marks))
        return claim

    def cite_all(self, claims):
        return [self.cite(claim) for claim in claims]


def related_records(record, limit=RELATED_LIMIT):
    """Records of any type sharing the most tags with `record`, cached until the next edit."""
    key = f"related:{record._meta.label_lower}:{record.pk}:{limit}"
    return remember(key, lambda: compute_related_records(record, limit))


def compute_related_records(record, limit):
    tag_ids = [tag.pk for tag in record.tags.all()]
    if not tag_ids:
        return []
    own_type = ContentType.objects.get_for_model(record)
    catalog_types = ContentType.objects.get_for_models(*TAGGED_MODELS)
    links = TaggedItem.objects.filter(
        content_type_id__in=[ct.pk for ct in catalog_types.values()]
    ).exclude(content_type=own_type, object_id=record.pk)
    if connection.features.supports_slicing_ordering_in_compound:
        # Counting shared tags over every record of a popular tag groups ~150,000 links at
        # scale (~80 ms); the candidates are instead the latest RELATED_CANDIDATES records of
        # each tag, read backwards from an index (migration 0013), in one UNION ALL query.
        per_tag = [
            links.filter(tag_id=tag_id)
            .order_by("-id")
            .values_list("content_type_id", "object_id")[:RELATED_CANDIDATES]
            for tag_id in tag_ids
        ]
        shared = Counter(per_tag[0].union(*per_tag[1:], all=True))
        rows = [
            {"content_type_id": type_id, "object_id": object_id, "shared": n}
            for (type_id, object_id), n in sorted(
                shared.items(), key=lambda item: (-item[1], item[0][0], -item[0][1])
            )[:limit]
        ]
    else:  # SQLite, which cannot slice inside a UNION: the exact count over every link
        rows = list(
            links.filter(tag_id__in=tag_ids)
            .values("content_type_id", "object_id")
            .annotate(shared=Count("id"))
            .order_by("-shared", "content_type_id", "-object_id")[:limit]
        )
    models_by_type = {ct.pk: model for model, ct in catalog_types.items()}
    found = {}
    for type_id in {row["content_type_id"] for row in rows}:
        model = models_by_type[type_id]
        ids = [row["object_id"] for row in rows if row["content_type_id"] == type_id]
        for obj in model.objects.filter(pk__in=ids):
            found[(type_id, obj.pk)] = obj
    related = []
    for row in rows:
        obj = found.get((row["content_type_id"], row["object_id"]))
        if obj is not None:
            related.append({"record": obj, "type": type_label(obj), "shared": row["shared"]})
    return related


def type_label(obj):
    return TYPE_LABELS[type(obj)][0]


def clean_slug(value):
    return value if value and SLUG_RE.match(value) else None


# --- Lists -----------------------------------------------------------------------------------


@dataclass
class Listing:
    """What one list page shows, how it sorts and which filters apply."""

    model: type
    title: str
    card: str
    queryset: callable
    sorts: dict
    filters: tuple
    kind_label: str = "Kind"
    kind_choices: list = field(default_factory=list)
    # filter name -> function(queryset, value) for the filters whose lookup differs per type
    lookups: dict = field(default_factory=dict)


def production_queryset():
    return Production.objects.prefetch_related("tags").annotate(
        use_count=count_of(AIUse, "production"),
        studio_count=count_of(ProductionStudio, "production", distinct="studio"),
        controversy_count=count_of(Controversy.productions.through, "production"),
    )


def studio_queryset():
    return Studio.objects.prefetch_related("tags").annotate(
        production_count=count_of(ProductionStudio, "studio", distinct="production"),
        use_count=count_of(AIUse, "studio"),
        tool_count=count_of(AITool, "vendor"),
        controversy_count=count_of(Controversy.studios.through, "studio"),
    )


def tool_queryset():
    return (
        AITool.objects.select_related("vendor")
        .prefetch_related("tags")
        .annotate(
            use_count=count_of(AIUse, "tool"),
            production_count=count_of(AIUse, "tool", distinct="production"),
            controversy_count=count_of(Controversy.tools.through, "aitool"),
        )
    )


def controversy_queryset():
    return Controversy.objects.prefetch_related("tags").annotate(
        production_count=count_of(Controversy.productions.through, "controversy"),
        studio_count=count_of(Controversy.studios.through, "controversy"),
        tool_count=count_of(Controversy.tools.through, "controversy"),
        person_count=count_of(Controversy.people.through, "controversy"),
    )


def person_queryset():
    return Person.objects.prefetch_related(
        "tags", Prefetch("roles", PersonRole.objects.select_related("studio"))
    ).annotate(
        quote_count=count_of(Quote, "person"),
        credit_count=count_of(Credit, "person"),
        controversy_count=count_of(Controversy.people.through, "person"),
    )


def source_queryset():
    claims = [
        (AIUse.sources.through, "source"),
        (Controversy.sources.through, "source"),
        (Quote.sources.through, "source"),
        (Figure.sources.through, "source"),
    ]
    records = [
        (Production.sources.through, "source"),
        (Studio.sources.through, "source"),
        (AITool.sources.through, "source"),
        (Person.sources.through, "source"),
    ]
    claim_count = sum((count_of(m, f) for m, f in claims[1:]), count_of(*claims[0]))
    record_count = sum((count_of(m, f) for m, f in records[1:]), count_of(*records[0]))
    return Source.objects.annotate(claim_count=claim_count, record_count=record_count)


def uses_at(stage, column):
    return AIUse.objects.filter(stage=stage).values(column)


LISTINGS = {
    "productions": Listing(
        model=Production,
        title="Productions",
        card="catalog/_production_card.html",
        queryset=production_queryset,
        sorts={
            "title": ("Title", ["title", "pk"]),
            "year": ("Newest first", [F("year").desc(nulls_last=True), "title", "pk"]),
            "uses": ("Most AI uses", ["-use_count", "title", "pk"]),
            "added": ("Recently added", ["-pk"]),
        },
        filters=("tag", "stage", "kind", "year", "tool", "studio"),
        kind_choices=Production.Kind.choices,
        lookups={
            "stage": lambda qs, stage: qs.filter(pk__in=uses_at(stage, "production_id")),
            "tool": lambda qs, tool: qs.filter(
                pk__in=AIUse.objects.filter(tool=tool).values("production_id")
            ),
            "studio": lambda qs, studio: qs.filter(
                pk__in=ProductionStudio.objects.filter(studio=studio).values("production_id")
            ),
            "year": lambda qs, year: qs.filter(year=year),
        },
    ),
    "studios": Listing(
        model=Studio,
        title="Studios",
        card="catalog/_studio_card.html",
        queryset=studio_queryset,
        sorts={
            "name": ("Name", ["name", "pk"]),
            "uses": ("Most AI uses", ["-use_count", "name", "pk"]),
            "productions": ("Most productions", ["-production_count", "name", "pk"]),
            "added": ("Recently added", ["-pk"]),
        },
        filters=("tag", "stage", "kind", "tool"),
        kind_choices=Studio.Kind.choices,
        lookups={
            "stage": lambda qs, stage: qs.filter(pk__in=uses_at(stage, "studio_id")),
            "tool": lambda qs, tool: qs.filter(
                Q(pk__in=AIUse.objects.filter(tool=tool).values("studio_id")) | Q(pk=tool.vendor_id)
            ),
        },
    ),
    "tools": Listing(
        model=AITool,
        title="AI tools",
        card="catalog/_tool_card.html",
        queryset=tool_queryset,
        sorts={
            "name": ("Name", ["name", "pk"]),
            "uses": ("Most AI uses", ["-use_count", "name", "pk"]),
            "added": ("Recently added", ["-pk"]),
        },
        filters=("tag", "stage", "kind", "studio"),
        kind_label="Technique",
        kind_choices=AITool.Technique.choices,
        lookups={
            "stage": lambda qs, stage: qs.filter(pk__in=uses_at(stage, "tool_id")),
            "kind": lambda qs, kind: qs.filter(technique=kind),
            "studio": lambda qs, studio: qs.filter(
                Q(pk__in=AIUse.objects.filter(studio=studio).values("tool_id")) | Q(vendor=studio)
            ),
        },
    ),
    "controversies": Listing(
        model=Controversy,
        title="Controversies",
        card="catalog/_controversy_card.html",
        queryset=controversy_queryset,
        sorts={
            "year": ("Newest first", [F("year").desc(nulls_last=True), "title", "pk"]),
            "title": ("Title", ["title", "pk"]),
            "added": ("Recently added", ["-pk"]),
        },
        filters=("tag", "year"),
        lookups={"year": lambda qs, year: qs.filter(year=year)},
    ),
    "people": Listing(
        model=Person,
        title="People",
        card="catalog/_person_card.html",
        queryset=person_queryset,
        sorts={
            "name": ("Name", ["name", "pk"]),
            "quotes": ("Most quoted", ["-quote_count", "name", "pk"]),
            "added": ("Recently added", ["-pk"]),
        },
        filters=("tag",),
    ),
    "sources": Listing(
        model=Source,
        title="Sources",
        card="catalog/_source_card.html",
        queryset=source_queryset,
        sorts={
            "title": ("Title", ["title", "pk"]),
            "cited": ("Most cited claims", ["-claim_count", "title", "pk"]),
            "published": (
                "Newest first",
                [F("published").desc(nulls_last=True), "title", "pk"],
            ),
            "added": ("Recently added", ["-pk"]),
        },
        filters=("year",),
        lookups={"year": lambda qs, year: qs.filter(published__year=year)},
    ),
}


def apply_filters(request, listing, queryset):
    """Apply the filters in the query string; explain (and ignore) values that do not exist.

    Returns the filtered queryset, the form's options, the active filters and the notes.
    """
    notes, active, options = [], {}, {}
    get = request.GET

    if "tag" in listing.filters:
        options["tags"] = list(Tag.objects.order_by("name").values("slug", "name"))
        value = get.get("tag", "")
        if value:
            tag = next((t for t in options["tags"] if t["slug"] == value), None)
            if tag:
                queryset = queryset.filter(tags__slug=tag["slug"])
                active["tag"] = tag["name"]
            else:
                notes.append(f"There is no tag “{value[:60]}”, so that filter was ignored.")

    if "stage" in listing.filters:
        options["stages"] = list(Stage.objects.all())
        value = get.get("stage", "")
        if value:
            stage = next((s for s in options["stages"] if s.slug == value), None)
            if stage:
                queryset = listing.lookups["stage"](queryset, stage)
                active["stage"] = stage.name
            else:
                notes.append(f"There is no stage “{value[:60]}”, so that filter was ignored.")

    if "kind" in listing.filters:
        options["kinds"] = listing.kind_choices
        value = get.get("kind", "")
        if value:
            labels = dict(listing.kind_choices)
            if value in labels:
                lookup = listing.lookups.get("kind", lambda qs, v: qs.filter(kind=v))
                queryset = lookup(queryset, value)
                active["kind"] = labels[value]
            else:
                notes.append(
                    f"“{value[:60]}” is not a {listing.kind_label.lower()} here, "
                    "so that filter was ignored."
                )

    if "year" in listing.filters:
        value = get.get("year", "").strip()
        if value:
            try:
                year = int(value)
            except ValueError:
                year = None
            if year is not None and EARLIEST_YEAR <= year <= LATEST_YEAR:
                queryset = listing.lookups["year"](queryset, year)
                active["year"] = str(year)
            else:
                notes.append(
                    f"“{value[:60]}” is not a year between {EARLIEST_YEAR} and {LATEST_YEAR}, "
                    "so that filter was ignored."
                )

    for name, model in (("tool", AITool), ("studio", Studio)):
        if name in listing.filters and get.get(name):
            slug = clean_slug(get.get(name))
            record = model.objects.filter(slug=slug).first() if slug else None
            if record:
                queryset = listing.lookups[name](queryset, record)
                active[name] = str(record)
            else:
                notes.append(
                    f"There is no {TYPE_LABELS[model][0]} “{get.get(name)[:60]}”, "
                    "so that filter was ignored."
                )
    return queryset, options, active, notes


def record_list(request, kind):
    listing = LISTINGS[kind]
    queryset, options, active, notes = apply_filters(request, listing, listing.queryset())
    default_sort = next(iter(listing.sorts))
    sort = request.GET.get("sort", "") or default_sort
    if sort not in listing.sorts:
        notes.append(f"Cannot sort by “{sort[:60]}”: sorted by {listing.sorts[default_sort][0]}.")
        sort = default_sort
    page = paginate(request, queryset.order_by(*listing.sorts[sort][1]))
    return render(
        request,
        "catalog/list.html",
        {
            "listing": listing,
            "page_obj": page,
            "options": options,
            "active": active,
            "notes": notes,
            "sort": sort,
            "sorts": [(key, label) for key, (label, _) in listing.sorts.items()],
            "selected": {name: request.GET.get(name, "") for name in listing.filters},
        },
    )


def list_view(kind):
    @cached_page
    def view(request):
        return record_list(request, kind)

    view.__name__ = f"{kind}_list"
    return view


production_list = list_view("productions")
studio_list = list_view("studios")
tool_list = list_view("tools")
controversy_list = list_view("controversies")
person_list = list_view("people")
source_list = list_view("sources")


# --- Record pages ----------------------------------------------------------------------------

with_sources = Prefetch("sources", Source.objects.order_by("pk"))


def claims(model, *related):
    """A queryset of claims with what they link to and their sources, in one query each."""
    queryset = model.objects.select_related(*related) if related else model.objects.all()
    return queryset.prefetch_related(with_sources)


def detail_context(record, citations, **extra):
    return {
        "record": record,
        "record_type": type_label(record),
        "record_list": TYPE_LABELS[type(record)],
        "citations": citations,
        "related": related_records(record) if hasattr(record, "tags") else [],
        **extra,
    }


@cached_page
def production_detail(request, slug):
    production = get_object_or_404(
        Production.objects.prefetch_related(
            "tags",
            with_sources,
            Prefetch("studio_roles", claims(ProductionStudio, "studio")),
            Prefetch("ai_uses", claims(AIUse, "tool", "studio", "stage")),
            Prefetch("credits", claims(Credit, "person")),
            Prefetch("quotes", claims(Quote, "person")),
            Prefetch("figures", claims(Figure)),
            Prefetch("controversies", claims(Controversy).order_by("-year", "title")),
        ),
        slug=slug,
    )
    c = Citations()
    c.cite(production)
    context = detail_context(
        production,
        c,
        studio_roles=c.cite_all(production.studio_roles.all()),
        uses=c.cite_all(production.ai_uses.all()),
        credits=c.cite_all(production.credits.all()),
        quotes=c.cite_all(production.quotes.all()),
        figures=c.cite_all(production.figures.all()),
        controversies=c.cite_all(production.controversies.all()),
    )
    return render(request, "catalog/production_detail.html", context)


@cached_page
def studio_detail(request, slug):
    studio = get_object_or_404(
        studio_queryset().prefetch_related(
            with_sources,
            Prefetch(
                "production_roles",
                claims(ProductionStudio, "production").order_by("-production_id")[:LIMIT],
                to_attr="shown_roles",
            ),
            Prefetch(
                "tools_made",
                AITool.objects.order_by("name")[:LIMIT],
                to_attr="shown_tools_made",
            ),
            Prefetch(
                "ai_uses",
                claims(AIUse, "tool", "production", "stage").order_by(
                    "stage__position", "tool__name", "-pk"
                )[:LIMIT],
                to_attr="shown_uses",
            ),
            Prefetch("people_roles", claims(PersonRole, "person")),
            Prefetch("figures", claims(Figure)),
            Prefetch(
                "controversies",
                claims(Controversy).order_by("-year", "title")[:LIMIT],
                to_attr="shown_controversies",
            ),
        ),
        slug=slug,
    )
    c = Citations()
    c.cite(studio)
    context = detail_context(
        studio,
        c,
        figures=c.cite_all(studio.figures.all()),
        production_roles=c.cite_all(studio.shown_roles),
        uses=c.cite_all(studio.shown_uses),
        people_roles=c.cite_all(studio.people_roles.all()),
        controversies=c.cite_all(studio.shown_controversies),
        limit=LIMIT,
    )
    return render(request, "catalog/studio_detail.html", context)


@cached_page
def tool_detail(request, slug):
    tool = get_object_or_404(
        tool_queryset().prefetch_related(
            with_sources,
            Prefetch(
                "controversies",
                claims(Controversy).order_by("-year", "title")[:LIMIT],
                to_attr="shown_controversies",
            ),
        ),
        slug=slug,
    )
    # The first LIMIT uses in stage order, without sorting every use of a popular tool
    # (~40,000 at scale): the latest LIMIT at each stage, each read from the end of the
    # (tool, stage, id) index, then the first LIMIT of those.
    first_at_stage = Q(pk__in=[])
    for stage_id in Stage.objects.values_list("pk", flat=True):
        first_at_stage |= Q(
            pk__in=AIUse.objects.filter(tool=tool, stage_id=stage_id)
            .order_by("-pk")
            .values("pk")[:LIMIT]
        )
    shown_uses = list(
        claims(AIUse, "production", "studio", "stage")
        .filter(first_at_stage, tool=tool)
        .order_by("stage__position", "-pk")[:LIMIT]
    )
    c = Citations()
    c.cite(tool)
    context = detail_context(
        tool,
        c,
        uses=c.cite_all(shown_uses),
        controversies=c.cite_all(tool.shown_controversies),
        limit=LIMIT,
    )
    return render(request, "catalog/tool_detail.html", context)


@cached_page
def controversy_detail(request, slug):
    controversy = get_object_or_404(
        Controversy.objects.prefetch_related(
            "tags",
            with_sources,
            "studios",
            "people",
            Prefetch("tools", AITool.objects.select_related("vendor")),
            "productions",
            Prefetch("quotes", claims(Quote, "person")),
        ),
        slug=slug,
    )
    c = Citations()
    c.cite(controversy)
    context = detail_context(controversy, c, quotes=c.cite_all(controversy.quotes.all()))
    return render(request, "catalog/controversy_detail.html", context)


@cached_page
def person_detail(request, slug):
    # A prolific person has thousands of credits at scale (1,658 for the busiest generated
    # one): the page shows the first LIMIT of each kind with the full count.
    person = get_object_or_404(
        Person.objects.annotate(
            quote_count=count_of(Quote, "person"),
            credit_count=count_of(Credit, "person"),
            controversy_count=count_of(Controversy.people.through, "person"),
        ).prefetch_related(
            "tags",
            with_sources,
            Prefetch("roles", claims(PersonRole, "studio")),
            Prefetch(
                "credits",
                claims(Credit, "production").order_by("production__title", "pk")[:LIMIT],
                to_attr="shown_credits",
            ),
            Prefetch(
                "quotes",
                claims(Quote, "production", "controversy").order_by("pk")[:LIMIT],
                to_attr="shown_quotes",
            ),
            Prefetch(
                "controversies",
                claims(Controversy).order_by("-year", "title")[:LIMIT],
                to_attr="shown_controversies",
            ),
        ),
        slug=slug,
    )
    c = Citations()
    c.cite(person)
    context = detail_context(
        person,
        c,
        roles=c.cite_all(person.roles.all()),
        credits=c.cite_all(person.shown_credits),
        quotes=c.cite_all(person.shown_quotes),
        controversies=c.cite_all(person.shown_controversies),
        limit=LIMIT,
    )
    return render(request, "catalog/person_detail.html", context)


@cached_page
def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    cited_by = [
        ("Productions", source.productions.all()),
        ("Studios", source.studios.all()),
        ("AI tools", source.tools.select_related("vendor")),
        ("People", source.people.all()),
        ("Controversies", source.controversies.all()),
        ("AI uses", source.ai_uses.select_related("tool", "production", "studio", "stage")),
        ("Quotes", source.quotes.select_related("person")),
        ("Figures", source.figures.select_related("studio", "production")),
        ("Studio roles", source.production_studios.select_related("production", "studio")),
        ("Roles at studios", source.person_roles.select_related("person", "studio")),
        ("Credits", source.credits.select_related("person", "production")),
        ("Stages", source.stages.all()),
    ]
    groups = []
    for label, queryset in cited_by:
        shown = list(queryset.order_by("pk")[:LIMIT])
        total = len(shown) if len(shown) < LIMIT else queryset.count()
        if shown:
            groups.append({"label": label, "records": shown, "total": total})
    return render(
        request,
        "catalog/source_detail.html",
        {
            "record": source,
            "record_type": "source",
            "record_list": TYPE_LABELS[Source],
            "groups": groups,
            "limit": LIMIT,
        },
    )


@cached_page
def stage_detail(request, slug):
    stage = get_object_or_404(Stage.objects.prefetch_related(with_sources), slug=slug)
    # Ranking every tool and production by its uses at a stage groups ~100,000 uses at scale:
    # cached until the next edit.
    uses, use_count, tools, productions = remember(
        f"stage:{stage.pk}", lambda: stage_contents(stage)
    )
    c = Citations()
    c.cite(stage)
    c.cite_all(uses)
    return render(
        request,
        "catalog/stage_detail.html",
        {
            "record": stage,
            "stages": Stage.objects.all(),
            "uses": uses,
            "use_count": use_count,
            "tools": tools,
            "productions": productions,
            "citations": c,
            "limit": LIMIT,
        },
    )


def stage_contents(stage):
    uses = list(
        claims(AIUse, "tool", "production", "studio").filter(stage=stage).order_by("-pk")[:LIMIT]
    )
    use_count = len(uses) if len(uses) < LIMIT else AIUse.objects.filter(stage=stage).count()
    tools = list(
        AITool.objects.filter(uses__stage=stage)
        .annotate(stage_uses=Count("uses"))
        .order_by("-stage_uses", "name")[:LIMIT]
    )
    productions = list(
        Production.objects.filter(ai_uses__stage=stage)
        .annotate(stage_uses=Count("ai_uses"))
        .order_by("-stage_uses", "title")[:LIMIT]
    )
    return uses, use_count, tools, productions


# --- Home, tags, search, timeline --------------------------------------------------------


@cached_page
def home(request):
    """Counts, the pipeline and the top tags read every row at scale: cached until an edit."""
    return render(request, "catalog/home.html", remember("home", home_contents))


def home_contents():
    counts = [
        (label, model.objects.count(), list_name)
        for model, (_, label, list_name) in TYPE_LABELS.items()
    ]
    stages = list(Stage.objects.annotate(use_count=Count("ai_uses")).order_by("position"))
    # The five latest uses of each stage, each stage's ids read from the end of the primary key
    # index. (Or-ing the five as subqueries made PostgreSQL test every use: 160 ms at scale.)
    latest_ids = [
        pk
        for stage in stages
        for pk in AIUse.objects.filter(stage=stage).order_by("-pk").values_list("pk", flat=True)[:5]
    ]
    latest_uses = AIUse.objects.filter(pk__in=latest_ids).select_related(
        "tool", "production", "studio"
    )
    for stage in stages:
        stage.latest_uses = []
    by_stage = {stage.pk: stage for stage in stages}
    for use in latest_uses.order_by("-pk"):
        by_stage[use.stage_id].latest_uses.append(use)
    latest = []
    for model in TYPE_LABELS:
        # Newest by id, as the lists' "Recently added": read from the primary key index.
        latest.extend(model.objects.order_by("-pk")[:6])
    latest.sort(key=lambda obj: obj.created, reverse=True)
    latest = [{"record": obj, "type": type_label(obj)} for obj in latest[:8]]
    return {"counts": counts, "stages": stages, "latest": latest, "top_tags": top_tags(12)}


def tags_with_counts():
    return Tag.objects.annotate(record_count=Count("taggit_taggeditem_items")).filter(
        record_count__gt=0
    )


def all_tags():
    """Every tag in use with its record count, by name. Counting groups ~1,000,000 links at
    scale (~150 ms): cached until an edit, and shared by /tags/ and the home page."""
    return remember("tag-list", lambda: list(tags_with_counts().order_by("name")))


def top_tags(limit):
    return sorted(all_tags(), key=lambda tag: (-tag.record_count, tag.name))[:limit]


@cached_page
def tag_list(request):
    return render(request, "catalog/tag_list.html", {"tags": all_tags()})


@cached_page
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    also = None
    notes = []
    raw_also = request.GET.get("and", "")
    if raw_also:
        also = Tag.objects.filter(slug=raw_also).first() if tags.is_slug(raw_also) else None
        if also is None or also == tag:
            notes.append(f"There is no other tag “{raw_also[:60]}” to narrow by.")
            also = None
    # Sorting and counting a tag's records and the tags they share read every link of a
    # popular tag (~150,000 at scale): cached until the next edit.
    found, narrow = remember(
        f"tag:{tag.pk}:{also.pk if also else ''}", lambda: tag_contents(tag, also)
    )
    groups = [
        {
            "listing": LISTINGS[kind],
            "kind": kind,
            "records": records,
            "total": total,
            "list_url_name": TYPE_LABELS[LISTINGS[kind].model][2],
        }
        for kind, records, total in found
    ]
    return render(
        request,
        "catalog/tag_detail.html",
        {
            "tag": tag,
            "also": also,
            "groups": groups,
            "narrow": narrow,
            "notes": notes,
            "record_count": sum(g["total"] for g in groups),
        },
    )


def tag_contents(tag, also):
    wanted = [tag] + ([also] if also else [])
    found = []
    for kind in ("productions", "studios", "tools", "controversies", "people"):
        listing = LISTINGS[kind]
        queryset = listing.queryset()
        for t in wanted:
            queryset = queryset.filter(tags=t)
        records = list(queryset.order_by(*next(iter(listing.sorts.values()))[1])[:LIMIT])
        total = len(records) if len(records) < LIMIT else queryset.count()
        found.append((kind, records, total))
    return found, co_occurring_tags(tag, also)


def co_occurring_tags(tag, also=None, limit=20):
    """Other tags on the records that carry `tag` (and `also`), most shared first."""
    carriers = TaggedItem.objects.filter(
        tag=tag, content_type_id=OuterRef("content_type_id"), object_id=OuterRef("object_id")
    )
    rows = TaggedItem.objects.exclude(tag=tag).filter(Exists(carriers))
    if also:
        rows = rows.exclude(tag=also).filter(
            Exists(
                TaggedItem.objects.filter(
                    tag=also,
                    content_type_id=OuterRef("content_type_id"),
                    object_id=OuterRef("object_id"),
                )
            )
        )
    return list(
        rows.values("tag__slug", "tag__name")
        .annotate(shared=Count("*"))
        .order_by("-shared", "tag__name")[:limit]
    )


@cached_page
def search(request):
    raw = request.GET.get("q", "")
    query = catalog_search.normalize_query(raw)
    notes = []
    if len(query) > catalog_search.MAX_QUERY_LENGTH:
        notes.append(
            f"Your search was {len(query):,} characters long: only the first "
            f"{catalog_search.MAX_QUERY_LENGTH} were used."
        )
        query = query[: catalog_search.MAX_QUERY_LENGTH]
    types = catalog_search.search_types()
    type_key = request.GET.get("type", "")
    if type_key and type_key not in types:
        notes.append(f"There is no record type “{type_key[:60]}”: searched every type.")
        type_key = ""
    groups, page = [], None
    if query:
        if type_key:
            model = types[type_key]
            page = paginate(request, catalog_search.search_with_snippets(model, query))
            catalog_search.add_snippets(page.object_list, query)
            groups = [
                {"key": type_key, "label": TYPE_LABELS[model][1], "results": page.object_list}
            ]
        else:
            groups = catalog_search.search_everything(query, per_type=10)
            for group in groups:
                group["label"] = TYPE_LABELS[group["model"]][1]
    return render(
        request,
        "catalog/search.html",
        {
            "q": query,
            "raw_given": bool(raw.strip()),
            "notes": notes,
            "groups": groups,
            "type_key": type_key,
            "page_obj": page,
            "total": sum(g.get("total", 0) for g in groups) if not page else None,
            "total_capped": any(g.get("capped") for g in groups),
        },
    )


TIMELINE_YEARS_PER_PAGE = 5
TIMELINE_EVENTS_PER_TYPE = 200


def timeline_sources():
    """Each kind of dated event with the year it happened (a date's year, else the year)."""
    return [
        (
            "release",
            Production.objects.annotate(
                event_year=Coalesce(
                    ExtractYear("release_date"), "year", output_field=IntegerField()
                )
            ).filter(event_year__isnull=False),
            "release_date",
        ),
        (
            "AI use",
            AIUse.objects.select_related("tool", "production", "studio", "stage")
            .annotate(event_year=Coalesce(ExtractYear("date"), "year", output_field=IntegerField()))
            .filter(event_year__isnull=False),
            "date",
        ),
        (
            "controversy",
            Controversy.objects.annotate(
                event_year=Coalesce(ExtractYear("date"), "year", output_field=IntegerField())
            ).filter(event_year__isnull=False),
            "date",
        ),
        (
            "quote",
            Quote.objects.select_related("person")
            .annotate(event_year=ExtractYear("said_on"))
            .filter(event_year__isnull=False),
            "said_on",
        ),
    ]


def timeline_years():
    sources = timeline_sources()
    year_sets = [qs.order_by().values_list("event_year", flat=True) for _, qs, _ in sources]
    return list(year_sets[0].union(*year_sets[1:]).order_by("-event_year"))


def timeline_events(years):
    """The events of some years, each kind capped; (by_year, capped)."""
    events = []
    capped = False
    for kind, queryset, date_field in timeline_sources():
        rows = list(
            queryset.filter(event_year__in=years).order_by("-event_year", "pk")[
                : TIMELINE_EVENTS_PER_TYPE + 1
            ]
        )
        capped = capped or len(rows) > TIMELINE_EVENTS_PER_TYPE
        for obj in rows[:TIMELINE_EVENTS_PER_TYPE]:
            events.append(
                {"kind": kind, "obj": obj, "year": obj.event_year, "date": getattr(obj, date_field)}
            )
    by_year = []
    for year in years:
        in_year = [e for e in events if e["year"] == year]
        in_year.sort(key=lambda e: (e["date"] is None, e["date"] or 0, e["kind"]))
        by_year.append({"year": year, "events": in_year})
    return by_year, capped


@cached_page
def timeline(request):
    # Listing the years that have events, and a page's events, reads every dated row of four
    # tables (~2.5 s at 100,000 productions): cached until the next edit.
    # Keyed by the parsed page number, so no visitor's input ends up in a cache key.
    page, by_year, capped = remember(
        f"timeline:{requested_page(request)}", lambda: timeline_page(request)
    )
    return render(
        request,
        "catalog/timeline.html",
        {"page_obj": page, "by_year": by_year, "capped": capped},
    )


def timeline_page(request):
    page = paginate(request, timeline_years(), per_page=TIMELINE_YEARS_PER_PAGE)
    return (page, *timeline_events(list(page.object_list)))
