"""The catalog as data: one documented JSON shape per record, CSV rows, streamed exports.

Each record type's fields, the records it links to and the prefetches that load them in a
fixed number of queries are its entry in catalog/registry.py. The same description serves the
record's JSON, the list and tag exports (JSON and CSV) and the whole-catalog snapshot, so the
shapes cannot drift apart. The shape is documented in README.md ("Open data").

The prefetches leave each record's related rows as a plain list (`as_lists`, read back with
`rows`): Django otherwise builds a filtered queryset per record per relation to hold them,
which took over a third of an export's time.

A record's own JSON (and the API's records) holds at most LINK_LIMIT items of each link list, in
the list's order: at 100,000 productions a stage has over 100,000 AI uses, and its JSON took
90 s and 259 MB, far past a worker's timeout. Such a prefetch reads one row more than the
limit per record (a sliced Prefetch: a window function in the database), so a cut list is
known without counting; `more_links` then gives its full count and, for AI uses, the API's
paginated list of every one. The bulk exports below hold every item.

Large exports stream: rows are read with `iterator(chunk_size=EXPORT_CHUNK)`, which runs the
prefetches once per chunk, and written out as they come. An export's "generated" is the time the
catalog last changed, what its data are as of: the same bytes until the next edit, as the
strong ETag that catalog/urls_data.py gives every export (catalog.cache.http_cached) promises.
"""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import Http404, JsonResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from taggit.models import Tag

from catalog import explorer, registry
from catalog.cache import changed_at
from catalog.forms import AIUseFilterForm, ListFilterForm, applied_query, narrowing_tags
from catalog.models import AIUse, cited_sources

EXPORT_CHUNK = 2000
LINK_LIMIT = 500  # items of one link list in a record's JSON; README "Open data"
SITE_NAME = "In the Frame"


# Where a prefetch of the relation `name` leaves its rows on each instance (Prefetch.to_attr).
ROWS = "{}_rows"


def as_lists(lookup):
    """The prefetch `lookup` (a relation's name or a Prefetch), and the prefetches of its
    queryset in turn, leaving each instance's rows as a list: the same rows in the same order,
    without a queryset made for every instance to hold them."""
    if isinstance(lookup, str):
        return Prefetch(lookup, to_attr=ROWS.format(lookup))
    queryset = lookup.queryset
    if queryset is not None and queryset._prefetch_related_lookups:
        inner = [as_lists(nested) for nested in queryset._prefetch_related_lookups]
        queryset = queryset.prefetch_related(None).prefetch_related(*inner)
    return Prefetch(lookup.prefetch_through, queryset, to_attr=ROWS.format(lookup.prefetch_to))


def rows(item, name):
    """The rows of the item's relation `name`: the list as_lists() left, or else the
    relation's own (a use the explorer's export loaded its own way)."""
    found = getattr(item, ROWS.format(name), None)
    return found if found is not None else getattr(item, name).all()


def json_url(record):
    return reverse(f"{registry.of(record).key}_json", args=[record.slug])


class Urls:
    """Turns site paths into absolute URLs for one request (or leaves them relative)."""

    def __init__(self, request=None):
        self.request = request

    def __call__(self, path):
        return self.request.build_absolute_uri(path) if self.request else path


def ref(record, urls, **extra):
    """A link to another record: its type, slug, name and URLs."""
    if record is None:
        return None
    record_type = registry.of(record)
    return {
        "type": record_type.key,
        "slug": record.slug,
        "name": record_type.name(record),
        "url": urls(record.get_absolute_url()),
        "json_url": urls(json_url(record)),
        **extra,
    }


def source_refs(item, urls, name="cites"):
    """The sources a record cites, each with what the record cites it for: where in it (the
    locator), what it states (the note) and the link to the supporting passage."""
    return [
        ref(
            cite.source,
            urls,
            locator=cite.locator,
            note=cite.note,
            passage_url=cite.passage_url,
        )
        for cite in rows(item, name)
    ]


def ai_use_data(use, urls):
    where = use.production or use.studio
    return {
        "name": f"{use.tool.name} at {use.stage.name} on {where} ({use.get_status_display()})",
        "url": urls(use.get_absolute_url()),
        "tool": ref(use.tool, urls),
        "production": ref(use.production, urls),
        "studio": ref(use.studio, urls),
        "stage": ref(use.stage, urls),
        "status": use.status,
        "description": use.description,
        "year": use.year,
        "date": use.date,
        "sources": source_refs(use, urls),
        "disclosure": use.disclosure,
        "disclosed_by": {
            "studio": ref(use.disclosed_by_studio, urls),
            "person": ref(use.disclosed_by_person, urls),
        },
        "disclosed_on": use.disclosed_on,
        "disclosed_note": use.disclosed_note,
        "disclosure_sources": source_refs(use, urls, "disclosure_cites"),
        "output": use.output,
        "digital_source_type": use.digital_source_type,
        "on_screen": use.on_screen,
        "responses": [response_data(response, urls) for response in rows(use, "responses")],
        "rules": [rule_link_data(link, urls) for link in rows(use, "rule_links")],
    }


def claim_ref(claim, urls):
    """A link to a claim without a page of its own (an AI use, a likeness record, a quote)."""
    if claim is None:
        return None
    return {"name": str(claim), "url": urls(claim.get_absolute_url())}


def likeness_data(likeness, urls):
    return {
        "name": str(likeness),
        "url": urls(likeness.get_absolute_url()),
        "person": ref(likeness.person, urls),
        "production": ref(likeness.production, urls),
        "ai_use": claim_ref(likeness.ai_use, urls),
        "kind": likeness.kind,
        "description": likeness.description,
        "consent": likeness.consent,  # given, estate-or-union, refused, disputed, unknown
        "paid": likeness.paid,  # yes, no, unknown
        "performer_living": likeness.performer_living,  # yes, no, unknown
        "sources": source_refs(likeness, urls),
        "rules": [rule_link_data(link, urls) for link in rows(likeness, "rule_links")],
    }


def response_data(response, urls):
    return {
        "name": str(response),
        "url": urls(response.get_absolute_url()),
        "person": ref(response.person, urls),
        "studio": ref(response.studio, urls),
        "ai_use": claim_ref(response.ai_use, urls),
        "controversy": ref(response.controversy, urls),
        "stance": response.stance,  # confirms, denies, clarifies, defends, apologises, declines
        "summary": response.summary,
        "quote": claim_ref(response.quote, urls),
        "said_on": response.said_on,
        "said_note": response.said_note,
        "sources": source_refs(response, urls),
    }


def rule_link_data(link, urls):
    return {
        "name": str(link),
        "url": urls(link.get_absolute_url()),
        "rule": ref(link.rule, urls),
        "relation": link.relation,  # governs, prompted-by, cited-in-dispute, alleged-breach
        "ai_use": claim_ref(link.ai_use, urls),
        "likeness": claim_ref(link.likeness, urls),
        "controversy": ref(link.controversy, urls),
        "sources": source_refs(link, urls),
    }


def figure_data(figure, urls):
    return {
        "name": str(figure),
        "url": urls(figure.get_absolute_url()),
        "label": figure.label,
        "value": str(figure.value),
        "unit": figure.unit,
        "period": figure.period,
        "note": figure.note,
        "sources": source_refs(figure, urls),
    }


def quote_data(quote, urls):
    return {
        "name": quote.text,
        "url": urls(quote.get_absolute_url()),
        "person": ref(quote.person, urls),
        "text": quote.text,
        "is_paraphrase": quote.is_paraphrase,
        "said_on": quote.said_on,
        "context": quote.context,
        "production": ref(quote.production, urls),
        "controversy": ref(quote.controversy, urls),
        "sources": source_refs(quote, urls),
    }


def export_queryset(record_type, queryset=None, bounded=False):
    """The records with everything their JSON needs, in a fixed number of queries; `bounded`,
    with at most LINK_LIMIT + 1 items of each link list (for record_data's `bounded`)."""
    model = record_type.model
    queryset = model.objects.all() if queryset is None else queryset
    lookups = []
    if record_type.tagged:
        lookups.append("tags")
    if record_type.has_sources:
        lookups.append(cited_sources(model))
    if record_type.select:
        queryset = queryset.select_related(*record_type.select)
    links = [as_lists(lookup) for lookup in record_type.prefetch]
    if bounded:
        links = [bounded_prefetch(lookup, model) for lookup in links]
    # Replace whatever the list page prefetches for its cards with what the JSON needs.
    return queryset.prefetch_related(None).prefetch_related(*links, *map(as_lists, lookups))


def bounded_prefetch(lookup, model):
    """The Prefetch `lookup` of a link list reading at most LINK_LIMIT + 1 rows per record, in
    the list's order (the model's, else by id)."""
    queryset = lookup.queryset
    if queryset is None:
        field = model._meta.get_field(lookup.prefetch_through)
        queryset = field.related_model._default_manager.all()
    if not queryset.ordered:
        queryset = queryset.order_by("pk")
    return Prefetch(lookup.prefetch_through, queryset[: LINK_LIMIT + 1], to_attr=lookup.to_attr)


CLAIMS = {
    "ai_use": ai_use_data,
    "figure": figure_data,
    "quote": quote_data,
    "likeness": likeness_data,
    "response": response_data,
    "rule_link": rule_link_data,
}


def link_items(link, record, urls):
    """The items of one of the record's link lists (registry.Link)."""
    if link.one:
        target = getattr(record, link.accessor)
        return [ref(target, urls)] if target else []
    items = []
    for row in rows(record, link.accessor):
        if link.claim:
            items.append(CLAIMS[link.claim](row, urls))
            continue
        target = getattr(row, link.through) if link.through else row
        items.append(ref(target, urls, **{key: getattr(row, attr) for key, attr in link.extra}))
    return items


def record_data(record_type, record, urls, bounded=False):
    """The record's JSON: see README.md, "Open data". `bounded`, each link list is cut at
    LINK_LIMIT items (the record read by export_queryset(..., bounded=True))."""
    limit = LINK_LIMIT if bounded else None
    return {
        "type": record_type.key,
        "id": record_type.permanent_id(record),
        "slug": record.slug,
        "name": record_type.name(record),
        "url": urls(record.get_absolute_url()),
        "permanent_url": urls(reverse("permanent", args=[record_type.permanent_id(record)])),
        "json_url": urls(json_url(record)),
        "created": record.created,
        "updated": record.updated,
        "tags": sorted(tag.name for tag in rows(record, "tags")) if record_type.tagged else [],
        "identifiers": record.external_ids(),
        "fields": {name: getattr(record, name) for name in record_type.fields},
        "links": {
            name: link_items(link, record, urls)[:limit] for name, link in record_type.links.items()
        },
        "more_links": more_links(record_type, record, urls, limit) if limit else {},
        "sources": source_refs(record, urls) if record_type.has_sources else [],
    }


def more_links(record_type, record, urls, limit):
    """The link lists cut at `limit`: each one's full count and, for AI uses, the API's
    paginated list of all of them. Counted only for a list that was cut (rare)."""
    cut = {}
    for name, link in record_type.links.items():
        if link.one or len(rows(record, link.accessor)) <= limit:
            continue
        cut[name] = {"total": getattr(record, link.accessor).count(), "api_url": None}
        if link.claim == "ai_use":
            query = urlencode({record_type.key: record.slug})
            cut[name]["api_url"] = urls(f"{reverse('api:list_ai_uses')}?{query}")
    return cut


def csv_header(record_type):
    return [
        "type",
        "id",
        "slug",
        "name",
        "url",
        "permanent_url",
        "json_url",
        "updated",
        "tags",
        *record_type.model.identifier_schemes(),
        *record_type.fields,
        *record_type.links,
        "sources",
        "source_locators",
        "source_notes",
        "source_passages",
    ]


def csv_row(record_type, data):
    """One CSV row from the record's JSON: lists become names joined by "; "."""
    ids = {identifier["scheme"]: identifier["id"] for identifier in data["identifiers"]}
    return [
        data["type"],
        data["id"],
        data["slug"],
        data["name"],
        data["url"],
        data["permanent_url"],
        data["json_url"],
        data["updated"],
        join(data["tags"]),
        *[ids.get(scheme, "") for scheme in record_type.model.identifier_schemes()],
        *[data["fields"][name] for name in record_type.fields],
        *[join(item["name"] for item in data["links"][name] if item) for name in record_type.links],
        join(source["name"] for source in data["sources"]),
        # In the order of `sources`, one per source (blank where a citation has none).
        join(source["locator"] for source in data["sources"]),
        join(source["note"] for source in data["sources"]),
        join(source["passage_url"] for source in data["sources"]),
    ]


def join(values):
    return "; ".join(str(value) for value in values)


# Output -------------------------------------------------------------------------------------


def to_json(data, **kwargs):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, **kwargs)


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer."""

    def write(self, value):
        return value


# A cell starting with one of these runs as a formula in spreadsheet programs: prefix a quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    value = str(value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_response(rows, filename):
    """Stream rows (the header first) as a CSV download."""
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow([_cell(value) for value in row]) for row in rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def json_stream_response(head, sections, filename=None):
    """Stream `{**head, name: [items...], ...}` for each (name, items) in sections."""

    def chunks():
        opening = to_json(head)[:-1]
        yield opening
        separator = ", " if head else ""
        for name, items in sections:
            yield f"{separator}{to_json(name)}: ["
            separator = ", "
            first = True
            for item in items:
                yield ("" if first else ",\n") + to_json(item)
                first = False
            yield "]"
        yield "}\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json")
    if filename:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def export_records(record_type, queryset, urls):
    """The JSON of every record in the queryset, streamed chunk by chunk."""
    for record in export_queryset(record_type, queryset).iterator(chunk_size=EXPORT_CHUNK):
        yield record_data(record_type, record, urls)


# Views ----------------------------------------------------------------------------------------


def record_json(request, key, slug):
    record_type = registry.BY_KEY[key]
    record = get_object_or_404(export_queryset(record_type, bounded=True), slug=slug)
    return JsonResponse(
        record_data(record_type, record, Urls(request), bounded=True),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False},
    )


def list_export(request, record_type, queryset, fmt, filename, head=None):
    """A list page's records (every page of them, as filtered) as JSON or CSV."""
    urls = Urls(request)
    if fmt == "csv":
        rows = (csv_row(record_type, data) for data in export_records(record_type, queryset, urls))
        return csv_response(_with_header(csv_header(record_type), rows), f"{filename}.csv")
    if fmt == "json":
        head = {"generated": changed_at(), **(head or {})}
        return json_stream_response(
            head, [("results", export_records(record_type, queryset, urls))]
        )
    raise Http404("Exports come as .json or .csv.")


def list_export_view(request, key, fmt):
    """/productions.json, /productions.csv, ...: the list page's records, every page of them,
    read through the list page's own filter form, so the two agree."""
    record_type = registry.BY_KEY[key]
    form = ListFilterForm(record_type, request.GET)
    queryset, _active, _notes = form.apply(record_type.list_queryset())
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    head = {"url": Urls(request)(reverse(record_type.list_url_name) + query)}
    return list_export(request, record_type, queryset, fmt, record_type.plural, head)


def list_export_query(request, key, fmt):
    """The filters and sort a list export applies (http_cached's `answers`)."""
    return applied_query(ListFilterForm(registry.BY_KEY[key], request.GET))


def _with_header(header, rows):
    yield header
    yield from rows


def snapshot(request):
    """The whole catalog as one JSON document, streamed: every record of every type."""
    urls = Urls(request)
    head = {
        "site": SITE_NAME,
        "url": urls("/"),
        "generated": changed_at(),
    }
    sections = [
        (record_type.plural, export_records(record_type, record_type.model.objects.all(), urls))
        for record_type in registry.TYPES
    ]
    stamp = changed_at().strftime("%Y-%m-%d")
    return json_stream_response(head, sections, filename=f"in-the-frame-{stamp}.json")


# The columns a tag's CSV shares across record types.
SHARED_CSV_COLUMNS = 9  # type, id, slug, name, url, permanent_url, json_url, updated, tags
TAG_CSV_HEADER = [*csv_header(registry.BY_KEY["production"])[:SHARED_CSV_COLUMNS], "summary"]


def tag_export_query(request, slug, fmt):
    """The narrowing tags a tag export applies (http_cached's `answers`)."""
    query = QueryDict(mutable=True)
    tag = Tag.objects.filter(slug=slug).first()
    if tag is not None:  # (else the export is not found)
        narrowing, _notes = narrowing_tags(tag, request.GET.getlist("and"))
        query.setlist("and", [other.slug for other in narrowing])
    return query


def tag_export(request, slug, fmt):
    """Every record carrying the tag (and the narrowing tags in ?and=), grouped by type: the
    tag page's records, read as the tag page reads them."""
    tag = get_object_or_404(Tag, slug=slug)
    narrowing, _notes = narrowing_tags(tag, request.GET.getlist("and"))
    tags = [tag, *narrowing]
    urls = Urls(request)
    sections = [
        (record_type, record_type.tagged_with(tags))
        for record_type in registry.TAGGED
        if record_type.has_list
    ]
    if fmt == "csv":
        rows = (
            [
                *csv_row(record_type, data)[:SHARED_CSV_COLUMNS],
                data["fields"][record_type.summary_field],
            ]
            for record_type, queryset in sections
            for data in export_records(record_type, queryset, urls)
        )
        return csv_response(_with_header(TAG_CSV_HEADER, rows), f"tag-{slug}.csv")
    if fmt != "json":
        raise Http404("Exports come as .json or .csv.")
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    head = {
        "tags": [tag.name for tag in tags],
        "url": urls(reverse("tag_detail", args=[slug]) + query),
        "generated": changed_at(),
    }
    return json_stream_response(
        head,
        [
            (record_type.plural, export_records(record_type, queryset, urls))
            for record_type, queryset in sections
        ],
    )


# The explorer of every AI use ------------------------------------------------------------------


def explorer_likeness_data(likeness, urls):
    """A likeness record as the explorer's rows carry it: who, what kind, and the three
    answers the explorer filters by."""
    return {
        "name": f"{likeness.person.name}: {likeness.get_kind_display()}",
        "person": ref(likeness.person, urls),
        "kind": likeness.kind,
        "consent": likeness.consent,
        "paid": likeness.paid,
        "performer_living": likeness.performer_living,
    }


def explorer_use_data(use, urls):
    """An AI use as the explorer exports it: its JSON as in a record's links, with its tool's
    technique, its production's kind and the performers' likeness records it touched."""
    return {
        **ai_use_data(use, urls),
        "technique": use.tool.technique,
        "production_kind": use.production.kind if use.production else None,
        "likenesses": [explorer_likeness_data(likeness, urls) for likeness in use.likenesses.all()],
    }


AI_USE_CSV_HEADER = [
    "name",
    "url",
    "tool",
    "production",
    "studio",
    "stage",
    "technique",
    "production_kind",
    "year",
    "date",
    "status",
    "disclosure",
    "disclosed_by_studio",
    "disclosed_by_person",
    "disclosed_on",
    "disclosed_note",
    "output",
    "digital_source_type",
    "on_screen",
    "likenesses",
    "description",
    "sources",
    "disclosure_sources",
]


def ai_use_csv_row(data):
    """One CSV row from an explorer row's JSON: linked records by name, lists joined by "; "."""

    def name(item):
        return item["name"] if item else ""

    by = data["disclosed_by"]
    return [
        data["name"],
        data["url"],
        name(data["tool"]),
        name(data["production"]),
        name(data["studio"]),
        name(data["stage"]),
        data["technique"],
        data["production_kind"],
        data["year"],
        data["date"],
        data["status"],
        data["disclosure"],
        name(by["studio"]),
        name(by["person"]),
        data["disclosed_on"],
        data["disclosed_note"],
        data["output"],
        data["digital_source_type"],
        data["on_screen"],
        join(f"{item['name']} (consent: {item['consent']})" for item in data["likenesses"]),
        data["description"],
        join(source["name"] for source in data["sources"]),
        join(source["name"] for source in data["disclosure_sources"]),
    ]


def ai_use_export_query(request, fmt):
    """The filters the explorer's export applies (http_cached's `answers`)."""
    return applied_query(AIUseFilterForm(request.GET))


def ai_use_export(request, fmt):
    """/ai-uses.json, /ai-uses.csv: the explorer's rows, every page of them, read through the
    explorer's own filter form, so the two agree."""
    if fmt not in ("json", "csv"):
        raise Http404("Exports come as .json or .csv.")
    form = AIUseFilterForm(request.GET)
    uses, _active, _notes = form.apply(AIUse.objects.all())
    queryset = explorer.rows(uses).prefetch_related(*registry.use_claims())
    urls = Urls(request)
    items = (
        explorer_use_data(use, urls)
        for use in queryset.order_by("-pk").iterator(chunk_size=EXPORT_CHUNK)
    )
    if fmt == "csv":
        rows = (ai_use_csv_row(data) for data in items)
        return csv_response(_with_header(AI_USE_CSV_HEADER, rows), "ai-uses.csv")
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    head = {"generated": changed_at(), "url": urls(reverse("ai_use_list") + query)}
    return json_stream_response(head, [("results", items)])
