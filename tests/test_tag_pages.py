"""Tag pages: every tag with its count, every record with a tag, narrowing by a second."""

import json
import re

import pytest
from django.core.cache import caches

from catalog import views
from tests.open_data import body
from tests.pages import links, text

pytestmark = pytest.mark.django_db


def test_tag_list_shows_each_tag_with_how_many_records_carry_it(client, seed):
    response = client.get("/tags/")
    page = text(response)
    assert "generative AI 5 records" in page
    assert "animation 2 records" in page
    assert "/tags/de-ageing/" in links(response)


def test_tag_page_lists_records_of_several_types(client, seed):
    response = client.get("/tags/generative-ai/")
    found = links(response)
    assert "/productions/el-eternauta/" in found
    assert "/studios/netflix/" in found
    assert "/tools/generative-ai/" in found
    assert "/controversies/tyler-perry-halts-studio-expansion/" in found
    html = response.content.decode()
    for heading in ("Productions", "Studios", "AI tools", "Controversies"):
        assert f"{heading} <span" in html


def test_narrowing_by_a_second_tag_keeps_records_with_both(client, seed):
    first = client.get("/tags/generative-ai/")
    assert "/tags/generative-ai/?and=vfx" in links(first)
    response = client.get("/tags/generative-ai/?and=vfx")
    found = links(response)
    assert "/productions/el-eternauta/" in found and "/tools/generative-ai/" in found
    assert "/studios/netflix/" not in found
    assert "remove “VFX”" in text(response)


def test_narrowing_by_an_unknown_tag_is_explained(client, seed):
    response = client.get("/tags/vfx/?and=no-such-tag")
    assert response.status_code == 200
    assert "There is no other tag “no-such-tag” to narrow by." in text(response)


def test_unknown_tag_is_a_styled_404(client, seed):
    response = client.get("/tags/no-such-tag/")
    assert response.status_code == 404
    assert "We could not find that page" in text(response)


def tag_page_and_export_records(client, url):
    """The record pages a tag page links to in its record cards, and those its JSON export
    lists for the same query string."""
    page = client.get(url)
    path, _, query = url.partition("?")
    export = json.loads(body(client.get(f"{path.rstrip('/')}.json?{query}")))
    exported = {
        record["url"].replace("http://testserver", "")
        for section in ("productions", "studios", "tools", "controversies", "people")
        for record in export[section]
    }
    shown = {
        href
        for href in links(page)
        if href.count("/") == 3
        and href.split("/")[1] in {"productions", "studios", "tools", "controversies", "people"}
    }
    return page, shown, exported


def test_every_repeated_narrowing_tag_counts_on_the_page_and_in_its_exports(client, db):
    from tests.factories import make_catalog

    # Records i carry tags i, i+1 and i+2: only records 2 and 3... see below.
    make_catalog(8, prefix="rep")
    url = "/tags/rep-tag-3/?and=rep-tag-4&and=rep-tag-2"
    page, shown, exported = tag_page_and_export_records(client, url)
    assert page.status_code == 200
    # Tags 2, 3 and 4 together are carried only by the records numbered 2 (tags 2, 3, 4).
    assert shown == exported
    assert shown == {
        "/productions/rep-production-2/",
        "/studios/rep-studio-2/",
        "/tools/rep-tool-2/",
        "/people/rep-person-2/",
    }
    words = text(page)
    assert "remove “rep tag 4”" in words and "remove “rep tag 2”" in words
    csv = body(client.get("/tags/rep-tag-3.csv?and=rep-tag-4&and=rep-tag-2"))
    assert len(csv.strip().splitlines()) == 1 + len(shown)


def test_narrowing_links_keep_the_tags_already_narrowing(client, db):
    from tests.factories import make_catalog

    make_catalog(8, prefix="rep")
    found = links(client.get("/tags/rep-tag-3/?and=rep-tag-4"))
    assert "/tags/rep-tag-3/?and=rep-tag-4&and=rep-tag-5" in found
    assert "/tags/rep-tag-3/" in found  # remove "rep tag 4"


def test_a_tag_page_is_the_same_whether_its_records_are_walked_or_joined(client, seed, monkeypatch):
    """A tag carried by many records of a type is read by walking the type's list index
    (views.WALK_FROM); below that, by joining its links. Both give the same records, in the
    same order, with the same counts, narrowed or not."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog import views
    from catalog.cache import bump

    pages = ["/tags/generative-ai/", "/tags/generative-ai/?and=streaming", "/tags/animation/"]
    monkeypatch.setattr(views, "WALK_FROM", 10**9)
    joined = [(text(client.get(page)), links(client.get(page))) for page in pages]
    bump()
    monkeypatch.setattr(views, "WALK_FROM", 1)
    with CaptureQueriesContext(connection) as queries:
        walked = [(text(client.get(page)), links(client.get(page))) for page in pages]
    walks = [q["sql"] for q in queries.captured_queries if '"object_id" = ("catalog_' in q["sql"]]
    assert walks, "no record list was read by walking its index"
    assert walked == joined
    assert "/productions/el-eternauta/" in walked[0][1]


def test_a_tag_page_read_again_from_its_kept_ids_shows_the_same_cards(client, seed, monkeypatch):
    def cards(response):
        """Each card's record address, in the page's order."""
        html = response.content.decode()
        return re.findall(r'<li class="card">\s*<h3><a href="([^"]+)".*?</li>', html, re.S)

    real = views.records_by_id
    first = client.get("/tags/generative-ai/")
    assert len(cards(first)) == 5
    caches["pages"].clear()  # the page goes; the ids, totals and shared tags behind it stay
    read = []
    monkeypatch.setattr(views, "records_by_id", lambda *args: read.append(args) or real(*args))
    again = client.get("/tags/generative-ai/")
    assert read  # the records were read by their kept ids, not found again
    assert cards(again) == cards(first)
    assert again.content == first.content
    spanish = client.get("/es/tags/generative-ai/")
    assert cards(spanish) == ["/es" + url for url in cards(first)]


def test_a_tag_page_shows_the_first_page_of_each_list_and_links_to_the_rest(client, db):
    """A type's section holds what the first page of its list filtered by the tag holds, in
    the same order; the full count links to that list, where the rest are."""
    from catalog.models import Production, Studio

    for i in range(views.PER_PAGE + 6):
        production = Production.objects.create(
            slug=f"many-{i}", title=f"Étude №{i:02} «{i}»", year=1990 + i
        )
        production.tags.add("Many things")
    studio = Studio.objects.create(slug="lone-studio", name="Lone studio")
    studio.tags.add("Many things")

    def cards(response):
        html = response.content.decode()
        return re.findall(r'<li class="card">\s*<h3><a href="([^"]+)"', html)

    page = client.get("/tags/many-things/")
    shown = cards(page)
    assert len(shown) == views.PER_PAGE + 1  # a full first page of productions, the studio
    assert "/studios/lone-studio/" in shown
    words = text(page)
    assert "Productions (30)" in words
    assert "All 30 productions tagged “Many things”" in words
    assert "/productions/?tag=many-things" in links(page)
    assert "All 1 studios" not in words  # a section holding all its records links nowhere
    first_page = cards(client.get("/productions/?tag=many-things"))
    assert [url for url in shown if url.startswith("/productions/")] == first_page
    rest = cards(client.get("/productions/?tag=many-things&page=2"))
    assert len(rest) == 6 and not set(rest) & set(first_page)


def test_a_narrowed_section_links_to_the_list_narrowed_by_the_same_tags(client, db):
    """A narrowed section's full count links to the list filtered by every tag of the page,
    whose first page is the section and whose count is the section's."""
    from catalog.models import Production

    def cards(response):
        html = response.content.decode()
        return re.findall(r'<li class="card">\s*<h3><a href="([^"]+)"', html)

    for i in range(views.PER_PAGE + 6):
        production = Production.objects.create(slug=f"both-{i}", title=f"Both {i}")
        production.tags.add("First tag", "Second tag")
    for i in range(5):
        Production.objects.create(slug=f"first-{i}", title=f"First {i}").tags.add("First tag")

    page = client.get("/tags/first-tag/?and=second-tag")
    words = text(page)
    assert "Productions (30)" in words
    assert "All 30 productions with these tags" in words
    assert "/productions/?tag=first-tag&tag=second-tag" in links(page)
    listed = client.get("/productions/?tag=first-tag&tag=second-tag")
    assert "30 productions matching tag “First tag”, tag “Second tag”" in text(listed)
    assert cards(listed) == cards(page)
    spanish = client.get("/es/tags/first-tag/?and=second-tag")
    assert "Ver los 30 resultados (producciones) con estas etiquetas" in text(spanish)
    assert "/es/productions/?tag=first-tag&tag=second-tag" in links(spanish)
    alone = client.get("/tags/first-tag/")
    assert "All 35 productions tagged “First tag”" in text(alone)
    assert "/productions/?tag=first-tag" in links(alone)


def test_a_section_narrowed_past_what_a_list_takes_says_how_many_it_shows(client, db):
    """A list narrows by ListFilterForm.MAX_TAGS tags at most: a page narrowed by more says
    how many it shows rather than linking to a list of fewer tags."""
    from catalog.forms import ListFilterForm
    from catalog.models import Production

    names = [f"Tag {i}" for i in range(ListFilterForm.MAX_TAGS + 1)]
    for i in range(views.PER_PAGE + 2):
        Production.objects.create(slug=f"all-{i}", title=f"All {i}").tags.add(*names)

    narrowed = "&".join(f"and=tag-{i}" for i in range(1, len(names)))
    page = client.get(f"/tags/tag-0/?{narrowed}")
    assert "Showing 24 of 26." in text(page)
    assert not [url for url in links(page) if url.startswith("/productions/?")]
    spanish = client.get(f"/es/tags/tag-0/?{narrowed}")
    assert "Se muestran 24 de 26." in text(spanish)
