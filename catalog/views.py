"""The public site: lists, record pages, stages, tags, search and the timeline.

Every page runs a fixed number of queries whatever the size of the catalog: related rows come
through select_related / prefetch_related, counts are correlated subqueries annotated on the
rows a page shows (each type's `with_counts()`), and any relation that can grow without bound
(a tool's uses, a source's citations) is shown up to LIMIT rows with its full count and a link
to a filtered list. Which types exist, and how each lists and sorts, is catalog/registry.py.

Each page view is wrapped in catalog.cache.cached_page: an anonymous reader's repeat visit is
served from memory until the next edit, with one query. Its `params` name the query parameters
the page reads; any other (a tracking parameter, a typo) is dropped before the page is
rendered, so it neither shows on the page nor makes a new cache entry.
"""

import hashlib
from html import escape  # what django.utils.html.escape does, without making a SafeString

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Lower
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format, localize, number_format
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from taggit.models import Tag, TaggedItem

from catalog import explorer, graph, registry, releases, tags
from catalog import search as catalog_search
from catalog.cache import cached_page, remember
from catalog.counts import record_counts, tag_companions, uses_by_year
from catalog.forms import AIUseFilterForm, GraphPathForm, ListFilterForm, narrowing_tags
from catalog.models import (
    TIMELINE_DATES,
    AITool,
    AIUse,
    Controversy,
    Credit,
    Figure,
    Likeness,
    Person,
    PersonRole,
    Production,
    ProductionStudio,
    Quote,
    Response,
    Rule,
    RuleLink,
    Source,
    Stage,
    Studio,
    Tally,
    count_of,
    event_year,
    prefetch_citations,
    record_page_addresses,
)

PER_PAGE = 24
LIMIT = 50  # the most linked records one page shows; the full count links to a filtered list
RELATED_LIMIT = 6
RELATED_CANDIDATES = 500  # per tag, at scale: see compute_related_records()
RELATED_SQL = """
    SELECT linked.content_type_id, linked.object_id, COUNT(*)
    FROM unnest(%s::bigint[]) AS tag (id)
    CROSS JOIN LATERAL (
        SELECT item.content_type_id, item.object_id
        FROM {table} item
        WHERE item.tag_id = tag.id AND item.content_type_id = ANY(%s)
            AND NOT (item.content_type_id = %s AND item.object_id = %s)
        ORDER BY item.id DESC
        LIMIT %s
    ) linked
    GROUP BY 1, 2
    ORDER BY 3 DESC, 1, 2 DESC
    LIMIT %s
"""

# --- Helpers shared by the pages -------------------------------------------------------------


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


class Mark:
    """A citation mark after a claim: the source's number on the page and what the claim's
    citation of it says (its note, locator and passage link), shown on hover and focus."""

    def __init__(self, number, citation, serial):
        self.number = number
        self.citation = citation
        self.serial = serial  # unique on the page: the id of the note the mark is described by


class Citations:
    """Numbers each source the first time a claim on the page cites it: [1], [2], ...

    cite() is called in the order the page shows its claims; number() then reads all their
    citations at once (prefetch_citations) and gives each claim its `marks`, in that order, so
    the marks count up down the page. `sources` is the numbered list for the foot of the page,
    each source with what the page's claims cite it for (`source.cited_for`: its citations,
    one per note and passage).
    """

    def __init__(self):
        self.numbers = {}
        self.sources = []
        self.marks = 0
        self.cited = []  # the claims cite() was given, in order, until number()

    def cite(self, claim):
        self.cited.append(claim)
        return claim

    def number(self):
        cited, self.cited = self.cited, []
        prefetch_citations(cited)
        for claim in cited:
            claim.marks = self.marks_for(claim.cites.all())
            if isinstance(claim, AIUse):
                claim.disclosure_marks = self.marks_for(claim.disclosure_cites.all())

    def marks_for(self, citations):
        marks = {}
        for citation in citations:
            source = citation.source
            if source.pk not in self.numbers:
                self.sources.append(source)
                self.numbers[source.pk] = len(self.sources)
                source.cited_for = []
                source.cited_passages = set()
            source = self.sources[self.numbers[source.pk] - 1]
            said = (citation.note, citation.locator, citation.passage_start, citation.passage_end)
            if any(said) and said not in source.cited_passages:
                source.cited_passages.add(said)
                source.cited_for.append(citation)
            number = self.numbers[source.pk]
            if number not in marks:
                self.marks += 1
                marks[number] = Mark(number, citation, self.marks)
        return [marks[number] for number in sorted(marks)]

    def cite_all(self, claims):
        return [self.cite(claim) for claim in claims]

    def cite_answered(self, claims):
        """Claims shown each with the responses to it and the rules bearing on it, beneath it
        (`answered()`): each claim's markers, then theirs."""
        for claim in claims:
            self.cite(claim)
            self.cite_all(getattr(claim, "shown_responses", ()))
            self.cite_all(getattr(claim, "shown_rule_links", ()))
        return list(claims)


def related_records(record, limit=RELATED_LIMIT):
    """Records of any type sharing the most tags with `record`, cached until the next edit."""
    key = f"related:{record._meta.label_lower}:{record.pk}:{limit}"
    return remember(key, lambda: compute_related_records(record, limit))


def compute_related_records(record, limit):
    tag_ids = [tag.pk for tag in record.tags.all()]
    if not tag_ids:
        return []
    own_type = ContentType.objects.get_for_model(record)
    catalog_types = ContentType.objects.get_for_models(
        *[record_type.model for record_type in registry.TAGGED]
    )
    type_ids = [ct.pk for ct in catalog_types.values()]
    if connection.vendor == "postgresql":
        # Counting shared tags over every record of a popular tag groups ~150,000 links at
        # scale (~80 ms); the candidates are instead the latest RELATED_CANDIDATES records of
        # each tag, read backwards from an index (migration 0013), and counted in the same
        # query, which sends back `limit` rows. Raw SQL: the ORM has no LATERAL join, and
        # building a UNION of one query per tag cost more than running it.
        with connection.cursor() as cursor:
            cursor.execute(
                RELATED_SQL.format(table=connection.ops.quote_name(TaggedItem._meta.db_table)),
                [tag_ids, type_ids, own_type.pk, record.pk, RELATED_CANDIDATES, limit],
            )
            rows = [
                {"content_type_id": type_id, "object_id": object_id, "shared": n}
                for type_id, object_id, n in cursor.fetchall()
            ]
    else:  # SQLite: the exact count over every link
        rows = list(
            TaggedItem.objects.filter(content_type_id__in=type_ids, tag_id__in=tag_ids)
            .exclude(content_type=own_type, object_id=record.pk)
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
            related.append({"record": obj, "type": registry.of(obj).label, "shared": row["shared"]})
    return related


# --- Lists -----------------------------------------------------------------------------------


def record_list(request, record_type):
    form = ListFilterForm(record_type, request.GET)
    queryset, active, notes = form.apply(record_type.list_queryset())
    options = {"tags": form.menus.get("tag"), "stages": form.menus.get("stage")}
    if "kind" in form.fields:
        options["kinds"] = record_type.kind_choices()
    page = paginate(request, queryset)
    selected = {name: request.GET.get(name, "") for name in record_type.filters}
    if form.tags:  # the menu shows the first tag, the form keeps the others
        selected["tag"] = form.tags[0].slug
    matching = []
    for name, value in active.items():
        label = str(record_type.kind_label).lower() if name == "kind" else form.LABELS[name]
        matching += [(label, each) for each in (value if name == "tag" else [value])]
    return render(
        request,
        "catalog/list.html",
        {
            "listing": record_type,
            "page_obj": page,
            "options": options,
            "active": active,
            "matching": matching,
            "notes": notes,
            "sort": form.sort,
            "sorts": form.fields["sort"].choices,
            "selected": selected,
            "more_tags": [tag.slug for tag in form.tags[1:]],
            "removable_tags": removable_tags(request, form.tags),
        },
    )


def removable_tags(request, chosen):
    """For a list narrowed by several tags, each tag's name and the list's address without it
    (from the first page)."""
    if len(chosen) < 2:
        return []
    removable = []
    for tag in chosen:
        query = request.GET.copy()
        query.pop("page", None)
        query.setlist("tag", [other.slug for other in chosen if other != tag])
        removable.append({"name": tag.name, "url": f"{request.path}?{query.urlencode()}"})
    return removable


def list_view(key):
    @cached_page(params=(*registry.BY_KEY[key].filters, "sort", "page"))
    def view(request):
        return record_list(request, registry.BY_KEY[key])

    view.__name__ = f"{key}_list"
    return view


# --- The explorer of every AI use -------------------------------------------------------------

EXPLORER_PER_PAGE = 50


@cached_page(params=(*AIUseFilterForm.base_fields, "page"))
def ai_use_list(request):
    form = AIUseFilterForm(request.GET)
    uses, active, notes = form.apply(AIUse.objects.all())
    # Newest first: read backwards from the primary key, cheap on any page at any size.
    page = paginate(request, explorer.rows(uses).order_by("-pk"), per_page=EXPLORER_PER_PAGE)
    # Grouping every use at scale (300,000) costs more than the rest of the page: the counts
    # for these filters are computed once until the next edit.
    key = hashlib.sha1(str(uses.order_by().query).encode()).hexdigest()
    found = remember(f"explorer:{key}", lambda: explorer.counts(uses))
    for item in active:
        item["remove_url"] = form.url(**{item["name"]: None})
    stages = form.stages
    menus = [
        ("stage", gettext_lazy("Stage"), [(stage.slug, stage.name) for stage in stages]),
        *[
            (name, label, form.fields[name].choices[1:])
            for name, label in [
                ("technique", gettext_lazy("Technique")),
                ("kind", gettext_lazy("Production kind")),
                ("status", gettext_lazy("Status")),
                ("disclosure", gettext_lazy("Disclosure")),
                ("output", gettext_lazy("Output")),
                ("on_screen", gettext_lazy("Output on screen")),
                ("likeness", gettext_lazy("Performer’s likeness")),
                ("consent", gettext_lazy("Likeness consent")),
            ]
        ],
    ]
    menus = [
        {"name": name, "label": label, "choices": choices, "selected": request.GET.get(name, "")}
        for name, label, choices in menus
    ]
    offered = {menu["name"] for menu in menus} | {"year"}
    return render(
        request,
        "catalog/ai_use_list.html",
        {
            "page_obj": page,
            "active": active,
            "notes": notes,
            "menus": menus,
            "by": form.by,
            "year": next((item["raw"] for item in active if item["name"] == "year"), ""),
            # Filters the form offers no menu or box for (tool, studio, production) are kept.
            "hidden": [item for item in active if item["name"] not in offered],
            "matrix": explorer.matrix(found, stages, form),
            "disclosure": explorer.disclosure_summary(found, form),
            "likeness": explorer.likeness_summary(found, form),
            "chart": explorer.year_chart(found["years"], stages, form),
        },
    )


# --- Record pages ----------------------------------------------------------------------------


def claims(model, *related):
    """A queryset of claims with what they link to, in one query; their citations are read
    for the whole page at once (Citations)."""
    queryset = model.objects.select_related(*related) if related else model.objects.all()
    if model is AIUse:  # and who disclosed each
        queryset = queryset.select_related("disclosed_by_studio", "disclosed_by_person")
    return queryset


# Who and what a response, likeness record or rule link names, for the pages that list them.
# Where the AI use it names is shown with its production, studio and stage, the use comes from
# with_use() instead of a join.
RESPONSE_NAMES = ("person", "studio", "quote__person", "controversy")
RESPONSE_RELATED = (*RESPONSE_NAMES, "ai_use__tool")
LIKENESS_USE = ("ai_use__tool", "ai_use__production", "ai_use__studio")
RULE_LINK_SUBJECTS = ("controversy", "likeness__person", "likeness__production")


def with_use(queryset):
    """The claims with the AI use each names (its tool, production, studio and stage), read in
    a query of its own. Joined into the claims' query, those make one of 10 to 13 tables, which
    PostgreSQL took longer to plan (8-12 ms) than to run (under 1 ms)."""
    uses = AIUse.objects.select_related(*registry.USE_NAMES)
    return queryset.prefetch_related(Prefetch("ai_use", uses))


def answered(queryset, responses=True, rules=True):
    """Claims (AI uses, controversies, likeness records) each with the responses to it and the
    rules bearing on it, as `shown_responses` and `shown_rule_links`: two queries in all. Only
    pages that prefetch them show them (catalog/_answers.html)."""
    lookups = []
    if responses:
        lookups.append(
            Prefetch(
                "responses",
                claims(Response, *RESPONSE_RELATED).order_by(*Response._meta.ordering),
                to_attr="shown_responses",
            )
        )
    if rules:
        lookups.append(Prefetch("rule_links", claims(RuleLink, "rule"), to_attr="shown_rule_links"))
    return queryset.prefetch_related(*lookups)


def detail_context(record, citations, **extra):
    citations.number()
    return {
        "record": record,
        "record_type": registry.of(record),
        "citations": citations,
        "related": related_records(record) if hasattr(record, "tags") else [],
        **extra,
    }


def first(record, name, rows):
    """The first LIMIT of a record's `name` (a relation pointing at it) in the order of `rows`:
    one query reading the relation's index up to LIMIT. A sliced Prefetch would number every
    related row with a window function first (it is made for many records at once), a cost
    that grows with the record's rows: thousands of AI uses for a busy studio or tool."""
    relation = record._meta.get_field(name)
    found = list(rows.filter(**{relation.field.name: record})[:LIMIT])
    if relation.one_to_many:  # each row knows its record, as a prefetch leaves it
        for row in found:
            relation.field.set_cached_value(row, record)
    return found


def first_responses(record):
    """The first LIMIT responses on a studio's or person's page (those they made) or a
    controversy's (those to it), with who and what each one names."""
    return first(
        record,
        "responses",
        with_use(claims(Response, *RESPONSE_NAMES)).order_by(*Response._meta.ordering),
    )


@cached_page(params=())
def production_detail(request, slug):
    production = get_object_or_404(
        Production.objects.prefetch_related(
            "tags",
            Prefetch("studio_roles", claims(ProductionStudio, "studio")),
            Prefetch(
                "likenesses",
                answered(claims(Likeness, "person", *LIKENESS_USE), responses=False),
            ),
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
        # The first LIMIT uses; the explorer lists them all (?production=).
        uses=c.cite_answered(
            first(production, "ai_uses", answered(claims(AIUse, "tool", "studio", "stage")))
        ),
        likenesses=c.cite_answered(production.likenesses.all()),
        credits=c.cite_all(production.credits.all()),
        quotes=c.cite_all(production.quotes.all()),
        figures=c.cite_all(production.figures.all()),
        controversies=c.cite_all(production.controversies.all()),
    )
    return render(request, "catalog/production_detail.html", context)


@cached_page(params=())
def studio_detail(request, slug):
    studio = get_object_or_404(
        Studio.objects.with_counts()
        .prefetch_related(
            "tags",
            Prefetch("people_roles", claims(PersonRole, "person")),
            Prefetch("figures", claims(Figure)),
        )
        .annotate(response_count=count_of(Response, "studio")),
        slug=slug,
    )
    studio.shown_tools_made = first(studio, "tools_made", AITool.objects.order_by("name"))
    c = Citations()
    c.cite(studio)
    context = detail_context(
        studio,
        c,
        figures=c.cite_all(studio.figures.all()),
        production_roles=c.cite_all(
            first(
                studio,
                "production_roles",
                claims(ProductionStudio, "production").order_by("-production_id"),
            )
        ),
        uses=c.cite_all(
            first(
                studio,
                "ai_uses",
                claims(AIUse, "tool", "production", "stage").order_by(
                    "stage__position", "tool__name", "-pk"
                ),
            )
        ),
        people_roles=c.cite_all(studio.people_roles.all()),
        responses=c.cite_all(first_responses(studio)),
        controversies=c.cite_all(
            first(studio, "controversies", claims(Controversy).order_by("-year", "title"))
        ),
        limit=LIMIT,
    )
    return render(request, "catalog/studio_detail.html", context)


@cached_page(params=())
def tool_detail(request, slug):
    tool = get_object_or_404(
        AITool.objects.with_counts().prefetch_related("tags"),
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
        controversies=c.cite_all(
            first(tool, "controversies", claims(Controversy).order_by("-year", "title"))
        ),
        limit=LIMIT,
    )
    return render(request, "catalog/tool_detail.html", context)


@cached_page(params=())
def controversy_detail(request, slug):
    controversy = get_object_or_404(
        Controversy.objects.prefetch_related(
            "tags",
            "studios",
            "people",
            Prefetch("tools", AITool.objects.select_related("vendor")),
            "productions",
            Prefetch("quotes", claims(Quote, "person")),
        ).annotate(
            response_count=count_of(Response, "controversy"),
            rule_link_count=count_of(RuleLink, "controversy"),
        ),
        slug=slug,
    )
    c = Citations()
    c.cite(controversy)
    context = detail_context(
        controversy,
        c,
        rule_links=c.cite_all(
            first(
                controversy,
                "rule_links",
                claims(RuleLink, "rule").order_by("rule__title", "relation", "pk"),
            )
        ),
        responses=c.cite_all(first_responses(controversy)),
        quotes=c.cite_all(controversy.quotes.all()),
        limit=LIMIT,
    )
    return render(request, "catalog/controversy_detail.html", context)


@cached_page(params=())
def person_detail(request, slug):
    # A prolific person has thousands of credits at scale (1,658 for the busiest generated
    # one): the page shows the first LIMIT of each kind with the full count.
    person = get_object_or_404(
        Person.objects.with_counts()
        .prefetch_related(
            "tags",
            Prefetch("roles", claims(PersonRole, "studio")),
        )
        .annotate(
            likeness_count=count_of(Likeness, "person"),
            response_count=count_of(Response, "person"),
        ),
        slug=slug,
    )
    c = Citations()
    c.cite(person)
    context = detail_context(
        person,
        c,
        roles=c.cite_all(person.roles.all()),
        credits=c.cite_all(
            first(
                person,
                "credits",
                claims(Credit, "production").order_by("production__title", "pk"),
            )
        ),
        likenesses=c.cite_answered(
            first(
                person,
                "likenesses",
                answered(claims(Likeness, "production", *LIKENESS_USE), responses=False).order_by(
                    "production__title", "pk"
                ),
            )
        ),
        responses=c.cite_all(first_responses(person)),
        quotes=c.cite_all(
            first(person, "quotes", claims(Quote, "production", "controversy").order_by("pk"))
        ),
        controversies=c.cite_all(
            first(person, "controversies", claims(Controversy).order_by("-year", "title"))
        ),
        limit=LIMIT,
    )
    return render(request, "catalog/person_detail.html", context)


@cached_page(params=())
def rule_detail(request, slug):
    # A law may bear on thousands of AI uses: the page shows the first LIMIT with the count.
    rule = get_object_or_404(
        Rule.objects.select_related("issuer")
        .prefetch_related("tags")
        .annotate(link_count=count_of(RuleLink, "rule")),
        slug=slug,
    )
    c = Citations()
    c.cite(rule)
    links = first(
        rule, "links", with_use(claims(RuleLink, *RULE_LINK_SUBJECTS)).order_by("relation", "pk")
    )
    context = detail_context(rule, c, links=c.cite_all(links), limit=LIMIT)
    return render(request, "catalog/rule_detail.html", context)


@cached_page(params=())
def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    cited_by = [
        (gettext_lazy("Productions"), source.productions.all()),
        (gettext_lazy("Studios"), source.studios.all()),
        (gettext_lazy("AI tools"), source.tools.select_related("vendor")),
        (gettext_lazy("People"), source.people.all()),
        (gettext_lazy("Controversies"), source.controversies.all()),
        (
            gettext_lazy("AI uses"),
            source.ai_uses.select_related("tool", "production", "studio", "stage"),
        ),
        (gettext_lazy("Quotes"), source.quotes.select_related("person")),
        (gettext_lazy("Figures"), source.figures.select_related("studio", "production")),
        (
            gettext_lazy("Studio roles"),
            source.production_studios.select_related("production", "studio"),
        ),
        (gettext_lazy("Roles at studios"), source.person_roles.select_related("person", "studio")),
        (gettext_lazy("Credits"), source.credits.select_related("person", "production")),
        (
            gettext_lazy("Likeness records"),
            source.likenesses.select_related("person", "production"),
        ),
        (
            gettext_lazy("Responses"),
            with_use(source.responses.select_related(*RESPONSE_NAMES)),
        ),
        (
            gettext_lazy("Rule links"),
            with_use(source.rule_links.select_related("rule", *RULE_LINK_SUBJECTS)),
        ),
        (gettext_lazy("Stages"), source.stages.all()),
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
            "record_type": registry.of(source),
            "groups": groups,
            "limit": LIMIT,
        },
    )


@cached_page(params=())
def stage_detail(request, slug):
    stage = get_object_or_404(Stage, slug=slug)
    # Index reads only (the latest uses, the kept count, two pages of kept tallies), so nothing
    # but the page itself is cached: pickling the 50 uses and their citations for the cache
    # cost more than reading them again (~18 ms a render at 100,000 productions).
    uses, use_count, tools, productions = stage_contents(stage)
    c = Citations()
    c.cite(stage)
    c.cite_all(uses)
    context = detail_context(
        stage,
        c,
        stages=Stage.objects.all(),
        uses=uses,
        use_count=use_count,
        tools=tools,
        productions=productions,
        limit=LIMIT,
    )
    return render(request, "catalog/stage_detail.html", context)


def stage_contents(stage):
    uses = list(
        claims(AIUse, "tool", "production", "studio").filter(stage=stage).order_by("-pk")[:LIMIT]
    )
    use_count = stage.use_count  # kept on write (catalog/counts.py)
    tools = busiest_at(stage, "stage-tool", AITool.objects.only("slug", "name"))
    productions = busiest_at(
        stage, "stage-production", Production.objects.only("slug", "title", "year")
    )
    return uses, use_count, tools, productions


def busiest_at(stage, tally, queryset):
    """The records of `queryset` with the most AI uses at `stage` (the oldest first among
    equals), each with its `stage_uses`: one query reading a page of a kept tally's index
    (catalog/counts.py), not a count of every use at the stage."""
    pairs = Tally.objects.filter(name=tally, a=stage.pk)
    top = pairs.order_by("-n", "b").values("b")[:LIMIT]
    uses = pairs.filter(b=OuterRef("pk")).values("n")
    return list(
        queryset.filter(pk__in=Subquery(top))
        .annotate(stage_uses=Subquery(uses))
        .order_by("-stage_uses", "pk")
    )


# --- Home, tags, search, timeline --------------------------------------------------------


@cached_page(params=())
def home(request):
    """Counts, the pipeline and the top tags: kept counts and index reads, ~13 ms of SQL at
    scale, so nothing but the page itself is cached (pickling its records for the cache cost
    more than reading them)."""
    return render(request, "catalog/home.html", home_contents())


def home_contents():
    kept = record_counts([record_type.model for record_type in registry.LISTED])
    counts = [
        {"record_type": record_type, "count": kept[record_type.model]}
        for record_type in registry.LISTED
    ]
    stages = list(Stage.objects.order_by("position"))  # each with its kept use_count
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
    for record_type in registry.LISTED:
        # Newest by id, as the lists' "Recently added": read from the primary key index.
        latest.extend(record_type.model.objects.order_by("-pk")[:6])
    latest.sort(key=lambda obj: obj.created, reverse=True)
    latest = [{"record": obj, "type": registry.of(obj).label} for obj in latest[:8]]
    return {"counts": counts, "stages": stages, "latest": latest, "top_tags": top_tags(12)}


def tags_with_counts():
    """Tags in use, each with its record count as kept on write (catalog/counts.py)."""
    return Tag.objects.filter(kept_count__record_count__gt=0).annotate(
        record_count=F("kept_count__record_count")
    )


def all_tags():
    """Every tag in use by name, each a dict of its name, address, kept record count and that
    count in words: one read of the tags, cached until an edit and shared by /tags/ and the
    home page. Made ready to print: 500 tags' `{% url %}` and plural tags would cost a page
    several times its query."""
    return remember("tag-list", tag_rows)


def tag_rows():
    address = tags.page_addresses()
    rows = tags_with_counts().order_by(Lower("name"), "pk").values("name", "slug", "record_count")
    return [
        {
            **row,
            "url": address(row["slug"]),
            "label": ngettext("%(n)s record", "%(n)s records", row["record_count"])
            % {"n": localize(row["record_count"])},
        }
        for row in rows
    ]


def top_tags(limit):
    """The most used tags, read from the kept counts' index (home, after an edit, need not
    make every tag's row)."""
    rows = tags_with_counts().order_by("-record_count", Lower("name"), "pk")
    address = tags.page_addresses()
    return [
        {**row, "url": address(row["slug"])}
        for row in rows.values("name", "slug", "record_count")[:limit]
    ]


@cached_page(params=())
def tag_list(request):
    tags = all_tags()
    # One string for hundreds of links: a template loop costs several times as much.
    items = format_html_join(
        "",
        '<li><a class="tag" href="{}">{} <span class="tag-count">{}</span></a></li>',
        ((tag["url"], tag["name"], tag["label"]) for tag in tags),
    )
    return render(request, "catalog/tag_list.html", {"tags": tags, "items": items})


@cached_page(params=("and",))
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    narrowing, notes = narrowing_tags(tag, request.GET.getlist("and"))
    # Sorting and counting a tag's records and the tags they share read every link of a
    # popular tag (~150,000 at scale): which records, their totals and the shared tags are
    # cached until the next edit. Only ids are kept: the records with their tags took ~50 ms
    # to pickle for 100 cards, about as long as reading them again by id.
    key = ",".join(str(other.pk) for other in narrowing)
    computed = {}

    def compute():
        found, narrow = tag_contents(tag, narrowing)
        computed["found"] = found
        ids = [(type_key, [r.pk for r in records], total) for type_key, records, total in found]
        return ids, narrow

    ids, narrow = remember(f"tag:{tag.pk}:{key}", compute)
    if "found" in computed:  # read just now, in this request
        found = computed["found"]
    else:
        found = [
            (type_key, records_by_id(registry.BY_KEY[type_key], pks), total)
            for type_key, pks, total in ids
        ]
    groups = [
        {"record_type": registry.BY_KEY[type_key], "records": records, "total": total}
        for type_key, records, total in found
    ]
    return render(
        request,
        "catalog/tag_detail.html",
        {
            "tag": tag,
            "narrowing": [
                {"tag": other, "without": tag_url(tag, [t for t in narrowing if t != other])}
                for other in narrowing
            ],
            "groups": groups,
            # Where a narrowed section's records are listed in full: the lists take `?tag=` more
            # than once, up to a limit.
            "narrowed_list_query": (
                "?" + urlencode([("tag", each.slug) for each in [tag, *narrowing]])
                if narrowing and 1 + len(narrowing) <= ListFilterForm.MAX_TAGS
                else None
            ),
            "narrow": [{**row, "url": tag_url(tag, narrowing, row["tag__slug"])} for row in narrow],
            "notes": notes,
            "record_count": sum(g["total"] for g in groups),
        },
    )


def records_by_id(record_type, pks):
    """The records `pks` as their cards show them, in that order."""
    if not pks:
        return []
    found = {record.pk: record for record in record_type.list_queryset().filter(pk__in=pks)}
    return [found[pk] for pk in pks if pk in found]


def tag_url(tag, narrowing, also=None):
    """A tag page's address, narrowed by `narrowing` (and `also`)."""
    slugs = [other.slug for other in narrowing] + ([also] if also else [])
    query = "?" + urlencode([("and", slug) for slug in slugs]) if slugs else ""
    return reverse("tag_detail", args=[tag.slug]) + query


# A tag carried by this many records of a type is read by walking the type's list index.
WALK_FROM = 2000
# A tag page's section of each type shows what the first page of that type's list filtered by
# the tag shows (same order, same length), with a link to that list for the rest.
TAG_SECTION = PER_PAGE


def tag_contents(tag, narrowing):
    # How many records of each type carry the tag, kept on write (catalog/counts.py TALLIES).
    carried = dict(Tally.objects.filter(name="tag-type", a=tag.pk).values_list("b", "n"))
    found = []
    for record_type in registry.TAGGED:
        if not record_type.has_list:
            continue
        of_type = carried.get(ContentType.objects.get_for_model(record_type.model).pk, 0)
        if not of_type:
            found.append((record_type.key, [], 0))
            continue
        queryset = record_type.tagged_with([tag, *narrowing], walk=of_type >= WALK_FROM)
        records = list(queryset[:TAG_SECTION])
        if not narrowing:
            total = of_type
        else:
            total = len(records) if len(records) < TAG_SECTION else queryset.count()
        found.append((record_type.key, records, total))
    return found, co_occurring_tags(tag, narrowing)


def co_occurring_tags(tag, narrowing=(), limit=20):
    """Other tags on the records that carry `tag` and every tag of `narrowing`, most shared
    first: kept on write for a tag alone (counts.TAG_PAIRS), counted from the links for a
    narrowed page."""
    if not narrowing:
        return tag_companions(tag, limit)
    rows = TaggedItem.objects.all()
    for carried in [tag, *narrowing]:
        rows = rows.exclude(tag=carried).filter(
            Exists(
                TaggedItem.objects.filter(
                    tag=carried,
                    content_type_id=OuterRef("content_type_id"),
                    object_id=OuterRef("object_id"),
                )
            )
        )
    return list(
        rows.values("tag__slug", "tag__name")
        .annotate(shared=Count("*"))
        .order_by("-shared", Lower("tag__name"))[:limit]
    )


@cached_page(params=("q", "type", "page"))
def search(request):
    raw = request.GET.get("q", "")
    query = catalog_search.normalize_query(raw)
    notes = []
    if len(query) > catalog_search.MAX_QUERY_LENGTH:
        notes.append(
            ngettext(
                "Your search was %(length)s characters long: only the first %(limit)s was used.",
                "Your search was %(length)s characters long: only the first %(limit)s were used.",
                catalog_search.MAX_QUERY_LENGTH,
            )
            % {
                "length": number_format(len(query), force_grouping=True),
                "limit": catalog_search.MAX_QUERY_LENGTH,
            }
        )
        query = query[: catalog_search.MAX_QUERY_LENGTH]
    types = {record_type.plural: record_type for record_type in registry.SEARCHABLE}
    type_key = request.GET.get("type", "")
    if type_key and type_key not in types:
        notes.append(
            gettext("There is no record type “%(type)s”: searched every type.")
            % {"type": type_key[:60]}
        )
        type_key = ""
    groups, page = [], None
    if query:
        with catalog_search.trigram_index_for_names():
            if type_key:
                record_type = types[type_key]
                matches = catalog_search.search_with_snippets(record_type.model, query)
                page = paginate(request, matches)
                catalog_search.add_snippets(page.object_list, query)
                groups = [
                    {"key": type_key, "record_type": record_type, "results": page.object_list}
                ]
            else:
                models = {key: record_type.model for key, record_type in types.items()}
                groups = catalog_search.search_everything(query, models, per_type=10)
                for group in groups:
                    group["record_type"] = types[group["key"]]
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
# What a reader sees for each kind of event on the timeline.
TIMELINE_LABELS = {
    "release": pgettext_lazy("timeline event", "release"),
    "AI use": pgettext_lazy("timeline event", "AI use"),
    "controversy": pgettext_lazy("timeline event", "controversy"),
    "quote": pgettext_lazy("timeline event", "quote"),
    "rule in force": pgettext_lazy("timeline event", "rule in force"),
    "response": pgettext_lazy("timeline event", "response"),
}
TIMELINE_EVENTS_PER_TYPE = 200
# The columns each kind of event's line shows (timeline_link): a row of values, not model
# instances with their related rows (1,000 events took ~90 ms to read as instances and ~65 ms
# to render through the template; as rows and lines, a few ms each).
TIMELINE_COLUMNS = {
    "release": ("slug", "title", "year"),
    "AI use": (
        "production__slug",
        "production__title",
        "studio__slug",
        "studio__name",
        "tool__name",
        "stage__name",
    ),
    "controversy": ("slug", "title"),
    "quote": ("person__slug", "person__name", "text"),
    "rule in force": ("slug", "title"),
    "response": (
        "stance",
        "person__name",
        "studio__name",
        "controversy__slug",
        "controversy__title",
        "ai_use_id",  # the use's columns are read apart: RESPONSE_USE_COLUMNS
    ),
}
# What a response's line shows of the AI use it answers, read by the uses' ids
# (with_answered_uses): joined to the responses, the eight tables took PostgreSQL ~7 ms to
# plan, where the two queries take ~1 ms.
RESPONSE_USE_COLUMNS = (
    "production__slug",
    "production__title",
    "studio__slug",
    "studio__name",
    "tool__name",
)


def timeline_sources():
    """Each kind of dated event with the year it happened (a date's year, else the year), as
    models.TIMELINE_DATES dates it."""
    models = [Production, AIUse, Controversy, Quote, Rule, Response]
    sources = []
    for kind, model in zip(TIMELINE_COLUMNS, models, strict=True):
        dates = TIMELINE_DATES[model._meta.model_name]
        queryset = model.objects.annotate(event_year=event_year(*dates)).filter(
            event_year__isnull=False
        )
        sources.append((kind, queryset, dates[0]))
    return sources


def timeline_years():
    """Every year with an event, newest first."""
    querysets = [queryset for _kind, queryset, _date in timeline_sources()]
    if connection.vendor == "postgresql":
        return years_down_the_indexes(querysets)
    year_sets = [queryset.order_by().values_list("event_year", flat=True) for queryset in querysets]
    return list(year_sets[0].union(*year_sets[1:]).order_by("-event_year"))


def years_down_the_indexes(querysets):
    """The distinct `event_year`s of the querysets, newest first, in one query that walks down
    each one's index (migration 0034) from year to year: a probe per year, where DISTINCT
    would read every row. Raw SQL, as the ORM has no recursive query; the year expressions
    are the ORM's."""
    walks, params = [], []
    for n, queryset in enumerate(querysets):
        compiler = queryset.query.get_compiler(connection=connection)
        year, year_params = compiler.compile(queryset.query.annotations["event_year"])
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        walks.append(
            f"y{n}(year) AS ("
            f"(SELECT {year} FROM {table} WHERE {year} IS NOT NULL ORDER BY 1 DESC LIMIT 1)"
            f" UNION ALL SELECT (SELECT {year} FROM {table} WHERE {year} < y{n}.year"
            f" ORDER BY 1 DESC LIMIT 1) FROM y{n} WHERE y{n}.year IS NOT NULL)"
        )
        params += [*year_params] * 4
    years = " UNION ".join(f"SELECT year FROM y{n}" for n in range(len(walks)))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE {', '.join(walks)} SELECT year FROM ({years}) years"
            " WHERE year IS NOT NULL ORDER BY year DESC",
            params,
        )
        return [int(year) for (year,) in cursor.fetchall()]


def timeline_events(years):
    """The events of some years, each kind capped; (by_year, capped). Each event is a dict of
    plain values (its kind, year, date and TIMELINE_COLUMNS), the same in every language."""
    events = []
    capped = False
    for kind, queryset, date_field in timeline_sources():
        rows = list(
            queryset.filter(event_year__in=years)
            .order_by("-event_year", "pk")
            .values("pk", "event_year", date_field, *TIMELINE_COLUMNS[kind])[
                : TIMELINE_EVENTS_PER_TYPE + 1
            ]
        )
        capped = capped or len(rows) > TIMELINE_EVENTS_PER_TYPE
        rows = rows[:TIMELINE_EVENTS_PER_TYPE]
        if kind == "response":
            with_answered_uses(rows)
        for row in rows:
            row["kind"], row["year"], row["date"] = kind, row.pop("event_year"), row[date_field]
            events.append(row)
    by_year = []
    for year in years:
        in_year = [e for e in events if e["year"] == year]
        in_year.sort(key=lambda e: (e["date"] is None, e["date"] or 0, e["kind"]))
        by_year.append({"year": year, "events": in_year})
    return by_year, capped


def with_answered_uses(responses):
    """Each response row given its AI use's RESPONSE_USE_COLUMNS as "ai_use__" keys (None
    for a response to a controversy), in place of its "ai_use_id"."""
    ids = {row["ai_use_id"] for row in responses if row["ai_use_id"]}
    uses = {}
    if ids:
        for use in AIUse.objects.filter(pk__in=ids).values("pk", *RESPONSE_USE_COLUMNS):
            uses[use.pop("pk")] = use
    for row in responses:
        use = uses.get(row.pop("ai_use_id"), {})
        for column in RESPONSE_USE_COLUMNS:
            row[f"ai_use__{column}"] = use.get(column)


def timeline_lines(events):
    """The events as the timeline's list items, in the active language: one string, as a
    template loop costs several times as much for a page of up to 1,200 events. Words, dates
    and addresses are looked up once a page, not once an event."""
    words = {
        "labels": {kind: escape(str(label)) for kind, label in TIMELINE_LABELS.items()},
        "stances": {value: escape(str(label).lower()) for value, label in Response.Stance.choices},
        "on": _("%(tool)s on %(where)s"),
        "about": _("about %(what)s"),
        "about use": _("about %(tool)s on %(where)s"),
        "pages": {
            name: record_page_addresses(name)
            for name in (
                "production_detail",
                "studio_detail",
                "controversy_detail",
                "person_detail",
                "rule_detail",
            )
        },
    }
    month_day = get_format("MONTH_DAY_FORMAT")
    days = {}
    lines = []
    for event in events:
        date = event["date"]
        if date is None:
            when = ""
        elif date in days:
            when = days[date]
        else:
            shown = escape(format_date(date, month_day))
            when = days[date] = f' <time datetime="{date.isoformat()}">{shown}</time>'
        url, text, after = timeline_link(event, words)
        after = f' <span class="muted">· {after}</span>' if after else ""
        lines.append(
            f'<li><span class="type-label">{words["labels"][event["kind"]]}</span>{when}'
            f' <a href="{escape(url)}">{text}</a>{after}</li>'
        )
    return mark_safe("\n".join(lines))


def timeline_link(event, words):
    """An event's (address, link text, what follows the link), the text escaped: what each
    kind's record shows for itself (its __str__ and get_absolute_url)."""
    kind, pk, pages = event["kind"], event["pk"], words["pages"]
    if kind == "release":
        title = f"{event['title']} ({event['year']})" if event["year"] else event["title"]
        return pages["production_detail"](event["slug"]), escape(title), ""
    if kind == "controversy":
        return pages["controversy_detail"](event["slug"]), escape(event["title"]), ""
    if kind == "rule in force":
        return pages["rule_detail"](event["slug"]), escape(event["title"]), ""
    if kind == "quote":
        url = f"{pages['person_detail'](event['person__slug'])}#quote-{pk}"
        said = Truncator(event["text"]).chars(90)
        return url, f"{escape(event['person__name'])}: “{escape(said)}”", ""
    if kind == "AI use":
        url = f"{use_page(event, '', pages)}#use-{pk}"
        where = event["production__title"] or event["studio__name"]
        text = words["on"] % {"tool": escape(event["tool__name"]), "where": escape(where)}
        return url, text, escape(event["stage__name"])
    # A response, beside the claim it answers: the controversy's page, else the AI use's.
    if event["controversy__slug"]:
        page = pages["controversy_detail"](event["controversy__slug"])
        about = words["about"] % {"what": escape(event["controversy__title"])}
    else:
        page = use_page(event, "ai_use__", pages)
        where = event["ai_use__production__title"] or event["ai_use__studio__name"]
        about = words["about use"] % {
            "tool": escape(event["ai_use__tool__name"]),
            "where": escape(where),
        }
    speaker = escape(event["person__name"] or event["studio__name"])
    return f"{page}#response-{pk}", f"{speaker} {words['stances'][event['stance']]}", about


def use_page(event, prefix, pages):
    """The page of an AI use's production, else of its studio (AIUse.get_absolute_url)."""
    if event[f"{prefix}production__slug"]:
        return pages["production_detail"](event[f"{prefix}production__slug"])
    return pages["studio_detail"](event[f"{prefix}studio__slug"])


@cached_page(params=("page",))
def timeline(request):
    # Listing the years that have events, and a page's events, reads every dated row of six
    # tables (~2.5 s at 100,000 productions): cached until the next edit, as rows of values
    # (the same in every language). Keyed by the parsed page number, so no visitor's input
    # ends up in a cache key.
    page, by_year, capped = remember(
        f"timeline:{requested_page(request)}", lambda: timeline_page(request)
    )
    years = [{"year": year["year"], "lines": timeline_lines(year["events"])} for year in by_year]
    return render(
        request,
        "catalog/timeline.html",
        {"page_obj": page, "by_year": years, "capped": capped, "chart": uses_by_year_chart()},
    )


def uses_by_year_chart():
    """Every AI use per year by stage, as the explorer draws it, its counts linking there."""
    form = AIUseFilterForm({})
    return explorer.year_chart(uses_by_year(form.stages), form.stages, form)


def timeline_page(request):
    page = paginate(request, timeline_years(), per_page=TIMELINE_YEARS_PER_PAGE)
    return (page, *timeline_events(list(page.object_list)))


# --- The catalog as data: releases, live exports, the API ---------------------------------------


@cached_page(vary=releases.state, params=())
def data(request):
    """/data/: the dataset releases (the latest in full), the live exports and the API. Reads
    the releases from disk: no query beyond the catalog's version."""
    names = releases.release_names()
    exports = [
        {
            "title": record_type.title,
            "json": reverse(f"{record_type.key}_list_export", kwargs={"fmt": "json"}),
            "csv": reverse(f"{record_type.key}_list_export", kwargs={"fmt": "csv"}),
        }
        for record_type in registry.LISTED
    ]
    return render(
        request,
        "catalog/data.html",
        {
            "latest": releases.describe(names[-1]) if names else None,
            "earlier": [
                {"name": name, "date": releases.NAME.match(name)[1]}
                for name in reversed(names[:-1])
            ],
            "exports": exports,
        },
    )


@cached_page(vary=releases.state, params=())
def release(request, name):
    """/data/releases/<name>/: one release's files, citation and changes."""
    described = releases.describe(name)
    if described is None:
        raise Http404(_("There is no release of that name."))
    return render(request, "catalog/release.html", {"release": described})


RELEASE_FILE_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".md": "text/markdown; charset=utf-8",
    ".cff": "text/plain; charset=utf-8",
    ".sqlite": "application/vnd.sqlite3",
}
# A release never changes: browsers and caches may keep its files for a year.
IMMUTABLE = "public, max-age=31536000, immutable"


@require_safe
def release_file(request, name, filename):
    """/data/releases/<name>/<file>: a file a release's SHA256SUMS lists, with its SHA-256 as
    its ETag."""
    path, digest = releases.release_file(name, filename)
    if path is None:
        raise Http404(_("That release has no file of that name."))
    etag = f'"{digest}"'
    answer = get_conditional_response(request, etag=etag)
    if answer is None:
        answer = FileResponse(
            open(path, "rb"),  # FileResponse closes it
            content_type=RELEASE_FILE_TYPES.get(path.suffix, "text/plain; charset=utf-8"),
            as_attachment=path.suffix == ".sqlite",
            filename=filename,
        )
    answer["ETag"] = etag
    answer["Cache-Control"] = IMMUTABLE
    return answer


# --- How two records connect ------------------------------------------------------------------


@cached_page(params=("from", "to", "broad"))
def graph_path(request):
    """/graph/?from=P42&to=S7: the shortest chain of links between two records, as steps and
    a drawing. A GET form, so that each answer has its own address (and is cached as a page)."""
    if "to" in request.GET:
        form = GraphPathForm(request.GET)
    else:  # a first visit, or a record page's link naming where to start
        form = GraphPathForm(initial={"from": request.GET.get("from", "")[:300]})
    result = None
    if form.is_bound and form.is_valid():
        result = graph.find_path(
            form.cleaned_data["from"], form.cleaned_data["to"], broad=form.cleaned_data["broad"]
        )
        if result.status == "found":
            result.graph = graph.path_graph(result)
    return render(
        request,
        "catalog/graph_path.html",
        {
            "form": form,
            "result": result,
            "max_steps": graph.PATH_MAX_STEPS,
            "max_nodes": graph.PATH_MAX_NODES,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
