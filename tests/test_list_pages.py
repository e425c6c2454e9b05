"""The six lists: every record, counts of what each links to, filters, sorting, pages."""

import json

import pytest
from django.db import connection
from django.urls import reverse
from taggit.models import Tag

from catalog import registry
from catalog.models import Production
from tests.factories import make_catalog
from tests.open_data import body
from tests.pages import links, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/productions/", ["/productions/el-eternauta/", "/productions/the-irishman/"]),
        ("/studios/", ["/studios/netflix/", "/studios/sag-aftra/"]),
        ("/tools/", ["/tools/cinelytic/", "/tools/facedirector/"]),
        ("/controversies/", ["/controversies/ai-in-the-2023-hollywood-strike/"]),
        ("/people/", ["/people/ted-sarandos/", "/people/davier-yoon/"]),
        ("/sources/", ["/sources/guardian-netflix-genai-el-eternauta/"]),
    ],
)
def test_each_list_links_its_records(client, seed, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert set(expected) <= links(response)
    assert "<h1>" in response.content.decode()


def test_lists_show_counts_of_what_records_link_to(client, seed):
    page = text(client.get("/tools/"))
    assert "FaceDirector Facial performance · by Disney" in page
    assert "1 AI use · 1 production · 0 controversies" in page
    netflix = text(client.get("/studios/?tag=streaming"))
    assert "1 production · 1 AI use · 0 tools made · 1 controversy" in netflix


def test_filter_by_tag_stage_kind_and_year(client, seed):
    vfx = links(client.get("/productions/?tag=vfx"))
    assert "/productions/el-eternauta/" in vfx and "/productions/avengers-infinity-war/" in vfx
    assert "/productions/logan/" not in vfx
    development = links(client.get("/tools/?stage=development"))
    assert "/tools/ai-script-analysis/" in development and "/tools/deepfake/" not in development
    series = links(client.get("/productions/?kind=series"))
    assert "/productions/el-eternauta/" in series and "/productions/logan/" not in series
    strike = links(client.get("/controversies/?year=2023"))
    assert "/controversies/ai-in-the-2023-hollywood-strike/" in strike
    assert "/controversies/deepfake-de-ageing/" not in strike
    guilds = links(client.get("/studios/?kind=guild"))
    assert "/studios/sag-aftra/" in guilds and "/studios/netflix/" not in guilds


NOINDEX = '<meta name="robots" content="noindex">'


def test_a_filtered_list_asks_search_engines_not_to_index_it(client, seed):
    # Every combination of filters is a page of its own: a crawler would find no end to them.
    for url in ("/productions/", "/productions/?page=1&sort=year", "/tools/?tag=no-such-tag"):
        assert NOINDEX not in client.get(url).content.decode(), url
    for url in ("/productions/?tag=vfx", "/tools/?stage=development", "/studios/?kind=guild"):
        assert NOINDEX in client.get(url).content.decode(), url


def test_filter_by_tool_and_studio_follows_links_from_record_pages(client, seed):
    used_deepfake = links(client.get("/productions/?tool=deepfake"))
    assert "/productions/the-irishman/" in used_deepfake
    assert "/productions/logan/" not in used_deepfake
    disney_tools = links(client.get("/tools/?studio=disney"))
    assert "/tools/facedirector/" in disney_tools and "/tools/cinelytic/" not in disney_tools


def test_sorting_by_most_uses_puts_the_busiest_first(client, db):
    make_catalog(6)
    from catalog.models import AIUse, Production, Stage

    busiest = Production.objects.get(slug="bulk-production-4")
    tool = busiest.ai_uses.first().tool
    for _ in range(3):
        AIUse.objects.create(
            tool=tool, production=busiest, stage=Stage.objects.first(), description="more"
        )
    html = client.get("/productions/?sort=uses").content.decode()
    first = html.index('class="card"')
    assert html.index("/productions/bulk-production-4/") == html.index("/productions/", first)


def test_lists_are_paginated_with_links_that_keep_the_filters(client, db):
    make_catalog(30)
    first = client.get("/productions/?sort=title")
    assert "Page 1 of 2" in text(first)
    assert "?sort=title&amp;page=2" in first.content.decode()
    second = client.get("/productions/?sort=title&page=2")
    assert second.status_code == 200
    assert len(links(second) & {f"/productions/bulk-production-{i}/" for i in range(30)}) == 6


def test_lists_and_tags_sort_names_whatever_their_case(client, db):
    from catalog.models import AITool

    for name in ("VFX helper", "animation kit", "Beta cut", "zoetrope"):
        AITool.objects.create(slug=name.split()[0].lower(), name=name, technique="other")
        AITool.objects.get(slug=name.split()[0].lower()).tags.add(name.split()[0])
    page = text(client.get("/tools/"))
    page = page[page.index("4 AI tools") :]  # the cards, after the filters' menus
    order = [page.index(name) for name in ("animation kit", "Beta cut", "VFX helper", "zoetrope")]
    assert order == sorted(order)
    tags = text(client.get("/tags/"))
    order = [tags.index(f"{name} 1 record") for name in ("animation", "Beta", "VFX", "zoetrope")]
    assert order == sorted(order)


def test_type_names_keep_their_capitals_in_running_text(client, seed):
    assert "6 AI tools" in text(client.get("/tools/"))
    assert "No AI tools match these filters." in text(client.get("/tools/?tag=streaming"))
    search = text(client.get("/search/?q=face&type=tools"))
    assert "among AI tools" in search
    assert "ai tools" not in search


LIST_SORTS = [
    (record_type, key, sort)
    for record_type in registry.LISTED
    for key, sort in record_type.sorts.items()
]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index-only scans on PostgreSQL")
@pytest.mark.parametrize(
    "record_type,key,sort", LIST_SORTS, ids=[f"{rt.key}-{key}" for rt, key, _s in LIST_SORTS]
)
def test_a_deep_page_of_every_sort_is_read_from_an_index_alone(db, record_type, key, sort):
    """A page's ids (views.paginate) come from one index, without reading the table: a deep
    page of 100,000 productions costs an index walk, not a sort of every row."""
    ids = record_type.model.objects.order_by(*sort.ordering).values_list("pk", flat=True)
    with connection.cursor() as cursor:
        # Whatever the table's size here, the plan the planner has for a big one.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    plan = ids[5000:5024].explain()
    assert "Index Only Scan" in plan, plan


def test_the_tag_menu_offers_every_tag_escaped_with_the_chosen_one_selected(client, db):
    Production.objects.create(slug="one", title="One").tags.add("Bold <b> & “quoted”")
    Production.objects.create(slug="two", title="Two").tags.add("vfx")
    html = client.get("/productions/?tag=vfx").content.decode()
    menu = html.split('<select id="filter-tag" name="tag">')[1].split("</select>")[0]
    assert '<option value="bold-b-quoted">Bold &lt;b&gt; &amp; “quoted”</option>' in menu
    assert '<option value="vfx" selected>vfx</option>' in menu
    assert menu.count(" selected") == 1


def test_the_tag_menu_shows_a_renamed_tag_on_the_next_request(client, db):
    Production.objects.create(slug="one", title="One").tags.add("vfx")
    assert '<option value="vfx">vfx</option>' in client.get("/productions/").content.decode()
    tag = Tag.objects.get(slug="vfx")
    tag.name = "Visual effects"
    tag.save()
    html = client.get("/productions/?tag=vfx").content.decode()
    assert '<option value="vfx" selected>Visual effects</option>' in html
    assert "“Visual effects”" in html  # the filter in force, named as the tag is now


@pytest.mark.parametrize(
    "record_type", [t for t in registry.LISTED if t.tagged], ids=lambda t: t.key
)
def test_each_card_shows_its_own_tags_as_links(client, db, record_type):
    """A card's tags come from one read for the page (registry.CARD_TAGS): each card shows its
    record's tags and no other's, on the list, on a tag page and in search results."""
    make_catalog(2, prefix="cards")
    first, second = record_type.model.objects.order_by("pk")[:2]
    first.tags.set(["Ünïcode tag", "shared tag"])
    second.tags.set(["only second", "shared tag"])

    def card_of(html, record, prefix=""):
        start = html.index(f'href="{prefix}{record.get_absolute_url()}"')
        return html[start : html.index("</ul>", html.index('class="tags"', start))]

    list_url = reverse(record_type.list_url_name)
    for prefix, url in (("", list_url), ("", "/tags/shared-tag/"), ("/es", f"/es{list_url}")):
        html = client.get(url).content.decode()
        shown = card_of(html, first, prefix)
        assert "Ünïcode tag" in shown and "shared tag" in shown, url
        assert "only second" not in shown, url
        assert "only second" in card_of(html, second, prefix), url
    spanish = client.get("/es/tags/shared-tag/").content.decode()
    assert 'href="/es/tags/%C3%BCn%C3%AFcode-tag/"' in spanish


def test_a_list_narrows_by_every_tag_given(client, db):
    """`?tag=` more than once: the records carrying every one of the tags, in pages whose
    links, form and exports keep all of them."""
    from catalog.models import Studio

    for i in range(30):
        Production.objects.create(slug=f"both-{i}", title=f"Both {i:02}").tags.add("Alpha", "Beta")
    for i in range(3):
        Production.objects.create(slug=f"alpha-{i}", title=f"Alpha {i}").tags.add("Alpha")
    Production.objects.create(slug="beta-only", title="Beta only").tags.add("Beta")
    Studio.objects.create(slug="tagged-studio", name="Tagged studio").tags.add("Alpha", "Beta")

    first = client.get("/productions/?tag=alpha&tag=beta")
    words = text(first)
    assert "30 productions matching tag “Alpha”, tag “Beta”" in words
    assert "Page 1 of 2" in words
    html = first.content.decode()
    assert "?tag=alpha&amp;tag=beta&amp;page=2" in html
    assert '<input type="hidden" name="tag" value="beta">' in html  # sorting keeps it
    assert '<option value="alpha" selected>' in html
    assert "remove “Alpha” · remove “Beta”" in words
    second_page_sorted = client.get("/productions/?tag=alpha&tag=beta&sort=year&page=2")
    removals = {url for url in links(second_page_sorted) if url.startswith("/productions/?tag=")}
    assert removals == {  # back to a first page, each without one of the tags
        "/productions/?tag=beta&sort=year",
        "/productions/?tag=alpha&sort=year",
    }
    assert "remove" not in text(client.get("/productions/?tag=alpha"))
    shown = {url for url in links(first) if url.startswith("/productions/")}
    second = client.get("/productions/?tag=alpha&tag=beta&page=2")
    shown |= {url for url in links(second) if url.startswith("/productions/")}
    assert {url for url in shown if "both-" in url} == {
        f"/productions/both-{i}/" for i in range(30)
    }
    assert not {url for url in shown if "alpha-" in url or "beta-only" in url}

    assert "30 productions" in text(client.get("/productions/?tag=beta&tag=alpha"))
    assert "33 productions matching tag “Alpha”" in text(
        client.get("/productions/?tag=alpha&tag=alpha")
    )
    export = next(url for url in links(first) if ".json?" in url)
    assert "tag=alpha&tag=beta" in export
    records = json.loads(body(client.get(export.replace("http://testserver", ""))))["results"]
    assert sorted(record["slug"] for record in records) == sorted(f"both-{i}" for i in range(30))


def test_a_tag_that_names_nothing_is_ignored_with_a_note_and_the_others_apply(client, db):
    for i in range(3):
        Production.objects.create(slug=f"alpha-{i}", title=f"Alpha {i}").tags.add("Alpha")
    Production.objects.create(slug="other", title="Other")

    words = text(client.get("/productions/?tag=alpha&tag=no-such-tag&tag="))
    assert "There is no tag “no-such-tag”, so that filter was ignored." in words
    assert "3 productions matching tag “Alpha”" in words


def test_a_list_narrows_by_ten_tags_at_most(client, db):
    from catalog.forms import ListFilterForm

    names = [f"Tag {i}" for i in range(ListFilterForm.MAX_TAGS + 1)]
    Production.objects.create(slug="all-tags", title="All tags").tags.add(*names)
    query = "&".join(f"tag=tag-{i}" for i in range(len(names)))

    words = text(client.get(f"/productions/?{query}"))
    assert "A list narrows by 10 tags at most: “tag-10” was ignored." in words
    assert "1 production matching tag “Tag 0”" in words and "tag “Tag 9”" in words
    assert "tag “Tag 10”" not in words
    spanish = text(client.get(f"/es/productions/?{query}"))
    assert "Una lista se filtra por 10 etiquetas como máximo: se ignoró “tag-10”." in spanish
