"""The catalog as data: one documented JSON shape per record, CSV rows, streamed exports.

Every record type has a `RecordType` below: its fields, the records it links to and the
prefetches that load them in a fixed number of queries. The same description serves the
record's JSON, the list and tag exports (JSON and CSV) and the whole-catalog snapshot, so the
shapes cannot drift apart. The shape is documented in README.md ("Open data").

Large exports stream: rows are read with `iterator(chunk_size=EXPORT_CHUNK)`, which runs the
prefetches once per chunk, and written out as they come.
"""

import csv
import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from taggit.models import Tag

from catalog.models import (
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

EXPORT_CHUNK = 2000
SITE_NAME = "In the Frame"

# External identifiers: (JSON key, label, model field, URL pattern per model).
_IMDB = {
    Production: "https://www.imdb.com/title/{}/",
    Person: "https://www.imdb.com/name/{}/",
    Studio: "https://www.imdb.com/search/title/?companies={}",
}
_TMDB = {
    Production: "https://www.themoviedb.org/{kind}/{id}",
    Person: "https://www.themoviedb.org/person/{id}",
}


def external_ids(record):
    """The record's identifiers elsewhere: [{"scheme", "label", "id", "url"}], in a fixed order."""
    found = []
    if getattr(record, "wikidata_id", ""):
        found.append(
            ("wikidata", "Wikidata", record.wikidata_id, "https://www.wikidata.org/wiki/{}")
        )
    if getattr(record, "imdb_id", "") and type(record) in _IMDB:
        found.append(("imdb", "IMDb", record.imdb_id, _IMDB[type(record)]))
    if getattr(record, "tmdb_id", None) and type(record) in _TMDB:
        kind = "tv" if getattr(record, "kind", "") == Production.Kind.SERIES else "movie"
        url = _TMDB[type(record)].format(kind=kind, id=record.tmdb_id)
        found.append(("tmdb", "TMDB", record.tmdb_id, url))
    if getattr(record, "aiid_id", None):
        found.append(
            ("aiid", "AI Incident Database", record.aiid_id, "https://incidentdatabase.ai/cite/{}/")
        )
    return [
        {"scheme": scheme, "label": label, "id": value, "url": pattern.replace("{}", str(value))}
        for scheme, label, value, pattern in found
    ]


def record_type_of(record):
    for record_type in RECORD_TYPES.values():
        if isinstance(record, record_type.model):
            return record_type
    raise LookupError(f"{type(record).__name__} has no open-data record type")


def json_url(record):
    record_type = record_type_of(record)
    return reverse(f"{record_type.key}_json", args=[record.slug])


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
    record_type = record_type_of(record)
    return {
        "type": record_type.key,
        "slug": record.slug,
        "name": record_type.name(record),
        "url": urls(record.get_absolute_url()),
        "json_url": urls(json_url(record)),
        **extra,
    }


def source_refs(item, urls):
    return [ref(source, urls) for source in item.sources.all()]


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


def _uses(**related):
    return Prefetch(
        related.pop("lookup"),
        AIUse.objects.select_related("tool", "production", "studio", "stage").prefetch_related(
            "sources"
        ),
    )


_quotes = Quote.objects.select_related("person", "production", "controversy").prefetch_related(
    "sources"
)


@dataclass
class RecordType:
    key: str  # "production": used in URL names and the JSON "type"
    plural: str  # "productions": the list's name in the snapshot and export file names
    model: type
    name_field: str
    summary_field: str
    fields: list
    links: dict = field(default_factory=dict)  # name -> function(record, urls) -> list
    prefetch: list = field(default_factory=list)
    select: list = field(default_factory=list)
    has_tags: bool = True
    has_sources: bool = True

    def name(self, record):
        return getattr(record, self.name_field)

    def summary(self, record):
        return getattr(record, self.summary_field)

    def summary_of(self, data):
        return data["fields"][self.summary_field]

    def queryset(self, queryset=None):
        """The records with everything their JSON needs, in a fixed number of queries."""
        queryset = self.model.objects.all() if queryset is None else queryset
        lookups = list(self.prefetch)
        if self.has_tags:
            lookups.append("tags")
        if self.has_sources:
            lookups.append("sources")
        if self.select:
            queryset = queryset.select_related(*self.select)
        # Replace whatever the list page prefetches for its cards with what the JSON needs.
        return queryset.prefetch_related(None).prefetch_related(*lookups)

    def data(self, record, urls):
        """The record's JSON: see README.md, "Open data"."""
        return {
            "type": self.key,
            "slug": record.slug,
            "name": self.name(record),
            "url": urls(record.get_absolute_url()),
            "json_url": urls(json_url(record)),
            "created": record.created,
            "updated": record.updated,
            "tags": sorted(tag.name for tag in record.tags.all()) if self.has_tags else [],
            "identifiers": external_ids(record),
            "fields": {name: getattr(record, name) for name in self.fields},
            "links": {name: links(record, urls) for name, links in self.links.items()},
            "sources": source_refs(record, urls) if self.has_sources else [],
        }

    def csv_header(self):
        return [
            "type",
            "slug",
            "name",
            "url",
            "json_url",
            "updated",
            "tags",
            *[scheme for scheme in self.identifier_schemes()],
            *self.fields,
            *self.links,
            "sources",
        ]

    def identifier_schemes(self):
        schemes = ["wikidata"] if hasattr(self.model, "wikidata_id") else []
        if self.model in _IMDB:
            schemes.append("imdb")
        if self.model in _TMDB:
            schemes.append("tmdb")
        if hasattr(self.model, "aiid_id"):
            schemes.append("aiid")
        return schemes

    def csv_row(self, data):
        """One CSV row from the record's JSON: lists become names joined by "; "."""
        ids = {identifier["scheme"]: identifier["id"] for identifier in data["identifiers"]}
        return [
            data["type"],
            data["slug"],
            data["name"],
            data["url"],
            data["json_url"],
            data["updated"],
            join(data["tags"]),
            *[ids.get(scheme, "") for scheme in self.identifier_schemes()],
            *[data["fields"][name] for name in self.fields],
            *[join(item["name"] for item in data["links"][name] if item) for name in self.links],
            join(source["name"] for source in data["sources"]),
        ]


def join(values):
    return "; ".join(str(value) for value in values)


def _refs(accessor, through=None, extra=None):
    """A link list: the records behind `accessor` (or each row's `through` record), each
    with the row's `extra` fields, e.g. a studio's role on a production."""

    def links(record, urls):
        items = []
        for item in getattr(record, accessor).all():
            target = getattr(item, through) if through else item
            fields = {key: getattr(item, attr) for key, attr in (extra or {}).items()}
            items.append(ref(target, urls, **fields))
        return items

    return links


def _each(accessor, build):
    return lambda record, urls: [build(item, urls) for item in getattr(record, accessor).all()]


def _one(attribute):
    return lambda record, urls: (
        [ref(getattr(record, attribute), urls)] if getattr(record, attribute) else []
    )


RECORD_TYPES = {
    record_type.key: record_type
    for record_type in [
        RecordType(
            key="production",
            plural="productions",
            model=Production,
            name_field="title",
            summary_field="synopsis",
            fields=[
                "original_title",
                "kind",
                "year",
                "release_date",
                "release_note",
                "episodes",
                "synopsis",
                "based_on",
                "based_on_by",
            ],
            links={
                "studios": _refs("studio_roles", through="studio", extra={"role": "role"}),
                "ai_uses": _each("ai_uses", ai_use_data),
                "people": _refs("credits", through="person", extra={"role": "role"}),
                "controversies": _refs("controversies"),
                "figures": _each("figures", figure_data),
                "quotes": _each("quotes", quote_data),
            },
            prefetch=[
                Prefetch("studio_roles", ProductionStudio.objects.select_related("studio")),
                _uses(lookup="ai_uses"),
                Prefetch("credits", Credit.objects.select_related("person")),
                "controversies",
                Prefetch("figures", Figure.objects.prefetch_related("sources")),
                Prefetch("quotes", _quotes),
            ],
        ),
        RecordType(
            key="studio",
            plural="studios",
            model=Studio,
            name_field="name",
            summary_field="description",
            fields=["kind", "country", "city", "description", "website"],
            links={
                "productions": _refs(
                    "production_roles", through="production", extra={"role": "role"}
                ),
                "tools_made": _refs("tools_made"),
                "ai_uses": _each("ai_uses", ai_use_data),
                "people": _refs("people_roles", through="person", extra={"title": "title"}),
                "controversies": _refs("controversies"),
                "figures": _each("figures", figure_data),
            },
            prefetch=[
                Prefetch("production_roles", ProductionStudio.objects.select_related("production")),
                "tools_made",
                _uses(lookup="ai_uses"),
                Prefetch("people_roles", PersonRole.objects.select_related("person")),
                "controversies",
                Prefetch("figures", Figure.objects.prefetch_related("sources")),
            ],
        ),
        RecordType(
            key="tool",
            plural="tools",
            model=AITool,
            name_field="name",
            summary_field="description",
            fields=["technique", "is_generic", "description", "website"],
            links={
                "vendor": _one("vendor"),
                "ai_uses": _each("uses", ai_use_data),
                "controversies": _refs("controversies"),
            },
            prefetch=[_uses(lookup="uses"), "controversies"],
            select=["vendor"],
        ),
        RecordType(
            key="controversy",
            plural="controversies",
            model=Controversy,
            name_field="title",
            summary_field="summary",
            fields=["year", "date", "summary"],
            links={
                "productions": _refs("productions"),
                "studios": _refs("studios"),
                "tools": _refs("tools"),
                "people": _refs("people"),
                "quotes": _each("quotes", quote_data),
            },
            prefetch=["productions", "studios", "tools", "people", Prefetch("quotes", _quotes)],
        ),
        RecordType(
            key="person",
            plural="people",
            model=Person,
            name_field="name",
            summary_field="bio",
            fields=["bio"],
            links={
                "studios": _refs("roles", through="studio", extra={"title": "title"}),
                "productions": _refs("credits", through="production", extra={"role": "role"}),
                "controversies": _refs("controversies"),
                "quotes": _each("quotes", quote_data),
            },
            prefetch=[
                Prefetch("roles", PersonRole.objects.select_related("studio")),
                Prefetch("credits", Credit.objects.select_related("production")),
                "controversies",
                Prefetch("quotes", _quotes),
            ],
        ),
        RecordType(
            key="source",
            plural="sources",
            model=Source,
            name_field="title",
            summary_field="summary",
            fields=[
                "publisher",
                "author",
                "url",
                "published",
                "published_note",
                "accessed",
                "summary",
            ],
            links={
                "productions": _refs("productions"),
                "studios": _refs("studios"),
                "tools": _refs("tools"),
                "people": _refs("people"),
                "controversies": _refs("controversies"),
            },
            prefetch=["productions", "studios", "tools", "people", "controversies"],
            has_tags=False,
            has_sources=False,
        ),
        RecordType(
            key="stage",
            plural="stages",
            model=Stage,
            name_field="name",
            summary_field="description",
            fields=["position", "description"],
            links={"ai_uses": _each("ai_uses", ai_use_data)},
            prefetch=[_uses(lookup="ai_uses")],
            has_tags=False,
        ),
    ]
}
TAGGED_TYPES = [record_type for record_type in RECORD_TYPES.values() if record_type.has_tags]


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
    for record in record_type.queryset(queryset).iterator(chunk_size=EXPORT_CHUNK):
        yield record_type.data(record, urls)


# Views ----------------------------------------------------------------------------------------


def record_json(request, key, slug):
    record_type = RECORD_TYPES[key]
    record = get_object_or_404(record_type.queryset(), slug=slug)
    return JsonResponse(
        record_type.data(record, Urls(request)),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False},
    )


def list_export(request, record_type, queryset, fmt, filename, head=None):
    """A list page's records (every page of them, as filtered) as JSON or CSV."""
    urls = Urls(request)
    if fmt == "csv":
        rows = (record_type.csv_row(data) for data in export_records(record_type, queryset, urls))
        return csv_response(_with_header(record_type.csv_header(), rows), f"{filename}.csv")
    if fmt == "json":
        head = {"generated": timezone.now(), **(head or {})}
        return json_stream_response(
            head, [("results", export_records(record_type, queryset, urls))]
        )
    raise Http404("Exports come as .json or .csv.")


def list_export_view(request, key, fmt):
    """/productions.json, /productions.csv, ...: the list page's records, filters honoured."""
    record_type = RECORD_TYPES[key]
    queryset = list_queryset(request, record_type)
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    head = {"url": Urls(request)(reverse(f"{key}_list") + query)}
    return list_export(request, record_type, queryset, fmt, record_type.plural, head)


def list_queryset(request, record_type):
    """The records the list page shows for this request's filters and sort, every page of
    them: the list page's own filtering (catalog.views.apply_filters), so the two agree."""
    from catalog import views

    listing = views.LISTINGS[record_type.plural]
    queryset, _options, _active, _notes = views.apply_filters(request, listing, listing.queryset())
    default_sort = next(iter(listing.sorts))
    _label, ordering = listing.sorts.get(request.GET.get("sort", ""), listing.sorts[default_sort])
    return queryset.order_by(*ordering)


def _with_header(header, rows):
    yield header
    yield from rows


def snapshot(request):
    """The whole catalog as one JSON document, streamed: every record of every type."""
    urls = Urls(request)
    head = {
        "site": SITE_NAME,
        "url": urls("/"),
        "generated": timezone.now(),
    }
    sections = [
        (record_type.plural, export_records(record_type, record_type.model.objects.all(), urls))
        for record_type in RECORD_TYPES.values()
    ]
    stamp = timezone.now().strftime("%Y-%m-%d")
    return json_stream_response(head, sections, filename=f"in-the-frame-{stamp}.json")


# The columns a tag's CSV shares across record types.
TAG_CSV_HEADER = ["type", "slug", "name", "url", "json_url", "updated", "tags", "summary"]


def tag_export(request, slug, fmt):
    """Every record carrying the tag (and the narrowing tags in ?and=), grouped by type."""
    tags = tags_from(slug, request.GET.getlist("and"))
    urls = Urls(request)
    sections = [(record_type, tag_queryset(record_type, tags)) for record_type in TAGGED_TYPES]
    if fmt == "csv":
        rows = (
            [*record_type.csv_row(data)[:7], record_type.summary_of(data)]
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
        "generated": timezone.now(),
    }
    return json_stream_response(
        head,
        [
            (record_type.plural, export_records(record_type, queryset, urls))
            for record_type, queryset in sections
        ],
    )


def tags_from(slug, narrowing):
    """The page's tag and the tags narrowing it, unknown narrowing slugs ignored."""
    tag = get_object_or_404(Tag, slug=slug)
    # No slug holds a NUL, and PostgreSQL refuses to compare text with one (a 500).
    narrowing = [value for value in narrowing if "\x00" not in value]
    return [tag, *Tag.objects.filter(slug__in=narrowing).exclude(pk=tag.pk)]


def tag_queryset(record_type, tags):
    """Records of one type carrying every one of the tags, in the tag page's order."""
    from catalog import views

    listing = views.LISTINGS[record_type.plural]
    queryset = listing.queryset()
    for tag in tags:
        queryset = queryset.filter(tags=tag)
    return queryset.order_by(*next(iter(listing.sorts.values()))[1])
