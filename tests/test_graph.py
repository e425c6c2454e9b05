"""Record graphs and the path between two records (catalog/graph.py, /graph/).

A record's page draws the records it links to (Graphviz, inlined as SVG) beside a table of the
same links; /graph/ finds the shortest chain of links between two records. What a reader
notices is checked: who is drawn and listed, where each node leads, what is left out and said
so, names that need escaping, the messages for bad input, and that the page still works
without Graphviz.
"""

import os
import re
import shutil
import stat
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import graph
from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Credit,
    Person,
    Production,
    ProductionStudio,
    Source,
    Stage,
    Studio,
)
from tests.factories import make_catalog
from tests.pages import links, text

pytestmark = pytest.mark.django_db

SVG_NS = "{http://www.w3.org/2000/svg}"
ODD_NAMES = [
    '<script>alert("x")</script> & Sons',
    "東宝",
    "Ñandú Films",
    "סרטי הצפון",  # right to left
    'Quote " and \\N backslash',
]


def production_with_studios(n, prefix="p"):
    production = Production.objects.create(slug=f"{prefix}-film", title=f"{prefix} film")
    studios = []
    for i in range(n):
        studio = Studio.objects.create(slug=f"{prefix}-studio-{i:02}", name=f"Studio {i:02}")
        ProductionStudio.objects.create(production=production, studio=studio, role="producer")
        studios.append(studio)
    return production, studios


def svg_of(response):
    """The drawing inlined in a page, parsed."""
    body = response.content.decode()
    match = re.search(r"<svg [^>]*class=\"graph-drawing\".*?</svg>", body, re.S)
    assert match, "the page has no drawing"
    return match.group(0), ET.fromstring(match.group(0))


def table_rows(response):
    """The graph table's rows as (relation, record name, link, type)."""
    body = response.content.decode()
    table = re.search(r'<table class="graph-table".*?</table>', body, re.S).group(0)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        if len(cells) == 3:
            link = re.search(r'<a href="([^"]+)">(.*?)</a>', cells[1])
            rows.append((unescape(cells[0]), unescape(link[2]), link[1], unescape(cells[2])))
    return rows


def drawn_nodes(svg):
    """Each node of a drawing as {href: title}: where it leads and what its hint says."""
    return {a.get("href"): a.find(f"{SVG_NS}title").text for a in svg.iter(f"{SVG_NS}a")}


# --- A record's neighbours -------------------------------------------------------------------


def test_a_record_page_draws_and_lists_every_record_it_links_to(client, db):
    production, studios = production_with_studios(2)
    person = Person.objects.create(slug="a-director", name="A Director")
    Credit.objects.create(person=person, production=production, role="Director")
    tool = AITool.objects.create(slug="a-tool", name="A Tool", vendor=studios[1])
    AIUse.objects.create(
        tool=tool, production=production, stage=Stage.objects.first(), description="Used."
    )
    controversy = Controversy.objects.create(slug="a-row", title="A Row", summary="s")
    controversy.productions.add(production)
    source = Source.objects.create(slug="a-report", title="A Report")
    production.sources.add(source)

    response = client.get(production.get_absolute_url())

    assert response.status_code == 200
    rows = table_rows(response)
    assert {(relation, name) for relation, name, _url, _type in rows} == {
        ("made with studio", "Studio 00"),
        ("made with studio", "Studio 01"),
        ("credits", "A Director"),
        ("used AI tool", "A Tool"),
        ("used AI at", Stage.objects.first().name),
        ("is at issue in", "A Row"),
        ("cites", "A Report"),
    }
    for _relation, _name, url, _type in rows:
        assert url in {
            studios[0].get_absolute_url(),
            studios[1].get_absolute_url(),
            person.get_absolute_url(),
            tool.get_absolute_url(),
            Stage.objects.first().get_absolute_url(),
            controversy.get_absolute_url(),
            source.get_absolute_url(),
        }
    assert ("A Director", "person") in {(name, kind) for _r, name, _u, kind in rows}
    # The drawing holds the same records, each a link to its page, and the record itself.
    _markup, svg = svg_of(response)
    nodes = drawn_nodes(svg)
    assert set(nodes) == {url for _r, _n, url, _t in rows} | {production.get_absolute_url()}
    assert nodes[person.get_absolute_url()] == "A Director (person)"
    assert nodes[production.get_absolute_url()] == "p film (production)"
    assert "p film is linked to 7 records" in text(response)


def test_the_other_side_sees_the_link_the_other_way_round(client, db):
    production, studios = production_with_studios(1)
    rows = table_rows(client.get(studios[0].get_absolute_url()))
    assert rows == [("worked on", "p film", production.get_absolute_url(), "production")]


def test_records_of_one_type_each_show_their_own_neighbours(client, db):
    # Each kind of link's SQL is built once and reused with the next record's id.
    first, first_studios = production_with_studios(1, prefix="first")
    second, second_studios = production_with_studios(3, prefix="second")
    third, _ = production_with_studios(0, prefix="third")
    for production, studios in (
        (first, first_studios),
        (second, second_studios),
        (third, []),
        (first, first_studios),
    ):
        response = client.get(production.get_absolute_url())
        if not studios:
            assert "No other record is linked to third film yet." in text(response)
            continue
        assert [url for _relation, _name, url, _type in table_rows(response)] == [
            studio.get_absolute_url() for studio in studios
        ]


def test_each_relation_shows_a_few_and_counts_the_rest(client, db):
    production, _studios = production_with_studios(graph.PER_RELATION + 4)
    response = client.get(production.get_absolute_url())
    rows = table_rows(response)
    assert [name for _r, name, _u, _t in rows] == [
        f"Studio {i:02}" for i in range(graph.PER_RELATION)
    ]
    assert "and 4 more, not drawn" in text(response)
    assert "4 more links are not drawn" in text(response)
    _markup, svg = svg_of(response)
    assert len(drawn_nodes(svg)) == graph.PER_RELATION + 1


def test_a_stage_shows_its_first_tools_and_productions_and_counts_them_all(client, db):
    # A stage's tools and productions come from its kept tallies, read apart from its
    # other links: the same few first ones and the same counts.
    stage = Stage.objects.get(slug="post-production")
    n = graph.PER_RELATION + 3
    for i in range(n):
        tool = AITool.objects.create(slug=f"stage-tool-{i}", name=f"Stage tool {i}")
        for j in range(2):  # two productions a tool, so a tool's uses outnumber the tools
            production = Production.objects.create(
                slug=f"stage-film-{i}-{j}", title=f"Stage film {i}-{j}"
            )
            AIUse.objects.create(tool=tool, production=production, stage=stage, description="x")
    found = graph.record_graph(stage, draw=False)
    totals = {relation.label: relation.total for relation in found.relations}
    assert totals == {"saw use of": n, "saw AI use on": 2 * n}
    shown = {
        relation.label: [link.target.name for link in relation.links]
        for relation in found.relations
    }
    assert shown["saw use of"] == [f"Stage tool {i}" for i in range(graph.PER_RELATION)]
    assert len(shown["saw AI use on"]) == graph.PER_RELATION
    response = client.get(stage.get_absolute_url())
    assert f"and {n - graph.PER_RELATION} more, not drawn" in text(response)


def test_the_drawing_never_holds_more_than_its_node_cap(db):
    production, studios = production_with_studios(8)
    for i in range(8):
        person = Person.objects.create(slug=f"person-{i}", name=f"Person {i}")
        Credit.objects.create(person=person, production=production, role="Crew")
    found = graph.record_graph(production, per_relation=8, max_nodes=10, draw=False)
    assert len(found.nodes) == 10
    assert len(found.links) == 9
    assert found.more == 16 - 9
    # The relations keep their full counts, whatever the cap left out.
    assert sorted(relation.total for relation in found.relations) == [8, 8]


def test_a_record_with_no_links_says_so(client, db):
    studio = Studio.objects.create(slug="alone", name="Alone")
    response = client.get(studio.get_absolute_url())
    assert "No other record is linked to Alone yet." in text(response)
    assert 'class="graph-drawing"' not in response.content.decode()


def test_names_in_any_script_and_with_markup_are_escaped_everywhere(client, db):
    production = Production.objects.create(slug="odd", title="Ödd & <b>bold</b>")
    for i, name in enumerate(ODD_NAMES):
        studio = Studio.objects.create(slug=f"odd-{i}", name=name)
        ProductionStudio.objects.create(production=production, studio=studio, role="producer")

    response = client.get(production.get_absolute_url())

    body = response.content.decode()
    assert "<script>alert" not in body
    assert "<b>bold</b>" not in body
    assert {name for _r, name, _u, _t in table_rows(response)} == set(ODD_NAMES)
    markup, svg = svg_of(response)
    drawn_text = {"".join(node.itertext()) for node in svg.iter(f"{SVG_NS}text")}
    assert set(ODD_NAMES) | {"Ödd & <b>bold</b>"} <= drawn_text
    assert "&lt;script&gt;" in markup
    assert "東宝" in markup and "סרטי הצפון" in markup


def test_the_drawing_has_no_script_style_or_link_off_the_site(client, db):
    production = Production.objects.create(slug="odd", title="javascript:alert(1)")
    for i, name in enumerate(ODD_NAMES):
        studio = Studio.objects.create(slug=f"odd-{i}", name=name)
        ProductionStudio.objects.create(production=production, studio=studio, role="producer")
    markup, svg = svg_of(client.get(production.get_absolute_url()))
    assert "<!--" not in markup and "<?xml" not in markup and "DOCTYPE" not in markup
    for element in svg.iter():
        assert element.tag.removeprefix(SVG_NS) not in {"script", "style", "image", "use"}
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)
        for name, value in element.attrib.items():
            if name.endswith("href"):
                assert value.startswith("/") and not value.startswith("//"), value
            assert "url(" not in value and "http" not in value, (name, value)
    assert svg.get("role") == "group"
    title_id, desc_id = svg.get("aria-labelledby"), svg.get("aria-describedby")
    assert svg.find(f"{SVG_NS}title").get("id") == title_id
    assert "javascript:alert(1)" in svg.find(f"{SVG_NS}title").text
    assert svg.find(f"{SVG_NS}desc").get("id") == desc_id


def test_graphviz_draws_with_only_the_layout_and_svg_plugins(client, db):
    folder = graph.plugin_dir(shutil.which("twopi"))
    plugins = sorted(name.split(".")[0] for name in os.listdir(folder) if ".so." in name)
    assert plugins == [
        "libgvplugin_core",
        "libgvplugin_dot_layout",
        "libgvplugin_neato_layout",
    ]
    production, _studios = production_with_studios(2)
    _markup, svg = svg_of(client.get(production.get_absolute_url()))
    assert len(drawn_nodes(svg)) == 3  # drawn with that set: the production and its studios


def test_the_page_keeps_its_table_when_graphviz_is_missing(client, db, tmp_path, monkeypatch):
    production, studios = production_with_studios(2)
    monkeypatch.setenv("PATH", str(tmp_path))  # no Graphviz programs on it
    response = client.get(production.get_absolute_url())
    assert response.status_code == 200
    assert 'class="graph-drawing"' not in response.content.decode()
    assert "The drawing of these links is not available just now" in text(response)
    assert [name for _r, name, _u, _t in table_rows(response)] == ["Studio 00", "Studio 01"]


def test_the_page_keeps_its_table_when_graphviz_takes_too_long(client, db, tmp_path, monkeypatch):
    production, _studios = production_with_studios(2)
    for engine in ("twopi", "dot"):
        program = tmp_path / engine
        program.write_text("#!/bin/sh\nsleep 5\n")
        program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(graph, "RENDER_TIMEOUT", 0.3)
    response = client.get(production.get_absolute_url())
    assert response.status_code == 200
    assert 'class="graph-drawing"' not in response.content.decode()
    assert len(table_rows(response)) == 2


def test_a_drawing_is_made_again_only_when_what_it_shows_changes(client, db, monkeypatch):
    production, studios = production_with_studios(2)
    runs = []
    real_run = graph.subprocess.run

    def counted_run(*args, **kwargs):
        if "-Tsvg" in args[0]:  # a drawing, not the one-off choice of plugins
            runs.append(args[0][0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(graph.subprocess, "run", counted_run)
    caches["pages"].clear()
    first = svg_of(client.get(production.get_absolute_url()))[0]
    assert len(runs) == 1
    # An edit elsewhere: the page is rendered again, its drawing is the one already made.
    Studio.objects.create(slug="elsewhere", name="Elsewhere")
    assert svg_of(client.get(production.get_absolute_url()))[0] == first
    assert len(runs) == 1
    # A name the drawing shows changes: drawn again, with the new name.
    studios[0].name = "Studio Renamed"
    studios[0].save()
    renamed = svg_of(client.get(production.get_absolute_url()))
    assert len(runs) == 2
    assert any("Studio Renamed" in title for title in drawn_nodes(renamed[1]).values())


def test_a_graph_takes_two_queries_however_big_the_catalog(db):
    make_catalog(2, prefix="few")
    counts = []
    for size, prefix in ((2, "few"), (12, "many")):
        if prefix == "many":
            make_catalog(size, prefix=prefix)
        for slug in (f"{prefix}-production-1", f"{prefix}-studio-1"):
            record = (
                Production.objects.filter(slug=slug).first()
                or Studio.objects.filter(slug=slug).first()
            )
            with CaptureQueriesContext(connection) as queries:
                found = graph.record_graph(record, draw=False)
            assert found.links
            counts.append(len(queries))
    assert counts == [2, 2, 2, 2]


def test_a_record_page_with_its_graph_runs_the_same_queries_at_two_sizes(client, db):
    make_catalog(2, prefix="few")
    urls = ["/productions/few-production-1/", "/tools/few-tool-1/", "/sources/few-source-1/"]
    few = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        few[url] = len(queries)
    make_catalog(12)
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == few[url], url


# --- The path between two records --------------------------------------------------------------


def chain_of_studios(n):
    """Production 0 - studio 0 - production 1 - studio 1 - ...: each production made with the
    studio before it and the one after."""
    productions = [Production.objects.create(slug=f"c{i}", title=f"Chain {i}") for i in range(n)]
    studios = []
    for i in range(n - 1):
        studio = Studio.objects.create(slug=f"link-{i}", name=f"Link {i}")
        studios.append(studio)
        for production in productions[i : i + 2]:
            ProductionStudio.objects.create(production=production, studio=studio, role="producer")
    return productions, studios


def path_url(a, b, **extra):
    query = "&".join(f"{key}={value}" for key, value in {"from": a, "to": b, **extra}.items())
    return f"/graph/?{query}"


def test_the_path_between_two_records_is_shown_step_by_step_and_drawn(client, db):
    productions, studios = chain_of_studios(3)
    response = client.get(path_url(f"P{productions[0].pk}", f"P{productions[2].pk}"))
    assert response.status_code == 200
    page = text(response)
    assert "Connected in 4 steps" in page
    steps = re.findall(
        r"<li>(.*?)</li>", response.content.decode().split("path-steps")[1].split("</ol>")[0]
    )
    assert [" ".join(re.sub("<[^>]+>", " ", step).split()) for step in steps] == [
        "Chain 0 (production) made with studio Link 0 (studio)",
        "Link 0 (studio) worked on Chain 1 (production)",
        "Chain 1 (production) made with studio Link 1 (studio)",
        "Link 1 (studio) worked on Chain 2 (production)",
    ]
    _markup, svg = svg_of(response)
    assert set(drawn_nodes(svg)) == {
        *[p.get_absolute_url() for p in productions],
        *[s.get_absolute_url() for s in studios],
    }


def test_the_path_is_the_shortest_one(db):
    productions, _studios = chain_of_studios(4)
    shortcut = Studio.objects.create(slug="shortcut", name="Shortcut")
    for production in (productions[0], productions[3]):
        ProductionStudio.objects.create(production=production, studio=shortcut, role="x")
    start, goal = ("production", productions[0].pk), ("production", productions[3].pk)
    result = graph.find_path(start, goal)
    assert result.status == "found"
    assert [near for near, _side, _far in result.steps] == [start, ("studio", shortcut.pk)]
    assert result.steps[-1][2] == goal


def test_records_are_named_by_id_by_address_or_by_full_url(client, db):
    productions, _studios = chain_of_studios(2)
    first, second = productions
    for a, b in [
        (f"P{first.pk}", f"p{second.pk}"),
        (first.get_absolute_url(), f"http://testserver{second.get_absolute_url()}"),
        (f"/id/P{first.pk}", second.get_absolute_url().rstrip("/")),
    ]:
        response = client.get(path_url(a, b))
        assert "Connected in 2 steps" in text(response), (a, b)


def test_no_connection_within_the_steps_says_so(client, db):
    productions, _studios = chain_of_studios(5)  # 8 steps apart
    loner = Studio.objects.create(slug="loner", name="Loner")
    for target in (f"P{productions[4].pk}", f"S{loner.pk}"):
        response = client.get(path_url(f"P{productions[0].pk}", target))
        assert response.status_code == 200
        assert "not connected within 6 steps" in text(response)
    assert graph.find_path(("production", productions[0].pk), ("studio", loner.pk)).status == (
        "none"
    )


def test_the_search_stops_at_its_node_budget_and_time_limit(db):
    productions, _studios = chain_of_studios(5)
    start, goal = ("production", productions[0].pk), ("production", productions[3].pk)
    assert graph.find_path(start, goal).status == "found"
    assert graph.find_path(start, goal, max_steps=5).status == "none"
    assert graph.find_path(start, goal, max_nodes=4).status == "limit"
    assert graph.find_path(start, goal, time_limit=-1).status == "timeout"


def test_sources_and_stages_connect_only_when_asked(client, db):
    first = Production.objects.create(slug="one", title="One")
    second = Production.objects.create(slug="two", title="Two")
    source = Source.objects.create(slug="shared", title="A shared report")
    first.sources.add(source)
    second.sources.add(source)
    response = client.get(path_url(f"P{first.pk}", f"P{second.pk}"))
    assert "not connected within 6 steps" in text(response)
    response = client.get(path_url(f"P{first.pk}", f"P{second.pk}", broad="on"))
    page = text(response)
    assert "One (production) cites A shared report (source)" in page
    assert "A shared report (source) is cited by Two (production)" in page


@pytest.mark.parametrize(
    "a, b, message",
    [
        ("P999999", "{second}", "No production has the identifier or address “P999999”."),
        ("Z12", "{second}", "No kind of record has identifiers starting with “Z”."),
        ("The Irishman", "{second}", "Give a record’s permanent identifier"),
        ("/nowhere/at-all/", "{second}", "Give a record’s permanent identifier"),
        ("", "{second}", "This field is required."),
        ("{first}", "{first}", "Both fields name the same record"),
        ("{first}", "/productions/one/", "Both fields name the same record"),
        ("<script>", "{second}", "Give a record’s permanent identifier"),
        ("P" + "9" * 30, "{second}", "Give a record’s permanent identifier"),
    ],
)
def test_bad_input_gets_a_clear_message(client, db, a, b, message):
    first = Production.objects.create(slug="one", title="One")
    second = Production.objects.create(slug="two", title="Two")
    names = {"first": f"P{first.pk}", "second": f"P{second.pk}"}
    response = client.get("/graph/", {"from": a.format(**names), "to": b.format(**names)})
    assert response.status_code == 400
    assert message in unescape(response.content.decode())
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_the_empty_form_and_a_record_pages_link_to_it(client, db):
    production, _studios = production_with_studios(1)
    response = client.get("/graph/")
    assert response.status_code == 200
    assert "How records connect" in text(response)
    page_link = f"/graph/?from=P{production.pk}"
    assert page_link in links(client.get(production.get_absolute_url()))
    response = client.get(page_link)
    assert response.status_code == 200
    assert f'value="P{production.pk}"' in response.content.decode()
    assert "/graph/" in links(client.get("/"))  # in the navigation


def test_the_path_page_takes_a_query_per_level_however_big_the_catalog(client, db):
    make_catalog(2, prefix="few")
    productions, _studios = chain_of_studios(3)
    url = path_url(f"P{productions[0].pk}", f"P{productions[2].pk}")
    with CaptureQueriesContext(connection) as few:
        assert "Connected in 4 steps" in text(client.get(url))
    make_catalog(12)
    url += "&broad="  # another address: not the page cached above
    with CaptureQueriesContext(connection) as many:
        assert "Connected in 4 steps" in text(client.get(url))
    assert len(many) == len(few) <= 12
