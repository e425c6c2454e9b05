"""Atom feeds: the whole catalog's latest changes, and one per tag, per tool and per studio."""

import re

import pytest
from taggit.models import Tag

from catalog.models import AITool, AIUse, Production, Studio
from tests.open_data import (
    ATOM,
    HOSTILE,
    absolute,
    atom_entries,
    body,
    make_catalog,
    make_hostile,
    parse_atom,
)

pytestmark = pytest.mark.django_db


def test_latest_feed_is_atom_with_the_newest_change_first(client, seed):
    production = Production.objects.get(slug="logan")
    production.synopsis = "A changed synopsis."
    production.save()
    root = parse_atom(client, "/feeds/latest.atom")
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == absolute("/feeds/latest.atom")
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "In the Frame"
    entries = atom_entries(root)
    assert entries[0]["title"] == "Production: Logan"
    assert entries[0]["link"] == absolute("/productions/logan/")
    # Every entry has what Atom requires, and links to a page that answers.
    for entry in entries:
        assert entry["id"] and entry["updated"] and entry["title"]
        path = entry["link"].removeprefix("http://testserver")
        assert client.get(path.split("#")[0]).status_code == 200, path
    assert len({entry["id"] for entry in entries}) == len(entries)


def test_latest_feed_covers_every_kind_of_record(client, seed):
    titles = [entry["title"] for entry in atom_entries(parse_atom(client, "/feeds/latest.atom"))]
    for kind in ("Production", "Studio", "Tool", "Controversy", "Person", "Source", "AI use"):
        assert any(title.startswith(f"{kind}: ") for title in titles), kind


def test_tag_feed_lists_exactly_the_tagged_records(client, seed):
    tag = Tag.objects.get(name="generative AI")
    entries = atom_entries(parse_atom(client, f"/tags/{tag.slug}.atom"))
    links = {entry["link"] for entry in entries}
    expected = {
        absolute(record.get_absolute_url())
        for model in (Production, Studio, AITool)
        for record in model.objects.filter(tags=tag)
    }
    assert expected <= links
    assert absolute("/productions/logan/") not in links  # Logan is not tagged generative AI
    for entry in entries:
        assert "generative AI" in entry["categories"]


def test_tool_feed_holds_its_uses_and_controversies_only(client, seed):
    entries = atom_entries(parse_atom(client, "/tools/deepfake.atom"))
    links = {entry["link"] for entry in entries}
    use = AIUse.objects.get(tool__slug="deepfake")
    assert absolute(use.get_absolute_url()) in links
    assert absolute("/controversies/deepfake-de-ageing/") in links
    assert absolute("/tools/deepfake/") in links
    other_use = AIUse.objects.get(tool__slug="facedirector")
    assert absolute(other_use.get_absolute_url()) not in links


def test_studio_feed_holds_its_productions_and_uses(client, seed):
    entries = atom_entries(parse_atom(client, "/studios/netflix.atom"))
    links = {entry["link"] for entry in entries}
    assert absolute("/productions/el-eternauta/") in links
    use = AIUse.objects.get(production__slug="el-eternauta")
    assert absolute(use.get_absolute_url()) in links
    assert absolute("/productions/logan/") not in links


@pytest.mark.parametrize("url", ["/tags/no-such-tag.atom", "/tools/nope.atom", "/studios/x.atom"])
def test_unknown_feed_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_hostile_titles_stay_text_in_feeds(client, seed):
    records = make_hostile()
    tag = Tag.objects.get(name=HOSTILE)
    for url in (
        "/feeds/latest.atom",
        f"/tags/{tag.slug}.atom",
        f"/tools/{records['tool'].slug}.atom",
        f"/studios/{records['studio'].slug}.atom",
    ):
        response = client.get(url)
        assert "<script>" not in body(response)
        root = parse_atom(client, url)
        entries = atom_entries(root)
        assert any(entry["title"].endswith(HOSTILE) for entry in entries), url
        # Summaries are type="html", which readers render: the markup arrives escaped.
        summaries = [s.text or "" for s in root.iter(f"{ATOM}summary")]
        assert all("<script>" not in summary for summary in summaries), url
        assert any("&lt;/script&gt;" in summary for summary in summaries), url


def test_feed_queries_do_not_grow_with_the_catalog(client, db, django_assert_max_num_queries):
    make_catalog(3, prefix="small")
    tag = Tag.objects.get(name="generative AI")
    studio = Studio.objects.first()
    tool = AITool.objects.first()
    urls = ["/feeds/latest.atom", f"/tags/{tag.slug}.atom", tool_feed(tool), studio_feed(studio)]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(20) as captured:
            client.get(url)
        counts[url] = len(captured)
    make_catalog(20, prefix="big")
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            response = client.get(url)
        assert response.status_code == 200


def tool_feed(tool):
    return f"/tools/{tool.slug}.atom"


def studio_feed(studio):
    return f"/studios/{studio.slug}.atom"


@pytest.mark.parametrize(
    "page, feed",
    [
        ("/", "/feeds/latest.atom"),
        ("/tags/generative-ai/", "/tags/generative-ai.atom"),
        ("/tools/deepfake/", "/tools/deepfake.atom"),
        ("/studios/netflix/", "/studios/netflix.atom"),
    ],
)
def test_pages_announce_their_feed(client, seed, page, feed):
    html = client.get(page).content.decode()
    link = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', html)
    assert link, page
    href = re.search(r'href="([^"]+)"', link.group(0)).group(1)
    assert href.removeprefix("http://testserver") == feed
    parse_atom(client, feed)
