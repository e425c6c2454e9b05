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


def test_a_production_with_many_uses_shows_the_first_fifty_and_links_to_them_all(client, seed):
    """A page shows at most 50 AI uses, says how many there are and links to the explorer
    listing every one; the structured data still names what every use put on screen."""
    from catalog import signals
    from catalog.models import AIUse, Stage
    from tests.test_structured_data import jsonld

    production = Production.objects.get(slug="el-eternauta")
    tool = AITool.objects.get(slug="generative-ai")
    first_stage = Stage.objects.order_by("position").first()
    with signals.batched():
        for number in range(53):
            AIUse.objects.create(
                tool=tool,
                production=production,
                stage=first_stage,
                description=f"Concept art {number}.",
            )
        # Last in the page's order (the last stage), so beyond the 50 shown.
        AIUse.objects.create(
            tool=tool,
            production=production,
            stage=Stage.objects.order_by("position").last(),
            description="A trailer made with AI.",
            output=AIUse.Output.COMPOSITE,
            on_screen=AIUse.OnScreen.YES,
        )
    total = production.ai_uses.count()
    assert total == 55
    response = client.get("/productions/el-eternauta/")
    html = response.content.decode()
    assert html.count('<li class="use" id="use-') == 50
    assert "A trailer made with AI." not in html
    assert f"Showing 50 of {total} AI uses." in text(response)
    assert "/ai-uses/?production=el-eternauta" in links(response)
    everything = client.get("/ai-uses/?production=el-eternauta")
    assert f"{total} AI uses matching" in text(everything)
    assert "Production: “El Eternauta”" in text(everything)
    on_screen = jsonld(client, production)["digitalSourceType"]
    assert AIUse(output=AIUse.Output.COMPOSITE).digital_source_type in on_screen
