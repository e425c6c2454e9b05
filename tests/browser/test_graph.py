"""Record graphs and /graph/ in a real browser, at 375 px and 1280 px: the drawing is shown as
a named group of links, beside a table of the same links; /graph/ finds a connection from its
form and says what is wrong with bad input; no serious or critical axe violation, nothing
blocked by the CSP (the browse helper fails on any console error)."""

import re

import pytest
from playwright.sync_api import expect

from catalog import graph
from catalog.models import Studio

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_record_page_draws_its_links_beside_a_table(browse, width):
    visit = browse(width)
    visit.open("/productions/the-irishman/")
    visit.check("The Irishman")
    section = visit.section("Links to other records")
    drawing = section.get_by_role("group", name="How The Irishman links to other records")
    expect(drawing).to_be_visible()
    box = drawing.bounding_box()
    assert box["width"] > 200 and box["x"] + box["width"] <= width
    table = section.get_by_role("table", name="Records linked to The Irishman")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    assert rows.count() >= 3  # its tools, its stage, the seed's article
    # Every record in the table is a node of the drawing, linking to the same page.
    table_links = {
        rows.nth(i).get_by_role("link").get_attribute("href") for i in range(rows.count())
    }
    drawn = set(
        section.locator("svg.graph-drawing a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
    )
    assert drawn == table_links | {"/productions/the-irishman/"}
    visit.axe("record graph")
    visit.screenshot("record-graph")
    visit.follow("Article on Netflix", "/sources/khanh-linh-article/", scope=table)
    visit.check(re.compile("Article on Netflix"))


def test_the_path_page_finds_a_connection_from_its_form(browse, width, monkeypatch):
    # The live server shares this process with Chromium's driver and axe: the search gets
    # more time than on a server of its own, so that a busy test machine does not cut it short.
    monkeypatch.setattr(graph, "PATH_TIME_LIMIT", 60)
    netflix = Studio.objects.get(slug="netflix")
    visit = browse(width)
    visit.open(f"/graph/?from=S{netflix.pk}")
    visit.check("How records connect")
    page = visit.page
    expect(page.get_by_label("From")).to_have_value(f"S{netflix.pk}")
    page.get_by_label("To").fill("/people/davier-yoon/")
    page.get_by_role("button", name="Find the connection").click()
    page.wait_for_url(re.compile(r"/graph/\?from=.*&to="))
    visit.check("How records connect")
    found = page.get_by_role("heading", name=re.compile(r"^Connected in \d steps?$"))
    expect(found).to_be_visible()
    steps = page.locator("ol.path-steps li")
    assert steps.count() >= 1
    expect(steps.first).to_contain_text("Netflix")
    expect(steps.last).to_contain_text("Davier Yoon")
    drawing = page.get_by_role("group", name="How Netflix connects to Davier Yoon")
    expect(drawing).to_be_visible()
    visit.axe("graph path")
    visit.screenshot("graph-path")


def test_the_path_page_says_what_is_wrong(browse, width):
    netflix = Studio.objects.get(slug="netflix")
    visit = browse(width)
    visit.open(f"/graph/?from=Z1&to=S{netflix.pk}", status=400)
    visit.check("How records connect")
    page = visit.page
    expect(page.get_by_text("No kind of record has identifiers starting with “Z”.")).to_be_visible()
    expect(page.get_by_label("From")).to_have_attribute("aria-invalid", "true")
    visit.axe("graph path error")
    visit.screenshot("graph-path-error")
    visit.open(f"/graph/?from=S{netflix.pk}&to=/studios/netflix/", status=400)
    expect(page.get_by_role("alert")).to_contain_text("the same record")
    visit.axe("graph path same record")
