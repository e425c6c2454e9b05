"""Addresses that never break.

Every public record has a permanent identifier, its type's letter and its id (`T42` for an AI
tool; catalog/registry.py), and `/id/T42` leads to wherever the record's page is now. A record
renamed to a new slug keeps answering at its old one with a 301 to the new page (HTML, JSON or
Atom, as asked), and a deleted record's addresses answer 410 Gone with a short page, or JSON,
saying what it was and when it went. A record merged into another (catalog/merge.py) answers,
at its slugs and its identifier, with a 301 to the record it was merged into, following a
chain of merges to the record that stands now. catalog/signals.py keeps the former addresses
(`FormerAddress`) on every rename and delete; the middleware here only looks at them when a
record's address would otherwise be a 404, so the pages that exist pay nothing.
"""

import re

from django.conf import settings
from django.http import (
    Http404,
    HttpResponseGone,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.template.loader import render_to_string
from django.urls import reverse

from catalog import registry
from catalog.models import FormerAddress

# A page's address may start with a language (/es/tools/...: catalog/i18n.py); its JSON and
# feed have one address, without.
RECORD_PATH = re.compile(
    r"^(?:/(?P<language>[a-z]{2})(?=/[a-z]+/[-a-zA-Z0-9_]+/$))?"
    r"/(?P<plural>[a-z]+)/(?P<slug>[-a-zA-Z0-9_]+)(?P<suffix>/|\.json|\.atom)$"
)
PREFIXED_LANGUAGES = {code for code, _ in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
PERMANENT_ID = re.compile(r"^(?P<prefix>[A-Z])(?P<pk>[1-9][0-9]{0,17})$")


def address(record_type, record, suffix):
    """The record's address in the form asked for: its page, its JSON or its feed."""
    if suffix == ".json":
        return reverse(f"{record_type.key}_json", args=[record.slug])
    if suffix == ".atom":
        return reverse(record_type.feed, args=[record.slug]) if record_type.feed else None
    return record.get_absolute_url()


def gone_data(record_type, former):
    """What a deleted record's JSON addresses say of it (its .json export, the API)."""
    return {
        "error": "gone",
        "message": f"This {record_type.label} was removed from the catalog.",
        "type": record_type.key,
        "id": f"{record_type.id_prefix}{former.record_id}",
        "name": former.name,
        "removed": former.since.isoformat(),
    }


def gone(request, record_type, former, as_json):
    """410 Gone, saying what the record was and when it was removed."""
    if as_json:
        response = JsonResponse(
            gone_data(record_type, former),
            status=410,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        page = render_to_string(
            "410.html", {"record_type": record_type, "former": former}, request=request
        )
        response = HttpResponseGone(page)
    return response


# More merges in a row than this are not followed (each link was kept by a merge, so a loop
# cannot be made; the bound keeps a damaged table from costing more than a few queries).
MAX_MERGE_CHAIN = 10


def standing_record(record_type, pk):
    """The record with id `pk`, or the one it was merged into (through a chain of merges), or
    None if it was deleted."""
    for _ in range(MAX_MERGE_CHAIN):
        record = record_type.model.objects.filter(pk=pk).only("slug").first()
        if record is not None:
            return record
        merged = (
            FormerAddress.objects.filter(
                record_type=record_type.key, record_id=pk, reason=FormerAddress.Reason.MERGED
            )
            .values_list("merged_into", flat=True)
            .first()
        )
        if merged is None:
            return None
        pk = merged
    return None


def follow(request, record_type, former, suffix):
    """The answer for a former address: a 301 to the record (or the record it was merged
    into), or 410 if it is gone."""
    record = None
    if former.reason == FormerAddress.Reason.RENAMED:
        record = record_type.model.objects.filter(pk=former.record_id).only("slug").first()
    elif former.reason == FormerAddress.Reason.MERGED:
        record = standing_record(record_type, former.merged_into)
    if record is None:
        return gone(request, record_type, former, as_json=suffix == ".json")
    target = address(record_type, record, suffix)
    if target is None:
        return None
    query = request.META.get("QUERY_STRING")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


class FormerAddressMiddleware:
    """Turns a 404 at a record's former address into a 301 or a 410."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        match = RECORD_PATH.match(request.path_info)
        record_type = match and registry.BY_PLURAL.get(match["plural"])
        if match and match["language"] and match["language"] not in PREFIXED_LANGUAGES:
            return response
        if not record_type:
            return response
        former = FormerAddress.objects.filter(
            record_type=record_type.key, slug=match["slug"]
        ).first()
        if former is None:
            return response
        return follow(request, record_type, former, match["suffix"]) or response


def permanent(request, code):
    """/id/T42: the record's page wherever it is now, a 301 to the record it was merged into,
    or 410 if it was deleted."""
    match = PERMANENT_ID.match(code)
    record_type = match and registry.BY_PREFIX.get(match["prefix"])
    if not record_type:
        raise Http404("A permanent identifier is a letter and a number, e.g. T42.")
    pk = int(match["pk"])
    record = record_type.model.objects.filter(pk=pk).only("slug").first()
    if record is not None:
        return HttpResponseRedirect(record.get_absolute_url())
    former = (
        FormerAddress.objects.filter(
            record_type=record_type.key,
            record_id=pk,
            reason__in=[FormerAddress.Reason.DELETED, FormerAddress.Reason.MERGED],
        )
        .order_by("-since")
        .first()
    )
    if former is None:
        raise Http404("No record has this identifier.")
    if former.reason == FormerAddress.Reason.MERGED:
        kept = standing_record(record_type, former.merged_into)
        if kept is not None:
            return HttpResponsePermanentRedirect(kept.get_absolute_url())
    return gone(request, record_type, former, as_json=False)
