"""The explorer of every AI use (/ai-uses/): its filters, the counts above it (each leading to
the uses it counts), its chart, its exports, and its answer to bad input."""

import csv
import io
import json
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import AITool, AIUse, Likeness, Person, Production, Source, Stage
from tests.factories import make_catalog
from tests.pages import links, text

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr id="row-(\d+)">')
COUNT = re.compile(r"(\d+) AI uses?\b")
# A count that links somewhere: a matrix cell, a chart table cell, a summary's count.
LINKED_COUNT = re.compile(r'<a href="(/ai-uses/[^"]*)">(\d+)</a>')


def rows(client, url):
    """The ids of the uses a page of the explorer lists, and the count it announces."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return [int(pk) for pk in ROW.findall(html)], int(COUNT.search(text(response)).group(1))


def use(tool, production):
    return AIUse.objects.get(tool__slug=tool, production__slug=production)


def irishman_likeness(consent=Likeness.Consent.UNKNOWN):
    """The de-ageing in "The Irishman" as a likeness record (consent unknown: the article does
    not say)."""
    deepfake = use("deepfake", "the-irishman")
    person = Person.objects.create(slug="a-performer", name="A Performer")
    likeness = Likeness.objects.create(
        person=person,
        production=deepfake.production,
        ai_use=deepfake,
        kind=Likeness.Kind.ALTERATION,
        consent=consent,
    )
    likeness.sources.add(Source.objects.first())
    return deepfake


# --- Filters give the right rows ----------------------------------------------------------


def test_every_use_is_listed_with_what_the_issue_asks_of_a_row(client, seed):
    ids, count = rows(client, "/ai-uses/")
    assert sorted(ids) == sorted(AIUse.objects.values_list("pk", flat=True))
    assert count == 5
    page = text(client.get("/ai-uses/"))
    eternauta = use("generative-ai", "el-eternauta")
    for shown in (
        "Generative AI",
        "Generative video and images",  # the technique
        "El Eternauta",
        "Netflix",
        "Post-production and VFX",
        "Confirmed",
        "Disclosed by the production or studio",
        "Composite with generated media",
        "on screen: yes",
    ):
        assert shown in page
    html = client.get("/ai-uses/").content.decode()
    assert f'href="/productions/el-eternauta/#use-{eternauta.pk}"' in html


def test_disclosed_by_the_studio_on_screen_in_post_production(client, seed):
    url = "/ai-uses/?disclosure=self-disclosed&on_screen=yes&stage=post-production"
    ids, count = rows(client, url)
    assert ids == [use("generative-ai", "el-eternauta").pk] and count == 1
    page = text(client.get(url))
    assert "1 AI use matching" in page
    assert "Disclosure: “Disclosed by the production or studio”" in page


def test_touches_a_performers_likeness_consent_unknown(client, seed):
    deepfake = irishman_likeness()
    assert rows(client, "/ai-uses/?likeness=yes&consent=unknown") == ([deepfake.pk], 1)
    assert rows(client, "/ai-uses/?likeness=yes") == ([deepfake.pk], 1)
    assert rows(client, "/ai-uses/?likeness=yes&consent=given") == ([], 0)
    others, count = rows(client, "/ai-uses/?likeness=no")
    assert count == 4 and deepfake.pk not in others
    page = text(client.get("/ai-uses/?likeness=yes"))
    shown = "A Performer : Digital alteration (e.g. de-ageing, expression edits), consent unknown"
    assert shown in page


@pytest.mark.parametrize(
    "query, expected",
    [
        ("stage=development", [("ai-script-analysis", "logan")]),
        ("technique=face-swap", [("deepfake", "the-irishman")]),
        ("tool=facedirector", [("facedirector", "avengers-infinity-war")]),
        ("studio=netflix", [("generative-ai", "el-eternauta")]),
        ("production=the-irishman", [("deepfake", "the-irishman")]),
        ("kind=series", [("generative-ai", "el-eternauta")]),
        ("status=confirmed", [("generative-ai", "el-eternauta")]),
        ("output=dataDrivenAnalysis&on_screen=no", [("ai-script-analysis", "logan"), "cinelytic"]),
        ("stage=post-production&status=reported", [
            ("deepfake", "the-irishman"), ("facedirector", "avengers-infinity-war"),
        ]),
        ("disclosure=found-by-press", []),
    ],
)  # fmt: skip
def test_each_filter_narrows_to_the_right_uses(client, seed, query, expected):
    wanted = {
        AIUse.objects.get(tool__slug=item).pk if isinstance(item, str) else use(*item).pk
        for item in expected
    }
    ids, count = rows(client, f"/ai-uses/?{query}")
    assert set(ids) == wanted and count == len(wanted)


def test_year_is_the_dates_year_else_the_year(client, seed):
    dated = use("deepfake", "the-irishman")
    dated.date, dated.year = "2019-11-01", 2018
    dated.save()
    undated = use("facedirector", "avengers-infinity-war")
    undated.year = 2018
    undated.save()
    assert rows(client, "/ai-uses/?year=2019") == ([dated.pk], 1)
    assert rows(client, "/ai-uses/?year=2018") == ([undated.pk], 1)


def test_the_page_is_fresh_after_an_edit(client, seed):
    assert rows(client, "/ai-uses/?stage=production")[1] == 0
    AIUse.objects.create(
        tool=AITool.objects.get(slug="deepfake"),
        production=Production.objects.get(slug="logan"),
        stage=Stage.objects.get(slug="production"),
        description="On set.",
    )
    assert rows(client, "/ai-uses/?stage=production")[1] == 1


def test_the_filters_are_a_get_form_and_a_link_away(client, seed):
    html = client.get("/ai-uses/?tool=deepfake&disclosure=unknown").content.decode()
    assert re.search(r'<form class="filters" method="get" action="/ai-uses/"', html)
    assert '<input type="hidden" name="tool" value="deepfake">' in html
    assert '<option value="unknown" selected>Unknown</option>' in html
    # Each filter in force can be dropped on its own.
    assert 'href="/ai-uses/?disclosure=unknown">remove' in html
    assert 'href="/ai-uses/?tool=deepfake">remove' in html


def test_a_filtered_explorer_page_asks_search_engines_not_to_index_it(client, seed):
    noindex = '<meta name="robots" content="noindex">'
    for url in ("/ai-uses/", "/ai-uses/?by=technique", "/ai-uses/?tool=no-such-tool"):
        assert noindex not in client.get(url).content.decode(), url
    for url in ("/ai-uses/?stage=production", "/ai-uses/?tool=deepfake&disclosure=unknown"):
        assert noindex in client.get(url).content.decode(), url


def test_the_explorer_is_paginated(client, seed):
    make_catalog(30)  # 60 more uses: 65 in all, 50 a page
    first, count = rows(client, "/ai-uses/")
    second, _ = rows(client, "/ai-uses/?page=2")
    assert count == 65 and len(first) == 50 and len(second) == 15
    assert set(first) | set(second) == set(AIUse.objects.values_list("pk", flat=True))
    assert "Page 1 of 2" in text(client.get("/ai-uses/"))


# --- The counts above it lead to the uses they count ----------------------------------------


def linked_counts(html, start, end):
    part = html[html.index(start) : html.index(end)]
    return [(unescape(url), int(n)) for url, n in LINKED_COUNT.findall(part)]


@pytest.mark.parametrize("by", ["", "&by=technique"])
def test_each_matrix_cell_links_to_the_uses_it_counts(client, seed, by):
    irishman_likeness()
    make_catalog(12)
    base = f"/ai-uses/?status=reported{by}"
    html = client.get(base).content.decode()
    cells = linked_counts(html, 'id="matrix-title"', 'id="disclosure-title"')
    assert len(cells) > 10
    for url, n in cells:
        assert rows(client, url)[1] == n, url
        assert "status=reported" in url
    # The last count is every use the filters match: each is in one row and one stage.
    assert cells[-1][1] == AIUse.objects.filter(status="reported").count()


def test_the_matrix_rows_are_tools_or_techniques(client, seed):
    by_tool = text(client.get("/ai-uses/"))
    assert "Uses by tool and stage" in by_tool and "FaceDirector" in by_tool
    by_technique = client.get("/ai-uses/?by=technique")
    assert "Uses by technique and stage" in text(by_technique)
    cell = "/ai-uses/?stage=post-production&technique=facial-performance&by=technique"
    assert cell in links(by_technique)
    assert rows(client, cell) == ([use("facedirector", "avengers-infinity-war").pk], 1)


def test_the_busiest_tools_get_a_row_and_the_rest_share_one(client, db):
    make_catalog(30)
    page = text(client.get("/ai-uses/"))
    assert "10 other tools" in page  # 30 tools, the 20 busiest with a row each


def test_disclosure_and_likeness_summaries_link_to_what_they_count(client, seed):
    irishman_likeness(consent=Likeness.Consent.DISPUTED)
    html = client.get("/ai-uses/").content.decode()
    page = text(client.get("/ai-uses/"))
    assert "1 self-disclosed" in page and "0 found by others" in page and "4 unknown" in page
    counted = linked_counts(html, 'id="disclosure-title"', 'id="year-chart-title"')
    assert ("/ai-uses/?disclosure=self-disclosed", 1) in counted
    assert ("/ai-uses/?likeness=yes&consent=disputed", 1) in counted
    for url, n in counted:
        assert rows(client, url)[1] == n, url
    assert "1 use touches a performer’s face, voice or body" in page


# --- The chart, here and on the timeline -----------------------------------------------------


def dated_uses():
    make_catalog(10)  # years 2000 to 2009, two uses a production
    return {
        year: AIUse.objects.filter(year=year).count()
        for year in AIUse.objects.exclude(year=None).values_list("year", flat=True)
    }


@pytest.mark.parametrize("url", ["/ai-uses/", "/timeline/"])
def test_uses_per_year_by_stage_as_svg_and_as_a_table(client, seed, url):
    per_year = dated_uses()
    html = client.get(url).content.decode()
    chart = html[html.index('<section class="year-chart"') :]
    chart = chart[: chart.index("</section>")]
    assert '<svg class="bar-chart"' in chart and 'role="img"' in chart
    # One bar segment per year and stage with uses, each titled with its number.
    segments = re.findall(r"<rect [^>]*><title>(\d{4}), ([^:]+): (\d+)</title>", chart)
    assert sum(int(n) for _year, _stage, n in segments) == sum(per_year.values())
    # The table gives the same numbers, each linking to the uses it counts.
    for year, n in per_year.items():
        assert (f"/ai-uses/?year={year}", n) in linked_counts(chart, "<table", "</table>")
    for link, n in linked_counts(chart, "<table", "</table>")[:6]:
        assert rows(client, link)[1] == n
    assert "5 AI uses without a year are not counted here." in text(client.get(url))


def test_the_chart_needs_no_script_and_no_inline_style(client, seed):
    dated_uses()
    for url in ("/ai-uses/", "/timeline/"):
        html = client.get(url).content.decode()
        assert "<script" not in html and "style=" not in html and "<style" not in html, url


def test_with_no_dated_use_the_chart_says_so(client, seed):
    assert "No AI use here has a year yet (5 without one)." in text(client.get("/ai-uses/"))


# --- Exports -------------------------------------------------------------------------------


def body(response):
    return b"".join(response.streaming_content).decode()


def test_json_and_csv_hold_the_filtered_rows(client, seed):
    irishman_likeness()
    make_catalog(6)
    query = "?stage=post-production&likeness=no"
    ids, count = rows(client, f"/ai-uses/{query}")
    data = json.loads(body(client.get(f"/ai-uses.json{query}")))
    assert data["url"] == f"http://testserver/ai-uses/{query}"
    anchors = [int(item["url"].rsplit("#use-", 1)[1]) for item in data["results"]]
    assert anchors == ids and len(ids) == count
    first = data["results"][0]
    for key in ("tool", "production", "stage", "disclosure", "output", "on_screen", "technique"):
        assert key in first
    assert first["likenesses"] == []
    table = list(csv.DictReader(io.StringIO(body(client.get(f"/ai-uses.csv{query}")))))
    assert [row["url"] for row in table] == [item["url"] for item in data["results"]]
    assert {row["stage"] for row in table} == {"Post-production and VFX"}


def test_exports_carry_the_likeness_records(client, seed):
    irishman_likeness()
    data = json.loads(body(client.get("/ai-uses.json?likeness=yes&consent=unknown")))
    (item,) = data["results"]
    assert item["likenesses"][0]["person"]["slug"] == "a-performer"
    assert item["likenesses"][0]["consent"] == "unknown"
    (row,) = csv.DictReader(io.StringIO(body(client.get("/ai-uses.csv?likeness=yes"))))
    assert row["likenesses"].startswith("A Performer: Digital alteration")
    assert "consent: unknown" in row["likenesses"]


def test_the_page_links_its_exports_with_its_filters(client, seed):
    html = client.get("/ai-uses/?stage=development&page=1").content.decode()
    assert 'href="http://testserver/ai-uses.json?stage=development"' in html
    assert 'href="http://testserver/ai-uses.csv?stage=development"' in html


def test_export_queries_do_not_grow(client, db, django_assert_max_num_queries):
    make_catalog(2, prefix="small")
    counts = {}
    for url in ("/ai-uses.json", "/ai-uses.csv?likeness=no"):
        with django_assert_max_num_queries(32) as captured:
            body(client.get(url))
        counts[url] = len(captured)
    make_catalog(25, prefix="big")
    for url, count in counts.items():
        with django_assert_max_num_queries(count):
            body(client.get(url))


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, note",
    [
        ("stage=nowhere", "There is no stage “nowhere”"),
        ("tool=no-such-tool", "There is no AI tool “no-such-tool”"),
        ("production=no-such-film", "There is no production “no-such-film”"),
        ("studio=%00", "There is no studio"),
        ("technique=telepathy", "The technique filter cannot be “telepathy”"),
        ("kind=opera", "The production kind filter cannot be “opera”"),
        ("year=abc", "“abc” is not a year between 1870 and 2100"),
        ("year=99999", "“99999” is not a year between 1870 and 2100"),
        ("status=rumoured", "The status filter cannot be “rumoured”"),
        ("disclosure=" + "x" * 500, "The disclosure filter cannot be “" + "x" * 60 + "”"),
        ("output=film", "The output filter cannot be “film”"),
        ("on_screen=maybe", "The on screen filter cannot be “maybe”"),
        ("likeness=perhaps", "The likeness filter cannot be “perhaps”"),
        ("consent=implied", "The likeness consent filter cannot be “implied”"),
        ("by=studio", "The matrix cannot show uses by “studio”"),
    ],
)
def test_a_bad_value_is_ignored_with_a_note(client, seed, query, note):
    response = client.get(f"/ai-uses/?{query}")
    assert response.status_code == 200
    assert note in text(response)
    assert rows(client, f"/ai-uses/?{query}")[1] == 5
    for export in ("/ai-uses.json", "/ai-uses.csv"):
        assert client.get(f"{export}?{query}").status_code == 200


def test_an_unknown_export_format_is_a_404(client, seed):
    assert client.get("/ai-uses.xml").status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "\x00"])
def test_a_page_number_that_is_no_page_is_a_404(client, seed, page):
    assert client.get("/ai-uses/", {"page": page}).status_code == 404


# --- Cost -----------------------------------------------------------------------------------


def test_the_explorer_costs_the_same_queries_for_few_uses_and_many(client, db):
    make_catalog(2, prefix="few")
    urls = ["/ai-uses/", "/ai-uses/?likeness=no&by=technique&year=2001", "/timeline/"]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        counts[url] = len(few)
    make_catalog(30)
    for url, expected in counts.items():
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        assert len(many) == expected, url
