"""The catalog as data: every record as JSON, every list and tag page as JSON and CSV, and a
whole-catalog snapshot, in a stable shape with links as URLs."""

import csv
import io
import json
import re

import pytest
from taggit.models import Tag

from catalog import exports
from catalog.models import AITool, AIUse, Controversy, Person, Production, Source, Stage, Studio
from tests.open_data import HOSTILE, absolute, body, get_json, make_catalog, make_hostile

pytestmark = pytest.mark.django_db

RECORD_KEYS = {
    "type",
    "id",
    "slug",
    "name",
    "url",
    "permanent_url",
    "json_url",
    "created",
    "updated",
    "tags",
    "identifiers",
    "fields",
    "links",
    "more_links",
    "sources",
}
TYPES = {
    Production: ("production", "productions"),
    Studio: ("studio", "studios"),
    AITool: ("tool", "tools"),
    Controversy: ("controversy", "controversies"),
    Person: ("person", "people"),
    Source: ("source", "sources"),
    Stage: ("stage", "stages"),
}


def record_json(client, record):
    return get_json(client, record.get_absolute_url().rstrip("/") + ".json")


@pytest.mark.parametrize("model", TYPES, ids=lambda m: m.__name__)
def test_every_record_has_json_in_the_documented_shape(client, seed, model):
    for record in model.objects.all():
        data = record_json(client, record)
        assert set(data) == RECORD_KEYS
        assert data["type"] == TYPES[model][0]
        assert data["slug"] == record.slug
        assert data["url"] == absolute(record.get_absolute_url())


def test_production_json_links_to_its_studios_uses_people_and_sources(client, seed):
    data = record_json(client, Production.objects.get(slug="el-eternauta"))
    assert data["name"] == "El Eternauta"
    assert data["fields"]["kind"] == "series" and data["fields"]["episodes"] == 6
    assert set(data["tags"]) == {"VFX", "generative AI", "science fiction"}
    netflix = data["links"]["studios"][0]
    assert (netflix["name"], netflix["role"]) == ("Netflix", "streamer")
    assert netflix["url"] == absolute("/studios/netflix/")
    assert netflix["json_url"] == absolute("/studios/netflix.json")
    use = data["links"]["ai_uses"][0]
    assert use["tool"]["url"] == absolute("/tools/generative-ai/")
    assert use["stage"]["slug"] == "post-production" and use["status"] == "confirmed"
    assert "guardian-netflix-genai-el-eternauta" in {source["slug"] for source in use["sources"]}
    people = {person["name"] for person in data["links"]["people"]}
    assert "Hector German Oesterheld" in people
    # Every link is a URL the site answers.
    for link in [netflix, use["tool"], *data["links"]["people"], *data["sources"]]:
        for key in ("url", "json_url"):
            assert client.get(link[key].removeprefix("http://testserver")).status_code == 200


def test_external_identifiers_appear_with_their_urls(client, seed):
    production = Production.objects.get(slug="the-irishman")
    production.wikidata_id, production.imdb_id, production.tmdb_id = (
        "Q21935768",
        "tt1302006",
        398978,
    )
    production.save()
    data = record_json(client, production)
    assert data["identifiers"] == [
        {
            "scheme": "wikidata",
            "label": "Wikidata",
            "id": "Q21935768",
            "url": "https://www.wikidata.org/wiki/Q21935768",
        },
        {
            "scheme": "imdb",
            "label": "IMDb",
            "id": "tt1302006",
            "url": "https://www.imdb.com/title/tt1302006/",
        },
        {
            "scheme": "tmdb",
            "label": "TMDB",
            "id": 398978,
            "url": "https://www.themoviedb.org/movie/398978",
        },
    ]
    controversy = Controversy.objects.get(slug="deepfake-de-ageing")
    controversy.aiid_id = 42
    controversy.save()
    assert record_json(client, controversy)["identifiers"][0]["url"] == (
        "https://incidentdatabase.ai/cite/42/"
    )


def test_unknown_record_json_is_not_found(client, db):
    assert client.get("/productions/no-such-film.json").status_code == 404


def test_record_json_queries_do_not_grow_with_links(client, db, django_assert_max_num_queries):
    small = make_catalog(1, prefix="small")
    with django_assert_max_num_queries(30) as captured:
        client.get("/studios/small-studio-0.json")
    studio = small["studios"][0]
    big = make_catalog(10, prefix="big")
    for production in big["productions"]:
        production.studio_roles.create(studio=studio, role="distributor")
    with django_assert_max_num_queries(len(captured)):
        data = get_json(client, "/studios/small-studio-0.json")
    assert len(data["links"]["productions"]) == 11


def test_a_long_link_list_is_cut_in_a_records_json_and_says_where_the_rest_is(
    client, db, monkeypatch
):
    """A stage or a busy tool at scale has tens of thousands of AI uses: its JSON, linked from
    its page, holds the first LINK_LIMIT of each list (here 2), with the full count and the
    API's pages of every one; the list exports hold every item."""
    monkeypatch.setattr(exports, "LINK_LIMIT", 2)
    catalog = make_catalog(3, prefix="busy")
    tool = catalog["tools"][0]
    AIUse.objects.filter(tool__in=catalog["tools"]).update(tool=tool)
    everything = [
        use["name"] for use in get_json(client, "/tools.json")["results"][0]["links"]["ai_uses"]
    ]
    assert len(everything) == 3

    data = get_json(client, f"/tools/{tool.slug}.json")
    assert [use["name"] for use in data["links"]["ai_uses"]] == everything[:2]
    api_url = f"http://testserver/api/v1/ai-uses?tool={tool.slug}"
    assert data["more_links"] == {"ai_uses": {"total": 3, "api_url": api_url}}
    assert {use["name"] for use in get_json(client, api_url)["results"]} == set(everything)
    assert (
        get_json(client, f"/api/v1/tools/{tool.slug}")["result"]["more_links"] == data["more_links"]
    )
    assert len(get_json(client, "/api/v1/tools")["results"][0]["links"]["ai_uses"]) == 2

    # At the limit exactly, nothing is cut; a list of another kind gives its count alone.
    AIUse.objects.filter(pk=tool.uses.order_by("pk").last().pk).delete()
    assert get_json(client, f"/tools/{tool.slug}.json")["more_links"] == {}
    studio = catalog["studios"][0]
    for production in catalog["productions"]:
        production.studio_roles.get_or_create(studio=studio, defaults={"role": "distributor"})
    data = get_json(client, f"/studios/{studio.slug}.json")
    assert len(data["links"]["productions"]) == 2
    assert data["more_links"]["productions"] == {"total": 3, "api_url": None}


def test_snapshot_streams_every_record_of_every_type(client, seed):
    make_catalog(2)
    response = client.get("/catalog.json")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="in-the-frame-')
    data = json.loads(body(response))
    for model, (key, plural) in TYPES.items():
        assert {record["slug"] for record in data[plural]} == set(
            model.objects.values_list("slug", flat=True)
        ), plural
        assert all(record["type"] == key for record in data[plural])


def test_snapshot_queries_do_not_grow_with_the_catalog(client, db, django_assert_max_num_queries):
    make_catalog(2, prefix="small")
    with django_assert_max_num_queries(80) as captured:
        body(client.get("/catalog.json"))
    make_catalog(25, prefix="big")
    with django_assert_max_num_queries(len(captured)):
        body(client.get("/catalog.json"))


def test_hostile_text_round_trips_in_record_json_and_snapshot(client, db):
    records = make_hostile()
    for record in records.values():
        raw = client.get(record.get_absolute_url().rstrip("/") + ".json")
        data = get_json(client, record.get_absolute_url().rstrip("/") + ".json")
        assert data["name"] == HOSTILE
        assert raw["Content-Type"].startswith("application/json")
    snapshot = get_json(client, "/catalog.json")
    assert snapshot["productions"][0]["fields"]["synopsis"] == HOSTILE


def parse_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(body(response))))


def test_tag_export_holds_every_tagged_record_by_type(client, seed):
    tag = Tag.objects.get(name="generative AI")
    data = get_json(client, f"/tags/{tag.slug}.json")
    assert data["tags"] == ["generative AI"]
    assert "sources" not in data and "stages" not in data  # they carry no tags
    expected = set()
    for model in (Production, Studio, AITool, Controversy, Person):
        key, plural = TYPES[model]
        slugs = set(model.objects.filter(tags=tag).values_list("slug", flat=True))
        assert {record["slug"] for record in data[plural]} == slugs, plural
        expected |= {(key, slug) for slug in slugs}
    assert len(expected) >= 3
    rows = parse_csv(client.get(f"/tags/{tag.slug}.csv"))
    assert {(row["type"], row["slug"]) for row in rows} == expected
    assert all("generative AI" in row["tags"].split("; ") for row in rows)


def test_tag_export_narrows_by_a_second_tag(client, seed):
    first, second = Tag.objects.get(name="generative AI"), Tag.objects.get(name="streaming")
    data = get_json(client, f"/tags/{first.slug}.json", **{"and": second.slug})
    names = {
        record["name"]
        for plural in ("productions", "studios", "tools", "people", "controversies")
        for record in data[plural]
    }
    assert names == {
        record.name
        for model in (Studio, Person, AITool)
        for record in model.objects.filter(tags=first).filter(tags=second)
    } | {
        record.title
        for model in (Production, Controversy)
        for record in model.objects.filter(tags=first).filter(tags=second)
    }
    assert "Netflix" in names
    rows = parse_csv(client.get(f"/tags/{first.slug}.csv", {"and": second.slug}))
    assert {row["name"] for row in rows} == names


def test_tag_export_of_unknown_tag_or_format_is_not_found(client, seed):
    assert client.get("/tags/no-such-tag.json").status_code == 404
    assert client.get("/tags/generative-ai.xls").status_code == 404


def test_hostile_text_stays_data_in_csv(client, db):
    make_hostile()
    tag = Tag.objects.get(name=HOSTILE)
    rows = parse_csv(client.get(f"/tags/{tag.slug}.csv"))
    assert len(rows) == 5
    assert all(row["name"] == HOSTILE and row["summary"] == HOSTILE for row in rows)


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, db):
    Studio.objects.create(name='=HYPERLINK("http://x")', slug="formula").tags.add("f")
    rows = parse_csv(client.get("/tags/f.csv"))
    assert rows[0]["name"] == '\'=HYPERLINK("http://x")'


def test_tag_export_queries_do_not_grow(client, db, django_assert_max_num_queries):
    make_catalog(2, prefix="small")
    tag = Tag.objects.get(name="generative AI")
    with django_assert_max_num_queries(120) as captured:
        body(client.get(f"/tags/{tag.slug}.json"))
        body(client.get(f"/tags/{tag.slug}.csv"))
    make_catalog(20, prefix="big")
    with django_assert_max_num_queries(len(captured)):
        body(client.get(f"/tags/{tag.slug}.json"))
        body(client.get(f"/tags/{tag.slug}.csv"))


def page_slugs(client, url, **params):
    """The record slugs a list page links to in its cards."""
    html = client.get(url, params).content.decode()
    prefix = url.rstrip("/")
    return set(re.findall(rf'href="{prefix}/([-a-z0-9_]+)/"', html))


@pytest.mark.parametrize(
    "url, params",
    [
        ("/productions/", {}),
        ("/productions/", {"tag": "generative-ai"}),
        ("/studios/", {"kind": "streamer"}),
        ("/tools/", {"sort": "name"}),
        ("/controversies/", {}),
        ("/people/", {}),
        ("/sources/", {}),
    ],
)
def test_list_exports_hold_the_records_the_page_shows(client, seed, url, params):
    shown = page_slugs(client, url, **params)
    assert shown
    export = url.rstrip("/")
    data = get_json(client, f"{export}.json", **params)
    assert {record["slug"] for record in data["results"]} == shown
    rows = parse_csv(client.get(f"{export}.csv", params))
    assert [row["slug"] for row in rows] == [record["slug"] for record in data["results"]]


def test_list_export_honours_a_filter_and_the_page_links_to_it(client, seed):
    html = client.get("/productions/", {"tag": "deepfake", "page": "1"}).content.decode()
    assert 'href="http://testserver/productions.json?tag=deepfake"' in html
    assert 'href="http://testserver/productions.csv?tag=deepfake"' in html
    data = get_json(client, "/productions.json", tag="deepfake")
    assert [record["slug"] for record in data["results"]] == ["the-irishman"]
    assert data["url"] == absolute("/productions/?tag=deepfake")


@pytest.mark.parametrize(
    "export, ignored",
    [
        ("/productions.json", {"tag": "no-such-tag", "sort": "<b>", "year": "soon"}),
        ("/studios.csv", {"kind": "castle", "sort": "x\x00y"}),
        ("/ai-uses.json", {"status": "unheard-of", "tool": "no-such-tool", "year": "0"}),
        ("/tags/generative-ai.json", {"and": ["no-such-tag", "generative-ai", "<b>"]}),
    ],
)
def test_an_export_asked_with_values_it_ignores_is_the_one_without_them(
    client, seed, export, ignored, django_assert_max_num_queries
):
    plain = client.get(export)
    plain_body = body(plain)
    # Served from the entry the plain export left in the page cache: nothing made again.
    with django_assert_max_num_queries(4) as captured:
        asked = client.get(export, ignored)
        asked_body = body(asked)
    assert not any("catalog_production" in query["sql"] for query in captured)
    assert asked.status_code == 200
    assert asked["ETag"] == plain["ETag"]
    assert asked_body == plain_body


def test_an_exports_address_names_the_filters_it_applied(client, seed):
    data = get_json(client, "/productions.json", tag="deepfake", sort="<b>", year="soon")
    assert [record["slug"] for record in data["results"]] == ["the-irishman"]
    assert data["url"] == absolute("/productions/?tag=deepfake")
    narrowed = client.get("/productions.json", {"tag": "deepfake"})
    assert (
        client.get("/productions.json", {"tag": "deepfake", "sort": "<b>"})["ETag"]
        == (narrowed["ETag"])
    )
    assert narrowed["ETag"] != client.get("/productions.json")["ETag"]


def test_list_export_covers_every_page(client, seed):
    make_catalog(30)
    shown = page_slugs(client, "/productions/") | page_slugs(client, "/productions/", page=2)
    data = get_json(client, "/productions.json")
    assert len(data["results"]) == Production.objects.count() == 34
    assert shown <= {record["slug"] for record in data["results"]}


def test_list_export_queries_do_not_grow(client, db, django_assert_max_num_queries):
    make_catalog(2, prefix="small")
    counts = {}
    for url in ("/productions.json", "/studios.csv", "/people.json", "/sources.csv"):
        with django_assert_max_num_queries(40) as captured:
            body(client.get(url))
        counts[url] = len(captured)
    make_catalog(25, prefix="big")
    for url, count in counts.items():
        with django_assert_max_num_queries(count):
            body(client.get(url))


def test_tag_page_links_its_exports_and_feed(client, seed):
    html = client.get("/tags/generative-ai/").content.decode()
    assert 'href="http://testserver/tags/generative-ai.json"' in html
    assert 'href="http://testserver/tags/generative-ai.csv"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="http://testserver/tags/generative-ai.atom"' in html
