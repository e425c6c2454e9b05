"""A production page: studios and roles, AI uses, people, controversies, numbered citations."""

import re

import pytest

from catalog.models import AITool, Production
from tests.pages import links, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def eternauta(client, seed):
    return client.get("/productions/el-eternauta/")


def test_shows_studio_role_ai_use_and_people(eternauta):
    page = text(eternauta)
    assert "Netflix · Streamer" in page
    assert "Generative AI by Netflix at Post-production and VFX Confirmed" in page
    assert "collapsing building" in page
    assert "Hector German Oesterheld · Co-author of the comic" in page
    assert "Ultimately, it is the artist who decides what is in the frame, not the AI" in page


def test_claims_carry_numbered_citations_linking_to_the_source_list(eternauta):
    html = eternauta.content.decode()
    markers = set(re.findall(r'<a href="#source-(\d+)"', html))
    assert {"1", "2", "3"} <= markers
    for number in markers:
        item = re.search(rf'<li id="source-{number}"><a href="(/sources/[^"]+/)"', html)
        assert item, f"citation [{number}] has no source in the list"
    assert '<li id="source-2"><a href="/sources/guardian-netflix-genai-el-eternauta/"' in html


def test_tags_link_to_tag_pages_and_related_records_share_tags(eternauta):
    found = links(eternauta)
    assert {"/tags/vfx/", "/tags/generative-ai/", "/tags/science-fiction/"} <= found
    related = eternauta.content.decode().split('id="related-heading"')[1]
    assert "/tools/generative-ai/" in related and "2 shared tags" in related


def test_related_records_rank_by_shared_tags_and_leave_out_the_record_itself(client):
    page = Production.objects.create(slug="centre", title="Centre")
    page.tags.add("alpha", "beta", "gamma")
    three = AITool.objects.create(slug="three", name="Shares three")
    three.tags.add("alpha", "beta", "gamma", "delta")
    two = Production.objects.create(slug="two", title="Shares two")
    two.tags.add("beta", "gamma")
    one = Production.objects.create(slug="one", title="Shares one")
    one.tags.add("alpha")
    Production.objects.create(slug="none", title="Shares none").tags.add("delta")
    related = client.get(page.get_absolute_url()).content.decode().split('id="related-heading"')[1]
    listed = re.findall(r'<a href="([^"]+)">[^<]+</a> <span class="muted">· (\d) shared', related)
    assert listed == [
        ("/tools/three/", "3"),
        ("/productions/two/", "2"),
        ("/productions/one/", "1"),
    ]
