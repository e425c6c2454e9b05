"""The read API at /api/v1/ (catalog/api.py): the records as their exports give them, the AI
uses with the explorer's filters, what changed since a time, which sources cite a URL, and
around all of them the meta block, cursor pages, JSON errors, CORS, the rate limit and HTTP
caching."""

import itertools
import json
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog import merge, registry
from catalog.cache import current
from catalog.models import AITool, AIUse, Production, Source, Stage, Studio
from config.settings import env_rate
from tests.factories import make_catalog

pytestmark = pytest.mark.django_db

_addresses = (f"198.51.100.{n}" for n in itertools.count(1))


def get(client, url, **headers):
    """A GET from an address of its own, so that no test spends another's rate limit."""
    headers.setdefault("REMOTE_ADDR", next(_addresses))
    return client.get(url, **headers)


def body(response):
    if response.streaming:
        return json.loads(b"".join(response.streaming_content))
    return json.loads(response.content)


@pytest.fixture
def disclosed(seed):
    """A tool used in post-production on three productions, each use disclosed by the studio,
    and one use of it at another stage that the filters leave out."""
    source = Source.objects.create(slug="wire-report", title="A wire report", publisher="Wire")
    studio = Studio.objects.create(slug="toho", name="東宝")
    tool = AITool.objects.create(slug="nandu-fx", name="Ñandú FX", technique="generative")
    post = Stage.objects.get(slug="post-production")
    other = Stage.objects.exclude(pk=post.pk).first()
    uses = []
    for i, title in enumerate(["Ñandú", "東宝の夜", "Ελληνικά"]):
        production = Production.objects.create(slug=f"film-{i}", title=title, year=2025)
        use = AIUse.objects.create(
            production=production,
            studio=studio,
            tool=tool,
            stage=post,
            status="confirmed",
            disclosure="self-disclosed",
            disclosed_by_studio=studio,
        )
        use.sources.add(source)
        uses.append(use)
    AIUse.objects.create(
        production=production, tool=tool, stage=other, status="confirmed"
    ).sources.add(source)
    return tool, uses


def test_a_script_reading_only_the_openapi_description_finds_pages_and_changes(client, disclosed):
    tool, uses = disclosed
    before = timezone.now() - timedelta(minutes=5)
    schema = body(get(client, "/api/v1/openapi.json"))
    assert schema["openapi"].startswith("3.")

    def operation_taking(*names):
        for route, methods in schema["paths"].items():
            for method, operation in methods.items():
                taken = {parameter["name"] for parameter in operation.get("parameters", [])}
                if set(names) <= taken:
                    return route, method
        raise AssertionError(f"no operation takes {names}")

    route, method = operation_taking("stage", "tool", "disclosure", "cursor", "limit")
    assert method == "get"
    query = {
        "stage": "post-production",
        "tool": tool.slug,
        "disclosure": "self-disclosed",
        "limit": "2",
    }
    url = route + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    found, pages = [], 0
    while url:
        page = body(get(client, url))
        pages += 1
        found += page["results"]
        url = page["next"]
    assert pages == 2
    assert [item["url"] for item in found] == [
        f"http://testserver{use.get_absolute_url()}" for use in uses
    ]
    assert {item["stage"]["slug"] for item in found} == {"post-production"}
    assert {item["disclosure"] for item in found} == {"self-disclosed"}
    assert {item["production"]["name"] for item in found} == {"Ñandú", "東宝の夜", "Ελληνικά"}

    route, _method = operation_taking("since", "cursor")
    url = f"{route}?since={before.isoformat().replace('+', '%2B')}&limit=3"
    changes = []
    while url:
        page = body(get(client, url))
        changes += page["results"]
        url = page["next"]
    created = {(item["type"], item["name"]) for item in changes if item["change"] == "created"}
    assert {("tool", "Ñandú FX"), ("studio", "東宝"), ("production", "Ελληνικά")} <= created
    assert [item["time"] for item in changes] == sorted(item["time"] for item in changes)
    assert len({(item["id"], item["time"]) for item in changes}) == len(changes)


def test_records_come_as_their_json_exports_with_a_meta_block(client, disclosed):
    tool, _uses = disclosed
    export = body(client.get(f"/tools/{tool.slug}.json"))
    api = body(get(client, f"/api/v1/tools/{tool.slug}"))
    assert api["result"] == export
    assert api["result"]["name"] == "Ñandú FX"
    assert b"\\u" not in get(client, "/api/v1/studios/toho").content  # names as written
    by_id = body(get(client, f"/api/v1/id/T{tool.pk}"))
    assert by_id["result"] == export
    meta = api["meta"]
    assert meta["api_version"] == "1"
    assert meta["catalog_version"] == current().n
    assert meta["licence"] is None
    with override_settings(DATA_LICENSE="CC-BY-4.0"):
        stated = body(get(client, "/api/v1/"))["meta"]["licence"]
    assert stated == {
        "id": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0 International",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }


def test_ai_uses_come_as_in_the_explorers_export(client, disclosed):
    tool, _uses = disclosed
    export = body(client.get(f"/ai-uses.json?tool={tool.slug}"))["results"]
    api = body(get(client, f"/api/v1/ai-uses?tool={tool.slug}&limit=100"))["results"]
    assert len(api) == 4
    assert api == list(reversed(export))  # the export is newest first, the API oldest first


def test_every_record_type_lists_and_pages_with_a_cursor(client, disclosed):
    index = body(get(client, "/api/v1/"))
    for plural, url in index["types"].items():
        seen, page_url = [], url + "?limit=3"
        while page_url:
            page = body(get(client, page_url))
            assert page["limit"] == 3 and len(page["results"]) <= 3
            seen += [item["id"] for item in page["results"]]
            page_url = page["next"]
        model = registry.BY_PLURAL[plural].model
        assert len(seen) == len(set(seen)) == model.objects.count(), plural


def test_a_cursor_stays_put_when_records_are_added(client, disclosed):
    first = body(get(client, "/api/v1/productions?limit=2"))
    Production.objects.create(slug="added-later", title="Added later", year=2026)
    second = body(get(client, first["next"]))
    names = [item["name"] for item in first["results"] + second["results"]]
    assert len(names) == len(set(names)) == 4
    assert "Added later" not in names[:2]


@pytest.mark.parametrize(
    "url, parameter, words",
    [
        ("/api/v1/ai-uses?stage=nowhere", "stage", "no stage “nowhere”"),
        ("/api/v1/ai-uses?disclosure=rumour", "disclosure", "self-disclosed"),
        ("/api/v1/ai-uses?year=abc", "year", "1870"),
        ("/api/v1/ai-uses?tol=runway", "tol", "Unknown parameter"),
        ("/api/v1/productions?limit=500", "limit", "between 1 and 100"),
        ("/api/v1/productions?limit=ten", "limit", "limit"),
        ("/api/v1/productions?cursor=not-a-cursor", "cursor", "next"),
        ("/api/v1/ai-uses?cursor=WyJwcm9kdWN0aW9ucyIsMV0", "cursor", "cursor"),
        ("/api/v1/changes", "since", "since"),
        ("/api/v1/changes?since=yesterday", "since", "ISO 8601"),
        ("/api/v1/changes?since=2026-13-45", "since", "ISO 8601"),
        ("/api/v1/lookup?url=", "url", "url"),
        ("/api/v1/lookup?url=" + "a" * 2001, "url", "2000"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, seed, url, parameter, words):
    response = get(client, url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    answer = body(response)
    assert answer["error"] == "bad_parameter"
    assert answer["parameter"] == parameter
    assert words in answer["message"]
    assert "meta" in answer


def test_unknown_addresses_and_records_are_json_404s(client, seed):
    for url in (
        "/api/v1/widgets",
        "/api/v1/widgets/x",
        "/api/v1/tools/no-such-tool",
        "/api/v1/id/X1",
        "/api/v1/id/T999999",
        "/api/v1/tools/%C3%B1and%C3%BA",
    ):
        response = get(client, url)
        assert response.status_code == 404, url
        answer = body(response)
        assert answer["error"] == "not_found" and answer["message"], url
    assert "productions" in body(get(client, "/api/v1/widgets"))["message"]


def test_a_deleted_record_is_gone_and_a_renamed_one_moved(client, seed):
    doomed = AITool.objects.create(slug="short-lived", name="Short-lived", technique="generative")
    pk = doomed.pk
    doomed.delete()
    for url in ("/api/v1/tools/short-lived", f"/api/v1/id/T{pk}"):
        response = get(client, url)
        assert response.status_code == 410, url
        answer = body(response)
        assert (answer["error"], answer["id"], answer["name"]) == ("gone", f"T{pk}", "Short-lived")
    tool = AITool.objects.create(slug="old-name", name="Renamed", technique="generative")
    tool.slug = "new-name"
    tool.save()
    response = get(client, "/api/v1/tools/old-name?limit=1")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/tools/new-name?limit=1"
    assert body(get(client, response["Location"].split("?")[0]))["result"]["name"] == "Renamed"
    changes = body(get(client, "/api/v1/changes?since=2000-01-01&limit=100"))
    while changes["next"]:
        last = changes
        changes = body(get(client, changes["next"]))
        changes["results"] = last["results"] + changes["results"]
    kinds = {(item["id"], item["change"]) for item in changes["results"]}
    assert {(f"T{pk}", "created"), (f"T{pk}", "deleted"), (f"T{tool.pk}", "changed")} <= kinds


def test_a_merged_record_leads_to_the_one_it_was_merged_into(client, seed):
    kept = Studio.objects.create(slug="toho-kept", name="東宝")
    duplicate = Studio.objects.create(slug="toho-duplicate", name="東宝 (duplicate)")
    merge.merge(duplicate, kept)
    response = get(client, "/api/v1/studios/toho-duplicate?limit=1")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/studios/toho-kept?limit=1"
    response = get(client, f"/api/v1/id/S{duplicate.pk}")
    assert response.status_code == 301
    assert response["Location"] == f"/api/v1/id/S{kept.pk}"
    assert body(get(client, response["Location"]))["result"]["name"] == "東宝"
    kept.delete()
    for url in ("/api/v1/studios/toho-duplicate", f"/api/v1/id/S{duplicate.pk}"):
        assert get(client, url).status_code == 410, url


def test_lookup_finds_sources_by_url_whatever_its_spelling(client, disclosed):
    source = Source.objects.create(
        slug="nandu-report",
        title="Ñandú y 東宝",
        url="https://www.Example.org/cine/%C3%B1and%C3%BA/?utm_source=feed&id=7",
    )
    production = Production.objects.get(slug="film-0")
    production.sources.add(source)
    for asked in (
        "http://example.org/cine/%C3%B1and%C3%BA?id=7",
        "example.org/cine/%C3%B1and%C3%BA/?fbclid=abc&id=7#part",
        "https://example.org/cine/ñandú?id=7",
        "HTTPS://WWW.EXAMPLE.ORG/cine/%C3%B1and%C3%BA?id=7",
    ):
        answer = body(get(client, "/api/v1/lookup?url=" + quote(asked, safe="")))
        assert [item["slug"] for item in answer["results"]] == ["nandu-report"], asked
        citing = answer["results"][0]["citations"]
        assert [(item["kind"], item["name"]) for item in citing] == [("production", "Ñandú")]
    for odd in ("https://example.org/cine/other", "::::", "javascript:alert(1)", "東宝"):
        response = get(client, "/api/v1/lookup?url=" + quote(odd, safe=""))
        assert response.status_code == 200, odd
        assert body(response)["results"] == []


def test_only_get_is_answered_and_any_origin_may_read(client, seed):
    response = client.post("/api/v1/productions", REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 405
    assert body(response)["error"] == "method_not_allowed"
    assert "GET" in response["Allow"]
    response = client.options(
        "/api/v1/productions",
        HTTP_ORIGIN="https://research.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    for url, status in (("/api/v1/productions", 200), ("/api/v1/widgets", 404)):
        response = get(client, url, HTTP_ORIGIN="https://research.example")
        assert response.status_code == status
        assert response["Access-Control-Allow-Origin"] == "*"
    assert client.head("/api/v1/productions", REMOTE_ADDR="192.0.2.2").content == b""


@override_settings(API_RATE_LIMIT=(3, 60))
def test_beyond_the_rate_limit_a_client_gets_429_and_others_do_not(client, seed):
    for _ in range(3):
        assert get(client, "/api/v1/", REMOTE_ADDR="203.0.113.7").status_code == 200
    response = get(client, "/api/v1/", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Access-Control-Allow-Origin"] == "*"
    assert body(response)["error"] == "rate_limited"
    assert "3 per 60 seconds" in body(response)["message"]
    assert get(client, "/api/v1/", REMOTE_ADDR="203.0.113.8").status_code == 200


def test_a_clients_later_requests_add_to_its_count_without_a_failed_write(client, seed):
    """The count is made by a client's first request in a window and only added to after: in
    the database cache, making it again was a failed INSERT (an error in PostgreSQL's log) on
    every request but the first."""
    get(client, "/api/v1/", REMOTE_ADDR="203.0.113.9")
    with CaptureQueriesContext(connection) as queries:
        assert get(client, "/api/v1/", REMOTE_ADDR="203.0.113.9").status_code == 200
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert inserts == []


def test_a_clients_count_goes_with_its_window(client, seed):
    """The count expires when its window is over, however many requests added to it."""
    for _ in range(3):
        get(client, "/api/v1/", REMOTE_ADDR="203.0.113.10")
    _allowed, period = settings.API_RATE_LIMIT
    later = timezone.now() + timedelta(seconds=period + 2)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), COUNT(CASE WHEN expires > %s THEN 1 END) FROM catalog_cache "
            "WHERE cache_key LIKE %s",
            [later, "%api-rate:%"],
        )
        counts, outliving = cursor.fetchone()
    assert counts >= 1 and outliving == 0


def test_an_unchanged_answer_is_a_304(client, seed):
    first = get(client, "/api/v1/productions?limit=2")
    assert first["Cache-Control"].startswith("public")
    again = get(client, "/api/v1/productions?limit=2", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    Production.objects.create(slug="an-edit", title="An edit", year=2026)
    assert (
        get(client, "/api/v1/productions?limit=2", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 200
    )


def test_the_docs_page_lists_every_operation_without_script(client, seed):
    response = get(client, "/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    schema = body(get(client, "/api/v1/openapi.json"))
    for route in schema["paths"]:
        assert route in page
    assert "<script" not in page
    assert "nonce" not in response.get("Content-Security-Policy", "nonce")


CEILING = 40
URLS = [
    "/api/v1/",
    "/api/v1/productions?limit=100",
    "/api/v1/studios?limit=100",
    "/api/v1/tools?limit=100",
    "/api/v1/people?limit=100",
    "/api/v1/sources?limit=100",
    "/api/v1/stages",
    "/api/v1/ai-uses?limit=100",
    "/api/v1/ai-uses?stage=post-production&disclosure=unknown&limit=100",
    "/api/v1/changes?since=2000-01-01&limit=100",
    "/api/v1/lookup?url=https://example.org/none",
]


def test_queries_do_not_grow_with_the_catalog(client, seed):
    def counts():
        found = {}
        for url in URLS:
            with CaptureQueriesContext(connection) as queries:
                assert get(client, url).status_code == 200, url
            found[url] = len(queries)
        return found

    at_seed = counts()
    # 30 more of every record type: a query per row would put each list far past the ceiling.
    make_catalog(30)
    at_scale = counts()
    assert max(at_seed.values()) <= CEILING and max(at_scale.values()) <= CEILING


@pytest.mark.parametrize("value", ["120/min", "0/m", "abc", "10", "-5/s", "5/w", " /m"])
def test_a_malformed_rate_limit_stops_start_up(monkeypatch, value):
    monkeypatch.setenv("API_RATE_LIMIT", value)
    with pytest.raises(ImproperlyConfigured, match="API_RATE_LIMIT"):
        env_rate("API_RATE_LIMIT", "120/m")


def test_a_rate_limit_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("API_RATE_LIMIT", "5/s")
    assert env_rate("API_RATE_LIMIT", "120/m") == (5, 1)
    monkeypatch.delenv("API_RATE_LIMIT")
    assert env_rate("API_RATE_LIMIT", "120/m") == (120, 60)
