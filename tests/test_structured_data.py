"""Detail pages carry schema.org JSON-LD, Open Graph and canonical tags, and links to the
record's identifiers elsewhere; a record holding markup cannot break out of any of them."""

import json
from html.parser import HTMLParser

import pytest

from catalog.models import AITool, Controversy, Person, Production, Source, Stage, Studio
from tests.open_data import HOSTILE, absolute, make_hostile

pytestmark = pytest.mark.django_db


class HeadParser(HTMLParser):
    """Collects the JSON-LD blocks, <link> and <meta> tags and <a> links of a page."""

    def __init__(self):
        super().__init__()
        self.jsonld, self.links, self.meta, self.anchors = [], [], {}, []
        self._in_jsonld = False
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._script = attrs.get("type")
            if self._script == "application/ld+json":
                self.jsonld.append("")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "meta" and "property" in attrs:
            self.meta[attrs["property"]] = attrs.get("content")
        elif tag == "a":
            self.anchors.append(attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script == "application/ld+json":
            self.jsonld[-1] += data
        elif self._script is not None:
            raise AssertionError(f"an executable script on the page: {data!r}")


def parse_page(client, record):
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def jsonld(client, record):
    blocks = parse_page(client, record).jsonld
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.parametrize(
    "model, slug, schema_type",
    [
        (Production, "el-eternauta", "TVSeries"),
        (Production, "the-irishman", "Movie"),
        (Studio, "netflix", "Organization"),
        (AITool, "cinelytic", "SoftwareApplication"),
        (Person, "ted-sarandos", "Person"),
        (Controversy, "ai-in-the-2023-hollywood-strike", "Event"),
        (Source, "guardian-netflix-genai-el-eternauta", "Article"),
        (Stage, "post-production", "DefinedTerm"),
    ],
)
def test_jsonld_names_the_schema_type_of_each_record(client, seed, model, slug, schema_type):
    record = model.objects.get(slug=slug)
    data = jsonld(client, record)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    assert data["url"] == absolute(record.get_absolute_url())
    assert data["name"] in str(record)


def test_jsonld_links_related_records(client, seed):
    series = jsonld(client, Production.objects.get(slug="el-eternauta"))
    assert series["numberOfEpisodes"] == 6
    assert series["isBasedOn"]["author"].startswith("Hector German Oesterheld")
    assert {"@type": "Organization", "name": "Netflix"}.items() <= series["contributor"][0].items()
    tool = jsonld(client, AITool.objects.get(slug="facedirector"))
    assert tool["creator"]["name"] == "Disney"
    person = jsonld(client, Person.objects.get(slug="davier-yoon"))
    assert person["affiliation"][0]["roleName"] == "Co-founder"
    strike = jsonld(client, Controversy.objects.get(slug="ai-in-the-2023-hollywood-strike"))
    assert strike["startDate"] == "2023"
    assert [item["name"] for item in strike["about"]] == ["SAG-AFTRA"]


def test_external_ids_are_links_on_the_page_and_same_as_in_jsonld(client, seed):
    person = Person.objects.get(slug="ted-sarandos")
    person.wikidata_id, person.imdb_id, person.tmdb_id = "Q7693580", "nm1208262", 1234
    person.save()
    page = parse_page(client, person)
    hrefs = {anchor.get("href") for anchor in page.anchors}
    expected = {
        "https://www.wikidata.org/wiki/Q7693580",
        "https://www.imdb.com/name/nm1208262/",
        "https://www.themoviedb.org/person/1234",
    }
    assert expected <= hrefs
    assert set(json.loads(page.jsonld[0])["sameAs"]) == expected


def test_a_record_without_identifiers_shows_no_empty_list(client, seed):
    response = client.get("/people/mariano-landet/")
    assert "Elsewhere" not in response.content.decode()


def test_open_graph_and_canonical_link(client, seed):
    page = parse_page(client, Production.objects.get(slug="el-eternauta"))
    canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
    assert canonical == [absolute("/productions/el-eternauta/")]
    assert page.meta["og:type"] == "video.tv_show"
    assert page.meta["og:title"] == "El Eternauta"
    assert page.meta["og:url"] == absolute("/productions/el-eternauta/")
    assert page.meta["og:description"].startswith("A science fiction series.")
    alternates = {
        link["type"]: link["href"]
        for link in page.links
        if link.get("rel") == "alternate" and "type" in link  # not the other languages' pages
    }
    assert alternates["application/json"] == absolute("/productions/el-eternauta.json")


@pytest.mark.parametrize(
    "kind", ["studio", "tool", "production", "person", "controversy", "source"]
)
def test_hostile_text_stays_inside_the_jsonld_block(client, db, kind):
    record = make_hostile()[kind]
    response = client.get(record.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    page = parse_page(client, record)  # raises if any executable script appeared
    data = json.loads(page.jsonld[0])
    assert data["name"] == HOSTILE
    assert page.meta["og:title"] == HOSTILE
