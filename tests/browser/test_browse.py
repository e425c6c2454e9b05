"""Journey 1, browse: from the home page to the tools list, a tool, a production that used it,
that production's studio, and back to the tool. Every page shows its heading, its linked
records and its citations, styled, at 375 px and at 1280 px."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEED_TOOLS = [
    ("Generative AI", "/tools/generative-ai/"),
    ("scriptBook", "/tools/scriptbook/"),
    ("AI script analysis", "/tools/ai-script-analysis/"),
    ("Cinelytic", "/tools/cinelytic/"),
    ("FaceDirector", "/tools/facedirector/"),
    ("Deepfake", "/tools/deepfake/"),
]
# Both reports behind the El Eternauta story: the article and the Guardian it relies on.
EL_ETERNAUTA_SOURCES = ["khanh-linh-article", "guardian-netflix-genai-el-eternauta"]


def tags_of(visit):
    return visit.main().get_by_role("list", name="Tags").first


def check_generative_ai_tool_page(visit):
    visit.check("Generative AI")
    visit.assert_links(
        [
            ("El Eternauta", "/productions/el-eternauta/"),
            ("Netflix", "/studios/netflix/"),
            ("Post-production and VFX", "/stages/post-production/"),
        ],
        scope=visit.section(re.compile("used", re.I)),
    )
    expect(visit.section(re.compile("used", re.I)).get_by_text("Confirmed")).to_be_visible()
    visit.assert_links(
        [
            ("devaluing artistic merit", "/controversies/ai-devaluing-artistic-merit/"),
            ("Tyler Perry halts", "/controversies/tyler-perry-halts-studio-expansion/"),
        ],
        scope=visit.section("Controversies"),
    )
    visit.assert_links(
        [("generative AI", "/tags/generative-ai/"), ("VFX", "/tags/vfx/")], scope=tags_of(visit)
    )
    visit.assert_citations(EL_ETERNAUTA_SOURCES)


def test_browse_tool_production_studio_and_back(browse, width):
    visit = browse(width)
    page = visit.open("/")
    visit.check(None)

    visit.follow("tools", "/tools/", scope=page.get_by_role("navigation").first)
    visit.check(re.compile("tools", re.I))
    visit.assert_links(SEED_TOOLS)

    visit.follow("Generative AI", "/tools/generative-ai/")
    check_generative_ai_tool_page(visit)

    # On to the production, through the tool's list of uses.
    visit.follow(
        "El Eternauta", "/productions/el-eternauta/", scope=visit.section(re.compile("used", re.I))
    )
    visit.check("El Eternauta")
    visit.assert_links([("Netflix", "/studios/netflix/")], scope=visit.section("Studios"))
    visit.assert_links([("Generative AI", "/tools/generative-ai/")], scope=visit.section("AI uses"))
    visit.assert_links(
        [("Hector German Oesterheld", "/people/hector-german-oesterheld/")],
        scope=visit.section("People"),
    )
    visit.assert_links(
        [("devaluing artistic merit", "/controversies/ai-devaluing-artistic-merit/")],
        scope=visit.section("Controversies"),
    )
    visit.assert_links([("science fiction", "/tags/science-fiction/")], scope=tags_of(visit))
    visit.assert_citations(EL_ETERNAUTA_SOURCES)

    # On to the studio behind it.
    visit.follow("Netflix", "/studios/netflix/", scope=visit.section("Studios"))
    visit.check("Netflix")
    visit.assert_links(
        [("El Eternauta", "/productions/el-eternauta/")], scope=visit.section("Productions")
    )
    visit.assert_links([("Ted Sarandos", "/people/ted-sarandos/")], scope=visit.section("People"))
    visit.assert_links(
        [("devaluing artistic merit", "/controversies/ai-devaluing-artistic-merit/")],
        scope=visit.section("Controversies"),
    )
    visit.assert_links([("streaming", "/tags/streaming/")], scope=tags_of(visit))
    visit.assert_citations(EL_ETERNAUTA_SOURCES)

    # And back to the tool, from the studio's tools.
    visit.follow("Generative AI", "/tools/generative-ai/", scope=visit.section("AI tools"))
    check_generative_ai_tool_page(visit)
    visit.screenshot("journey-1-browse")
