"""Hostile input on every public URL: no 500, and nothing reflected unescaped.

The URL patterns come from the resolver, so a new page is fuzzed as soon as it is routed. Each
pattern gets paths built from its converters (valid-looking and hostile values) and real paths
found by crawling the seeded site, with query parameters named as the pages name them (found
in their links and forms) plus the usual suspects, holding hostile values.
"""

import json
import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.crawl import body, crawl, query_names
from tests.factories import make_seed_rule

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def a_rule(seed):
    """So that the rule routes have a real page to fuzz."""
    return make_seed_rule()


MARKER = "zq7x"
# Payloads carry the marker so that finding one verbatim in a page means it was reflected raw.
REFLECTABLE = [
    f"<script>alert('{MARKER}')</script>",
    f'"><img src=x onerror=alert("{MARKER}")>',
    f"' onmouseover='alert({MARKER})",
    f"</title><b>{MARKER}</b>",
    f"javascript:alert('{MARKER}')//\"<",
]
HOSTILE = REFLECTABLE + [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e10",
    "NaN",
    "99999999999999999999999",
    "x" * 10_000,
    "\x00",
    "a\x00b",
    "%00",
    "' OR 1=1 --",
    "'; DROP TABLE catalog_production; --",
    '" OR ""="',
    "../../../../etc/passwd",
    "{{ 7*7 }}",
    "${7*7}",
    "%s%s%s%n",
    "\\",
    "()&|!:*<>",
    "!!!",
    "-",
    '"',
    "a:*",
    "NOT",
    "😀🎬",
    "ünïcödé – „quotes“",
    "\u202eevil",
    "\ufeff",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "日本語の映画",
    "\n\r\t",
]
# Parameter names pages commonly read, on top of those the site itself links to.
USUAL_NAMES = ["q", "page", "sort", "order", "tag", "kind", "stage", "status", "year", "format"]

values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers().map(str),
)


def public_patterns(patterns=None, prefix=""):
    """(route, converters) for every URL pattern outside the admin."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            found += public_patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            found.append((route, entry.pattern.converters))
    return found


PATTERNS = public_patterns()
DISCOVERED = {}


def discover(client):
    """Crawl once: real paths for each route, and the query names the pages use."""
    if not DISCOVERED:
        pages, forms = crawl(client, per_route=5)
        by_route = {}
        for url in pages:
            try:
                match = resolve(url.split("?")[0])
            except Resolver404:
                continue
            by_route.setdefault(match.route, []).append(url.split("?")[0])
        DISCOVERED["paths"] = by_route
        DISCOVERED["names"] = sorted(query_names(pages, forms) | set(USUAL_NAMES))
    return DISCOVERED


def fill(route, value):
    """The route with every converter replaced by value."""
    return "/" + re.sub(r"<(?:\w+:)?\w+>", value, route)


def path_strategy(route, converters, real_paths):
    pieces = re.split(r"<(?:\w+:)?(\w+)>", route.lstrip("^").rstrip("$"))
    parts = []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            parts.append(st.just(piece))
        else:
            converter = converters[piece]
            parts.append(
                st.one_of(st.from_regex(converter.regex, fullmatch=True), values).map(
                    lambda v: quote(v, safe="")
                )
            )
    generated = st.tuples(*parts).map(lambda bits: "/" + "".join(bits))
    return st.one_of(st.sampled_from(real_paths), generated) if real_paths else generated


def assert_safe(response, sent):
    assert response.status_code < 500
    text = body(response).decode(errors="replace")
    kind = response.get("Content-Type", "")
    if "json" in kind:
        json.loads(text)
    elif "html" in kind or "xml" in kind:
        for value in sent:
            if value in REFLECTABLE or (len(value) >= 8 and re.search(r"[<>\"']", value)):
                assert value not in text, f"reflected unescaped: {value!r}"


@pytest.mark.parametrize("route,converters", PATTERNS, ids=[route or "/" for route, _ in PATTERNS])
def test_hostile_input_never_breaks_a_public_page(client, seed, route, converters):
    found = discover(client)
    real = found["paths"].get(route, [])
    names = found["names"]

    # First every payload in every parameter at once, on a real page when there is one...
    for path in real[:1] or [fill(route, "x")]:
        for payload in HOSTILE:
            response = client.get(path, dict.fromkeys(names, payload))
            assert_safe(response, [payload])
            if converters:
                response = client.get(fill(route, quote(payload, safe="")))
                assert_safe(response, [payload])

    # ...then random mixes of them, and random text, in a few parameters and the path.
    params = st.dictionaries(st.sampled_from(names), values, min_size=1, max_size=3)

    @settings(
        max_examples=12,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(path=path_strategy(route, converters, real), query=params)
    def check(path, query):
        response = client.get(path, query)
        assert_safe(response, list(query.values()))

    check()


def test_the_fuzz_reaches_real_pages_of_every_detail_route(client, seed):
    """Every route that takes a slug is linked from the site, so hostile query parameters are
    tried on real records' pages too, not only on 404s."""
    found = discover(client)
    slug_routes = {route for route, converters in PATTERNS if "slug" in converters}
    assert slug_routes
    assert slug_routes <= set(found["paths"]), slug_routes - set(found["paths"])


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_nul_in_a_tag_export_narrowing_is_ignored_not_a_server_error(client, seed, fmt):
    # Found by the fuzz on PostgreSQL: ?and=%00 on a tag's export was a 500.
    plain = client.get(f"/tags/generative-ai.{fmt}")
    response = client.get(f"/tags/generative-ai.{fmt}", {"and": ["\x00", "a\x00b"]})
    assert response.status_code == 200
    assert body(response).count(b"\n") == body(plain).count(b"\n")
