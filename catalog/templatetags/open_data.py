"""Template tags for a record page's open data: meta tags, JSON-LD, citation, identifiers.

Used by the partials `_meta.html`, `_jsonld.html`, `_cite_this.html` and `_external_ids.html`,
which a detail template includes with `record` in its context.
"""

import json
import re

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext

from catalog import exports, registry

register = template.Library()

# As django.utils.html.json_script: the JSON cannot close its <script> element or open a
# comment, whatever a record holds.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _absolute(context, path):
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


@register.simple_tag(takes_context=True)
def record_meta(context, record):
    """What the head of a record's page says about it: canonical URL, Open Graph, alternates."""
    record_type = registry.of(record)
    feed = record_type.feed
    return {
        "url": _absolute(context, record.get_absolute_url()),
        "json_url": _absolute(context, exports.json_url(record)),
        "feed_url": _absolute(context, reverse(feed, args=[record.slug])) if feed else "",
        "title": record_type.name(record),
        "description": Truncator(record_type.summary(record)).chars(300),
        "og_type": record.og_type,
        "site_name": exports.SITE_NAME,
    }


@register.simple_tag
def external_ids(record):
    return record.external_ids()


def structured_data(record, context):
    """The record as a schema.org object: the shared properties here, the type's own from its
    model's schema_org()."""
    record_type = registry.of(record)
    url = _absolute(context, record.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@id": url,
        "url": url,
        "name": record_type.name(record),
        "description": record_type.summary(record),
    }
    own = record.schema_org(lambda path: _absolute(context, path))
    same_as = [*own.pop("sameAs", []), *[item["url"] for item in record.external_ids()]]
    data.update(own)
    if record_type.tagged:
        data["keywords"] = sorted(tag.name for tag in record.tags.all())
    if record_type.has_sources and data["@type"] != "Event":
        data["citation"] = [
            {"@type": "CreativeWork", "name": str(cite.source), "url": cite.source.url or None}
            for cite in record.cites.all()
        ]
    data["sameAs"] = same_as
    data["isPartOf"] = {
        "@type": "WebSite",
        "name": exports.SITE_NAME,
        "url": _absolute(context, "/"),
    }
    return _without_blanks(data)


def _without_blanks(value):
    """Drop empty properties at every level: schema.org readers take absent for unknown."""
    if isinstance(value, dict):
        value = {key: _without_blanks(item) for key, item in value.items()}
        return {key: item for key, item in value.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [_without_blanks(item) for item in value]
    return value


@register.simple_tag(takes_context=True)
def jsonld(context, record):
    """The record's JSON-LD, escaped to stay inside its <script type="application/ld+json">."""
    text = json.dumps(structured_data(record, context), cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


_BIBTEX_SPECIALS = re.compile(r"([\\{}%&$#_^~])")
_BIBTEX_REPLACEMENTS = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


def bibtex_escape(text):
    return _BIBTEX_SPECIALS.sub(
        lambda match: _BIBTEX_REPLACEMENTS.get(match.group(1), "\\" + match.group(1)), text
    )


@register.simple_tag(takes_context=True)
def citation(context, record):
    """How to cite the record: APA style (a reference work's entry) and BibTeX."""
    record_type = registry.of(record)
    name = record_type.name(record)
    # The permanent address (/id/T42), which outlives renames of the slug.
    identifier = record_type.permanent_id(record)
    url = _absolute(context, reverse("permanent", args=[identifier]))
    updated = timezone.localtime(record.updated)
    accessed = timezone.localdate()
    site = exports.SITE_NAME
    # Translators: an APA reference to a record; keep the punctuation of APA in your language.
    text = gettext("%(name)s. (%(updated)s). In %(site)s. Retrieved %(accessed)s, from %(url)s") % {
        "name": name,
        # Translators: a date format (Django's "date" filter) for the record's date in APA style.
        "updated": dateformat.format(updated, pgettext("APA reference", "Y, F j")),
        "site": site,
        # Translators: a date format (Django's "date" filter) for the access date in APA style.
        "accessed": dateformat.format(accessed, pgettext("APA access date", "F j, Y")),
        "url": url,
    }
    key = re.sub(r"[^a-z0-9]+", "-", f"intheframe-{record_type.key}-{record.slug}".lower())
    bibtex = "\n".join(
        [
            f"@misc{{{key},",
            f"  title = {{{{{bibtex_escape(name)}}}}},",
            f"  author = {{{{{site}}}}},",
            f"  year = {{{updated:%Y}}},",
            f"  month = {updated:%b}".lower() + ",",
            f"  howpublished = {{\\url{{{url}}}}},",
            f"  url = {{{url}}},",
            f"  urldate = {{{accessed.isoformat()}}},",
            f"  note = {{Accessed {accessed.isoformat()}}}",
            "}",
        ]
    )
    return {
        "text": text,
        "bibtex": bibtex,
        "accessed": accessed,
        "updated": updated,
        "identifier": identifier,
        "url": url,
    }


@register.simple_tag(takes_context=True)
def export_urls(context):
    """Where the current list, tag or home page's records can be downloaded or followed.

    The exports keep the page's query string (its filters and sort) but not its page number.
    """
    request = context["request"]
    match = request.resolver_match
    query = request.GET.copy()
    query.pop("page", None)
    query = f"?{query.urlencode()}" if query else ""
    urls = {}
    if match.url_name.endswith("_list") and f"{match.url_name}_export" in _LIST_EXPORTS:
        name = f"{match.url_name}_export"
        urls["json_url"] = reverse(name, args=["json"]) + query
        urls["csv_url"] = reverse(name, args=["csv"]) + query
    elif match.url_name == "tag_detail":
        slug = match.kwargs["slug"]
        urls["json_url"] = reverse("tag_export", args=[slug, "json"]) + query
        urls["csv_url"] = reverse("tag_export", args=[slug, "csv"]) + query
        urls["feed_url"] = reverse("tag_feed", args=[slug])
        name = context["tag"].name if context.get("tag") else slug
        urls["feed_title"] = gettext("%(site)s: records tagged “%(name)s” (Atom)") % {
            "site": exports.SITE_NAME,
            "name": name,
        }
    elif match.url_name == "home":
        urls["feed_url"] = reverse("latest_feed")
        urls["feed_title"] = gettext("%(site)s: latest changes (Atom)") % {
            "site": exports.SITE_NAME
        }
    # Absolute, as in the exports themselves, ready to paste into another tool.
    return {
        key: request.build_absolute_uri(value) if key.endswith("_url") else value
        for key, value in urls.items()
    }


# The record types' lists, and the explorer of every AI use (/ai-uses/).
_LIST_EXPORTS = {f"{record_type.key}_list_export" for record_type in registry.LISTED} | {
    "ai_use_list_export"
}
