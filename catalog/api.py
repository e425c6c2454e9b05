"""The read API for researchers, at /api/v1/ (django-ninja; README.md, "API").

Every record type of catalog/registry.py has a list and a detail operation, and answers in the
very JSON its export gives (catalog/exports.py `record_data`, `explorer_use_data`): the API
adds a `meta` block and cursor pagination around it, never a second serializer. AI uses are
filtered through the explorer's own form (`AIUseFilterForm`), strictly: a value the page would
ignore with a note is a 400 here, naming the parameter. `changes` reads the history tables
(django-simple-history), `lookup` the sources' normalised URLs (`Source.url_key`).

Every URL here goes through `api_view`, which answers OPTIONS (CORS preflight) and every
method but GET and HEAD (405), counts requests per client address (429 beyond
settings.API_RATE_LIMIT), HTTP-caches anonymous GETs as the exports are (`http_cached`: ETag,
304) and adds `Access-Control-Allow-Origin: *`. Errors are always `{"error", "message",
"meta"}` JSON.
"""

import base64
import binascii
import json
import re
import time
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.encoding import iri_to_uri, uri_to_iri
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query
from ninja.errors import ValidationError
from ninja.openapi.views import default_home

from catalog import addresses, explorer, registry
from catalog.cache import _cache_call, count_up, current, hashed, http_cached
from catalog.exports import Urls, explorer_use_data, export_queryset, record_data
from catalog.forms import AIUseFilterForm, SlugChoiceField
from catalog.login_limits import client_ip
from catalog.models import CITATION_MODELS, AIUse, FormerAddress, Source
from catalog.releases import LICENSES
from catalog.weburl import url_key

API_VERSION = "1"
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_URL_LENGTH = 2000
# A lookup lists at most this many claims or records citing the matching sources, per kind.
MAX_CITING = 100
SLUG = re.compile(r"[-a-zA-Z0-9_]+")

api = NinjaAPI(
    title="In the Frame API",
    version=API_VERSION,
    description=(
        "Read-only JSON about AI use in film production: every record type, the AI uses with "
        "the explorer's filters, what changed since a time, and which sources cite a URL."
    ),
    urls_namespace="api",
    docs_url=None,  # our own page (`docs` below): Swagger UI would need script to run
)


class ApiError(Exception):
    def __init__(self, status, error, message, **extra):
        super().__init__(message)
        self.status, self.error, self.message, self.extra = status, error, message, extra


# --- Answers -------------------------------------------------------------------------------------


def licence():
    """The data's licence (DATA_LICENSE, as stated in each dataset release), or None."""
    if not settings.DATA_LICENSE:
        return None
    title, url = LICENSES[settings.DATA_LICENSE]
    return {"id": settings.DATA_LICENSE, "title": title, "url": url}


def meta(request):
    """What every answer carries: the API's version, the catalog's, and the data's licence."""
    held = current()
    return {
        "api_version": API_VERSION,
        "catalog_version": held.n,
        "catalog_changed": held.changed,
        "licence": licence(),
        "docs": request.build_absolute_uri(reverse("api_docs")),
    }


def answer(request, body, status=200):
    return JsonResponse(
        {"meta": meta(request), **body},
        status=status,
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False},
    )


def error_response(request, status, error, message, **extra):
    return answer(request, {"error": error, "message": str(message), **extra}, status=status)


@api.exception_handler(ApiError)
def _api_error(request, exc):
    return error_response(request, exc.status, exc.error, exc.message, **exc.extra)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    """A parameter of the wrong type (`limit=ten`): 400, naming it."""
    problem = exc.errors[0]
    name = str(problem.get("loc", ["", "?"])[-1])
    if problem.get("type") == "missing":
        message = _("Give the parameter “%(name)s”: this operation needs it.") % {"name": name}
    else:
        message = _("The parameter “%(name)s” is invalid: %(problem)s.") % {
            "name": name,
            "problem": problem.get("msg", ""),
        }
    return error_response(request, 400, "bad_parameter", message, parameter=name)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(request, 404, "not_found", str(exc) or _("Nothing is here."))


# --- Query string ------------------------------------------------------------------------------


def bad_parameter(name, message):
    return ApiError(400, "bad_parameter", message, parameter=name)


def check_parameters(request, allowed):
    """A parameter the operation does not take is refused, not ignored: a typo (`?tol=`) would
    otherwise return everything."""
    allowed = {*allowed, "cursor", "limit"}
    for name in request.GET:
        if name not in allowed:
            raise bad_parameter(
                name[:60],
                _("Unknown parameter “%(name)s”: this operation takes %(names)s.")
                % {"name": name[:60], "names": ", ".join(sorted(allowed))},
            )


def page_size(limit):
    if limit is None:
        return DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        raise bad_parameter(
            "limit",
            _("The parameter “limit” must be between 1 and %(max)s; got %(limit)s.")
            % {"max": MAX_LIMIT, "limit": limit},
        )
    return limit


def encode_cursor(kind, *values):
    raw = json.dumps([kind, *values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_cursor(cursor, kind, shape):
    """The values a cursor of this kind holds, checked against `shape` (their types)."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    if (
        not isinstance(values, list)
        or len(values) != len(shape) + 1
        or values[0] != kind
        or not all(type(value) is want for value, want in zip(values[1:], shape, strict=True))
    ):
        raise bad_parameter(
            "cursor",
            _(
                "The parameter “cursor” is not a cursor this operation gave: pass the `next` "
                "URL of a previous page as it is."
            ),
        )
    return values[1:]


def next_url(request, cursor):
    params = request.GET.copy()
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def page(request, items, limit, cursor_of, **head):
    """A page of results: `limit` items (of the `limit + 1` read) and the next page's URL."""
    more = len(items) > limit
    items = items[:limit]
    following = next_url(request, cursor_of(items[-1])) if more else None
    return {**head, "limit": limit, "next": following, "results": items}


# --- Records -----------------------------------------------------------------------------------


def record_page(request, record_type, cursor, limit):
    check_parameters(request, ())
    limit = page_size(limit)
    after = decode_cursor(cursor, record_type.plural, (int,))
    records = record_type.model.objects.order_by("pk")
    if after:
        records = records.filter(pk__gt=after[0])
    records = list(export_queryset(record_type, records[: limit + 1], bounded=True))
    urls = Urls(request)
    body = page(
        request,
        records,
        limit,
        lambda record: encode_cursor(record_type.plural, record.pk),
    )
    body["results"] = [
        record_data(record_type, record, urls, bounded=True) for record in body["results"]
    ]
    return answer(request, body)


def record_answer(request, record_type, record):
    return answer(
        request, {"result": record_data(record_type, record, Urls(request), bounded=True)}
    )


def gone(request, record_type, former):
    data = addresses.gone_data(record_type, former)
    return error_response(request, 410, data.pop("error"), data.pop("message"), **data)


def now_at(record_type, former):
    """The record a former address leads to (renamed, or merged into another), or None if it
    is gone."""
    if former.reason == FormerAddress.Reason.RENAMED:
        return record_type.model.objects.filter(pk=former.record_id).only("slug").first()
    if former.reason == FormerAddress.Reason.MERGED:
        return addresses.standing_record(record_type, former.merged_into)
    return None


def record_detail(request, record_type, slug):
    check_parameters(request, ())
    if SLUG.fullmatch(slug):
        record = export_queryset(record_type, bounded=True).filter(slug=slug).first()
        if record is not None:
            return record_answer(request, record_type, record)
        former = FormerAddress.objects.filter(record_type=record_type.key, slug=slug).first()
        if former is not None:
            moved = now_at(record_type, former)
            if moved is not None:
                target = reverse(f"api:get_{record_type.key}", args=[moved.slug])
                query = request.META.get("QUERY_STRING")
                return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
            return gone(request, record_type, former)
    raise ApiError(
        404,
        "not_found",
        _("There is no %(label)s “%(slug)s”.") % {"label": record_type.label, "slug": slug[:60]},
    )


def add_record_type(record_type):
    """The list and detail operations of one record type."""
    plural, label = record_type.plural, record_type.label

    @api.get(
        f"/{plural}",
        operation_id=f"list_{plural}",
        url_name=f"list_{plural}",
        summary=f"List {record_type.label_plural}",
        description=(
            f"Every {label}, in the order they were added, `limit` at a time; follow `next` "
            f"for the next page. Each result is the {label}'s JSON export."
        ),
        tags=[record_type.title],
        openapi_extra={"x-example": f"/{plural}?limit=2"},
    )
    def list_records(request, cursor: str | None = None, limit: int | None = None):
        return record_page(request, record_type, cursor, limit)

    @api.get(
        f"/{plural}/{{slug}}",
        operation_id=f"get_{record_type.key}",
        url_name=f"get_{record_type.key}",
        summary=f"One {label}, by slug",
        description=(
            f"The {label}'s JSON export. A former slug (renamed, or merged into another "
            f"{label}) answers 301 with the new address, a deleted record 410."
        ),
        tags=[record_type.title],
    )
    def get_record(request, slug: str):
        return record_detail(request, record_type, slug)


for _record_type in registry.TYPES:
    add_record_type(_record_type)


@api.get(
    "/id/{code}",
    operation_id="get_by_id",
    url_name="get_by_id",
    summary="Any record, by permanent identifier",
    description="A record by its permanent identifier, e.g. P1 or T3: its type's letter "
    "(" + ", ".join(f"{t.id_prefix} {t.label}" for t in registry.TYPES) + ") and its number. "
    "A record merged into another answers 301 with the other's address; a deleted record 410.",
    tags=["Records"],
    openapi_extra={"x-example": "/id/P1"},
)
def get_by_id(request, code: str):
    check_parameters(request, ())
    match = addresses.PERMANENT_ID.match(code)
    record_type = match and registry.BY_PREFIX.get(match["prefix"])
    if record_type:
        pk = int(match["pk"])
        record = export_queryset(record_type, bounded=True).filter(pk=pk).first()
        if record is not None:
            return record_answer(request, record_type, record)
        former = (
            FormerAddress.objects.filter(
                record_type=record_type.key,
                record_id=pk,
                reason__in=[FormerAddress.Reason.DELETED, FormerAddress.Reason.MERGED],
            )
            .order_by("-since")
            .first()
        )
        if former is not None:
            kept = now_at(record_type, former)
            if kept is not None:
                target = reverse("api:get_by_id", args=[record_type.permanent_id(kept)])
                return HttpResponsePermanentRedirect(target)
            return gone(request, record_type, former)
    raise ApiError(
        404,
        "not_found",
        _("No record has the identifier “%(code)s”: one is a letter and a number, e.g. P1.")
        % {"code": code[:60]},
    )


# --- AI uses -----------------------------------------------------------------------------------

FILTERS = [name for name in AIUseFilterForm.FILTERS]


def _choices(name):
    field = AIUseFilterForm.base_fields[name]
    if isinstance(field, SlugChoiceField):
        return None
    return [value for value, _label in getattr(field, "choices", []) if value]


def filter_message(form, name):
    value = str(form.data.get(name, ""))[:60]
    field = form.fields[name]
    label = form.FILTERS[name][1]
    if isinstance(field, SlugChoiceField):
        return _("The parameter “%(name)s”: there is no %(label)s “%(value)s”.") % {
            "name": name,
            "label": label,
            "value": value,
        }
    if name == "year":
        return _(
            "The parameter “year” must be a year from %(low)s to %(high)s; got “%(value)s”."
        ) % {
            "low": field.min_value,
            "high": field.max_value,
            "value": value,
        }
    return _("The parameter “%(name)s” must be one of %(choices)s; got “%(value)s”.") % {
        "name": name,
        "choices": ", ".join(_choices(name)),
        "value": value,
    }


def _filter_description(name):
    label = AIUseFilterForm.FILTERS[name][1]
    choices = _choices(name)
    if choices:
        return f"The {label}: one of {', '.join(choices)}."
    if name == "year":
        return "The year of the use (its date's year, else its year), e.g. 2025."
    return f"The {label}'s slug, e.g. as in its record's `slug`."


@api.get(
    "/ai-uses",
    operation_id="list_ai_uses",
    url_name="list_ai_uses",
    summary="List AI uses, filtered as in the explorer",
    description=(
        "Every AI use, in the order they were added, narrowed by the explorer's filters "
        "(/ai-uses/ on the site): each filter given must match, and a value that matches "
        "nothing is a 400 naming the parameter (the page ignores it with a note). Each result "
        "is as in the explorer's JSON export."
    ),
    tags=["AI uses"],
    openapi_extra={"x-example": "/ai-uses?stage=post-production&disclosure=self-disclosed&limit=2"},
)
def list_ai_uses(
    request,
    stage: str | None = Query(None, description=_filter_description("stage")),
    technique: str | None = Query(None, description=_filter_description("technique")),
    tool: str | None = Query(None, description=_filter_description("tool")),
    studio: str | None = Query(None, description=_filter_description("studio")),
    kind: str | None = Query(None, description=_filter_description("kind")),
    year: str | None = Query(None, description=_filter_description("year")),
    status: str | None = Query(None, description=_filter_description("status")),
    disclosure: str | None = Query(None, description=_filter_description("disclosure")),
    output: str | None = Query(None, description=_filter_description("output")),
    on_screen: str | None = Query(None, description=_filter_description("on_screen")),
    likeness: str | None = Query(None, description=_filter_description("likeness")),
    consent: str | None = Query(None, description=_filter_description("consent")),
    cursor: str | None = None,
    limit: int | None = None,
):
    check_parameters(request, FILTERS)
    limit = page_size(limit)
    after = decode_cursor(cursor, "ai-uses", (int,))
    form = AIUseFilterForm({name: request.GET[name] for name in FILTERS if name in request.GET})
    uses, active, _notes = form.apply(AIUse.objects.all())
    for name in FILTERS:
        if name in form.errors:
            raise bad_parameter(name, filter_message(form, name))
    if after:
        uses = uses.filter(pk__gt=after[0])
    rows = list(
        explorer.rows(uses).prefetch_related(*registry.use_claims()).order_by("pk")[: limit + 1]
    )
    urls = Urls(request)
    body = page(
        request,
        rows,
        limit,
        lambda use: encode_cursor("ai-uses", use.pk),
        filters={item["name"]: item["raw"] for item in active},
    )
    body["results"] = [explorer_use_data(use, urls) for use in body["results"]]
    return answer(request, body)


# --- What changed ------------------------------------------------------------------------------

CHANGE_KINDS = {"+": "created", "~": "changed", "-": "deleted"}
OFFSET_SPACE = re.compile(r" (\d\d(:?\d\d)?)$")


def parse_since(value):
    """An ISO 8601 date or date and time; without a UTC offset, UTC."""
    if not value:
        raise bad_parameter(
            "since",
            _("Give “since”, an ISO 8601 time such as 2026-01-31T12:00:00Z or a date."),
        )
    # A "+" in a query string left unencoded arrives as a space: "...T10:00:00 01:00".
    value = OFFSET_SPACE.sub(r"+\1", value.strip()[:60])
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        try:
            day = parse_date(value) if len(value) == 10 else None
        except ValueError:  # well formed, but no such day
            day = None
        if day is None:
            raise bad_parameter(
                "since",
                _(
                    "The parameter “since” must be an ISO 8601 time such as "
                    "2026-01-31T12:00:00Z or a date such as 2026-01-31; got “%(value)s”."
                )
                % {"value": value},
            ) from None
        when = datetime(day.year, day.month, day.day)
    if timezone.is_naive(when):
        when = when.replace(tzinfo=UTC)
    return when


@api.get(
    "/changes",
    operation_id="list_changes",
    url_name="list_changes",
    summary="What changed since a time",
    description=(
        "Every record (of every type above) created, changed or deleted at or after `since`, "
        "oldest first, from the catalog's history. Each result names the kind of change, the "
        "record's type, permanent identifier, name and slug at that change, when, and its "
        "permanent URL (which answers 410 once the record is deleted)."
    ),
    tags=["Changes"],
    openapi_extra={"x-example": "/changes?since=2026-01-01T00:00:00Z&limit=5"},
)
def list_changes(
    request,
    since: str = Query(
        ..., description="An ISO 8601 time, e.g. 2026-01-31T12:00:00Z (UTC if no offset)."
    ),
    cursor: str | None = None,
    limit: int | None = None,
):
    check_parameters(request, ("since",))
    limit = page_size(limit)
    start = parse_since(request.GET.get("since", ""))
    after = decode_cursor(cursor, "changes", (str, int, int))
    if after:
        try:
            after[0] = datetime.fromisoformat(after[0])
        except ValueError:
            raise bad_parameter("cursor", _("The parameter “cursor” is not valid.")) from None
    rows = []
    # One query per type, each its next `limit + 1` changes in (time, type, history id) order.
    for index, record_type in enumerate(registry.TYPES):
        history = record_type.model.history.model.objects.filter(history_date__gte=start)
        if after:
            when, at_type, history_id = after
            if index < at_type:
                history = history.filter(history_date__gt=when)
            elif index == at_type:
                history = history.filter(history_date__gt=when) | history.filter(
                    history_date=when, history_id__gt=history_id
                )
            else:
                history = history.filter(history_date__gte=when)
        fields = ("history_date", "history_id", "history_type", "id", record_type.name_field)
        for when, history_id, kind, pk, name in history.order_by(
            "history_date", "history_id"
        ).values_list(*fields)[: limit + 1]:
            rows.append((when, index, history_id, kind, pk, name))
    rows.sort(key=lambda row: row[:3])
    urls = Urls(request)

    def item(row):
        when, index, _history_id, kind, pk, name = row
        record_type = registry.TYPES[index]
        code = f"{record_type.id_prefix}{pk}"
        return {
            "change": CHANGE_KINDS.get(kind, kind),
            "type": record_type.key,
            "id": code,
            "name": name,
            "time": when,
            "url": urls(reverse("permanent", args=[code])),
            "api_url": urls(reverse("api:get_by_id", args=[code])),
        }

    body = page(
        request,
        rows,
        limit,
        lambda row: encode_cursor("changes", row[0].isoformat(), row[1], row[2]),
        since=start,
    )
    body["results"] = [item(row) for row in body["results"]]
    return answer(request, body)


# --- Which sources cite a URL ------------------------------------------------------------------

# What each citing row's name and address read besides the row itself.
CITING_SELECT = {
    "productionstudio": ("studio", "production"),
    "aiuse": ("tool", "production", "studio", "stage"),
    "personrole": ("person", "studio"),
    "credit": ("person", "production"),
    "quote": ("person",),
    "figure": ("studio", "production"),
    "likeness": ("person", "production"),
    "response": (
        "person",
        "studio",
        "controversy",
        *[f"ai_use__{name}" for name in registry.USE_NAMES],
    ),
    "rulelink": (
        "rule",
        "controversy",
        "likeness__person",
        "likeness__production",
        *[f"ai_use__{name}" for name in registry.USE_NAMES],
    ),
}


@api.get(
    "/lookup",
    operation_id="lookup_url",
    url_name="lookup_url",
    summary="Which sources cite a URL",
    description=(
        "The sources whose URL is `url`, compared in one spelling: the scheme, a leading "
        "`www.`, a trailing slash, the fragment and tracking parameters (`utm_*`, `fbclid`...) "
        "do not count. Each result is the source's JSON export, with `citations`: the records "
        "and claims citing it (at most 100 of each kind)."
    ),
    tags=["Sources"],
    openapi_extra={"x-example": "/lookup?url=https://www.example.org/article/"},
)
def lookup_url(request, url: str = Query(..., description="A web address, e.g. an article's.")):
    check_parameters(request, ("url",))
    given = request.GET.get("url", "")
    if len(given) > MAX_URL_LENGTH or "\x00" in given:
        raise bad_parameter(
            "url",
            _("The parameter “url” must be a web address of at most %(max)s characters.")
            % {"max": MAX_URL_LENGTH},
        )
    key = url_key(given)
    if not key:
        raise bad_parameter("url", _("Give “url”, the web address to look up."))
    # An address with letters of other scripts is written either way: "ñandú" or "%C3%B1and%C3%BA".
    keys = {key, url_key(iri_to_uri(given)), url_key(uri_to_iri(given))}
    source_type = registry.BY_MODEL[Source]
    matching = Source.objects.filter(url_key__in=keys).order_by("pk")[:MAX_LIMIT]
    sources = list(export_queryset(source_type, matching, bounded=True))
    urls = Urls(request)
    citing = {source.pk: [] for source in sources}
    for model in CITATION_MODELS if sources else ():
        owner = model._meta.get_field("record").related_model
        kind = owner._meta.model_name
        rows = (
            model.objects.filter(source__in=sources)
            .select_related("record", *[f"record__{n}" for n in CITING_SELECT.get(kind, ())])
            .order_by("source_id", "pk")[: MAX_CITING * max(len(sources), 1)]
        )
        for cite in rows:
            owner_type = registry.BY_MODEL.get(owner)
            citing[cite.source_id].append(
                {
                    "kind": owner_type.key if owner_type else kind,
                    "name": owner_type.name(cite.record) if owner_type else str(cite.record),
                    "id": owner_type.permanent_id(cite.record) if owner_type else None,
                    "url": urls(cite.record.get_absolute_url()),
                    "locator": cite.locator,
                    "note": cite.note,
                    "passage_url": cite.passage_url,
                }
            )
    results = [
        {**record_data(source_type, source, urls, bounded=True), "citations": citing[source.pk]}
        for source in sources
    ]
    return answer(request, {"url": given, "key": key, "results": results})


# --- The index and the docs page ---------------------------------------------------------------


@api.get(
    "/", operation_id="index", url_name="api-root", summary="What the API offers", tags=["API"]
)
def index(request):
    check_parameters(request, ())
    urls = Urls(request)
    return answer(
        request,
        {
            "openapi": urls(reverse("api:openapi-json")),
            "types": {
                record_type.plural: urls(reverse(f"api:list_{record_type.plural}"))
                for record_type in registry.TYPES
            },
            "ai_uses": urls(reverse("api:list_ai_uses")),
            "changes": urls(reverse("api:list_changes")),
            "lookup": urls(reverse("api:lookup_url")),
        },
    )


def operations(schema, examples=None):
    """The operations of the OpenAPI description, as the docs page lists them; `examples` gives
    an example path by operation id where the description has none."""
    prefix = reverse("api:api-root").rstrip("/")
    found = []
    for route, methods in schema["paths"].items():
        for method, operation in methods.items():
            example = operation.get("x-example") or (examples or {}).get(
                operation.get("operationId")
            )
            found.append(
                {
                    "id": operation.get("operationId", ""),
                    "method": method.upper(),
                    "path": route,
                    "summary": operation.get("summary", ""),
                    # Markdown's `code` spans, as (text, is_code) pieces.
                    "description": [
                        (piece, index % 2 == 1)
                        for index, piece in enumerate(operation.get("description", "").split("`"))
                        if piece
                    ],
                    "tag": (operation.get("tags") or [""])[0],
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": parameter.get("schema", {}).get("type")
                            or ", ".join(
                                kind.get("type", "")
                                for kind in parameter.get("schema", {}).get("anyOf", [])
                                if kind.get("type") != "null"
                            ),
                            "description": parameter.get("description", "")
                            or parameter.get("schema", {}).get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "example": prefix + example if example else "",
                }
            )
    return found


def docs(request):
    """/api/v1/docs: every operation of the OpenAPI description, its parameters and an example,
    as a page of the site (no script: the CSP allows none inline, and none is needed)."""
    schema = api.get_openapi_schema(path_prefix=reverse("api:api-root"))
    # A real record of each type for the detail operations' examples: one query per type.
    examples = {}
    for record_type in registry.TYPES:
        slug = record_type.model.objects.order_by("pk").values_list("slug", flat=True).first()
        if slug:
            examples[f"get_{record_type.key}"] = f"/{record_type.plural}/{slug}"
    return render(
        request,
        "api/docs.html",
        {
            "operations": operations(schema, examples),
            "openapi_url": reverse("api:openapi-json"),
            "rate": settings.API_RATE_LIMIT,
            "max_limit": MAX_LIMIT,
            "default_limit": DEFAULT_LIMIT,
        },
    )


# --- Around every URL --------------------------------------------------------------------------

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After, X-RateLimit-Limit, "
    "X-RateLimit-Remaining",
}
PREFLIGHT = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since, Accept",
    "Access-Control-Max-Age": "86400",
}
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def rate_limited(request):
    """None, or the number of seconds the client must wait: at most API_RATE_LIMIT requests
    per client address per window, counted in the shared cache (never an error if it is down)."""
    allowed, period = settings.API_RATE_LIMIT
    now = time.time()
    window = int(now // period)
    key = f"api-rate:{hashed(client_ip(request))}:{period}:{window}"
    try:
        count = _cache_call("default", count_up, key, period + 1)
    except ValueError:  # expired between two calls
        count = None
    request.api_rate = (allowed, count)
    if count is not None and count > allowed:
        return max(1, int((window + 1) * period - now + 0.999))
    return None


def api_view(view, *, cached=True):
    """CORS, methods, the rate limit and HTTP caching around an API view (module docstring)."""
    inner = http_cached(view) if cached else view

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            for name, value in PREFLIGHT.items():
                response[name] = value
            response["Allow"] = ALLOWED_METHODS
        elif request.method not in ("GET", "HEAD"):
            response = error_response(
                request,
                405,
                "method_not_allowed",
                _("The API is read-only: it answers GET (and HEAD and OPTIONS), not %(method)s.")
                % {"method": request.method[:20]},
            )
            response["Allow"] = ALLOWED_METHODS
        elif (wait := rate_limited(request)) is not None:
            allowed, period = settings.API_RATE_LIMIT
            response = error_response(
                request,
                429,
                "rate_limited",
                _(
                    "Too many requests: at most %(allowed)s per %(period)s seconds from one "
                    "address. Try again in %(wait)s seconds."
                )
                % {"allowed": allowed, "period": period, "wait": wait},
            )
            response["Retry-After"] = str(wait)
        else:
            head = request.method == "HEAD"
            if head:  # ninja routes GET only; HEAD is GET without the body
                request.method = "GET"
            try:
                response = inner(request, *args, **kwargs)
            except Http404 as error:
                response = error_response(request, 404, "not_found", str(error))
            finally:
                request.method = "HEAD" if head else request.method
            if head and not response.streaming:
                response.content = b""
        allowed, count = getattr(request, "api_rate", (None, None))
        if count is not None:
            response["X-RateLimit-Limit"] = str(allowed)
            response["X-RateLimit-Remaining"] = str(max(0, allowed - count))
        for name, value in CORS.items():
            response[name] = value
        return response

    return wrapper


def not_found(request, rest=""):
    """Any other address under /api/v1/: JSON, naming what there is."""
    raise ApiError(
        404,
        "not_found",
        _("There is no such operation: the record types are %(types)s; see %(docs)s.")
        % {
            "types": ", ".join(record_type.plural for record_type in registry.TYPES),
            "docs": reverse("api_docs"),
        },
    )


def _not_found_view(request, rest=""):
    try:
        not_found(request, rest)
    except ApiError as error:
        return _api_error(request, error)


def urls():
    """The API's URL patterns, each view behind `api_view`, for config/urls.py."""
    patterns, _app, _namespace = api.urls
    wrapped = [
        URLPattern(item.pattern, api_view(item.callback), item.default_args, item.name)
        for item in patterns
        if getattr(item.callback, "func", None) is not default_home  # ours is the index
    ]
    return [
        path("docs", api_view(docs), name="api_docs"),
        path("", (wrapped, "api", "api")),
        path("<path:rest>", api_view(_not_found_view, cached=False)),
    ]
