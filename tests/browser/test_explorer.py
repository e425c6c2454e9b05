"""The explorer of every AI use in a real browser, at 375 px and 1280 px: filtering with the
form, following a matrix cell to the uses it counts, the chart, and no serious or critical
axe violation."""

import re

import pytest
from playwright.sync_api import expect

from catalog.models import AIUse, Likeness, Person, Source

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def likeness(site):
    """The de-ageing in "The Irishman" as a likeness record, consent unknown."""
    use = AIUse.objects.get(tool__slug="deepfake", production__slug="the-irishman")
    Likeness.objects.create(
        person=Person.objects.create(slug="a-performer", name="A Performer"),
        production=use.production,
        ai_use=use,
        kind=Likeness.Kind.ALTERATION,
    ).sources.add(Source.objects.first())
    for year, each in enumerate(AIUse.objects.order_by("pk"), 2019):
        each.year = year
        each.save()  # as an editor's save: the kept uses-per-year tally follows
    return use


def shown_rows(visit):
    """The uses the page lists, and the number it announces."""
    count = visit.main().locator("#use-count").inner_text()
    return visit.main().locator("table.use-table tbody tr").count(), int(count.split()[0])


def test_filter_with_the_form_and_follow_a_matrix_cell(browse, width, likeness):
    visit = browse(width)
    visit.open("/")
    visit.follow("AI uses", "/ai-uses/", scope=visit.page.get_by_role("navigation", name="Main"))
    visit.check("AI uses")
    assert shown_rows(visit) == (5, 5)
    visit.axe("explorer")

    # "Disclosed by the studio, on screen, post-production", chosen in the form.
    form = visit.main().get_by_role("form", name="Filter AI uses")
    form.get_by_label("Stage").select_option("post-production")
    form.get_by_label("Disclosure").select_option("self-disclosed")
    form.get_by_label("Output on screen").select_option("yes")
    form.get_by_role("button", name="Show").click()
    visit.page.wait_for_url(re.compile(r"stage=post-production.*disclosure=self-disclosed"))
    visit.check("AI uses")
    assert shown_rows(visit) == (1, 1)
    expect(visit.main().locator("table.use-table")).to_contain_text("El Eternauta")

    # "Touches a performer's likeness, consent unknown", from the summary's count.
    visit.open("/ai-uses/")
    visit.follow("1", "/ai-uses/?likeness=yes&consent=unknown", scope=visit.section("Performers"))
    visit.check("AI uses")
    assert shown_rows(visit) == (1, 1)
    expect(visit.main().locator("table.use-table")).to_contain_text("The Irishman")
    expect(visit.main().locator("table.use-table")).to_contain_text("A Performer")
    visit.axe("explorer, likeness consent unknown")

    # A matrix cell leads to as many uses as it counts.
    visit.open("/ai-uses/")
    matrix = visit.section("Uses by tool and stage")
    cell = matrix.locator("tbody td a").first
    number, href = int(cell.inner_text()), cell.get_attribute("href")
    cell.scroll_into_view_if_needed()
    cell.click()
    visit.page.wait_for_url(re.compile(re.escape(href) + "$"))
    visit.check("AI uses")
    assert shown_rows(visit) == (number, number)

    # The same matrix by technique.
    visit.open("/ai-uses/")
    visit.follow("techniques", "/ai-uses/?by=technique", scope=matrix)
    visit.check("AI uses")
    cell = visit.section("Uses by technique and stage").locator("tbody td a").last
    number, href = int(cell.inner_text()), cell.get_attribute("href")
    cell.click()
    visit.page.wait_for_url(re.compile(re.escape(href) + "$"))
    assert shown_rows(visit) == (number, number)
    visit.axe("explorer by technique")
    visit.screenshot("explorer")


def test_the_chart_on_the_explorer_and_the_timeline(browse, width, likeness):
    visit = browse(width)
    for path, heading in (("/ai-uses/", "AI uses"), ("/timeline/", "Timeline")):
        visit.open(path)
        visit.check(heading)
        chart = visit.section("AI uses per year, by stage")
        svg = chart.get_by_role("img", name="AI uses per year, by stage")
        expect(svg).to_be_visible()
        assert chart.locator("svg rect").count() == 5  # five uses, each its own year
        box = svg.bounding_box()
        assert box["width"] <= width, f"the chart is wider than the {width}px window"
        chart.get_by_text("The numbers, as a table").click()
        table = chart.get_by_role("table")
        expect(table).to_be_visible()
        expect(table.get_by_role("row")).to_have_count(1 + 5)  # header, 2019 to 2023
        visit.axe(f"chart on {heading}")
    visit.screenshot("timeline-chart")
