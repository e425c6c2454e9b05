"""Journey 1, browse: from the home page to the tools list, a tool, a production that used it,
that production's studio, and back to the tool. Every page shows its heading, its linked
records and its citations, styled, at 375 px and at 1280 px."""

import re

import pytest

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


def check_generative_ai_tool_page(visit):
    visit.check("Generative AI")
    visit.assert_links(
        [
            ("El Eternauta", "/productions/el-eternauta/"),
            ("Netflix", "/studios/netflix/"),
            ("Post-production and VFX", "/stages/post-production/"),
            ("devaluing artistic merit", "/controversies/ai-devaluing-artistic-merit/"),
            ("Tyler Perry halts", "/controversies/tyler-perry-halts-studio-expansion/"),
            ("generative AI", "/tags/generative-ai/"),
            ("VFX", "/tags/vfx/"),
        ]
    )
    assert visit.main().get_by_text("Confirmed").first.is_visible()
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

    visit.follow("El Eternauta", "/productions/el-eternauta/")
    visit.check("El Eternauta")
    visit.assert_links(
        [
            ("Netflix", "/studios/netflix/"),
            ("Generative AI", "/tools/generative-ai/"),
            ("Hector German Oesterheld", "/people/hector-german-oesterheld/"),
            ("devaluing artistic merit", "/controversies/ai-devaluing-artistic-merit/"),
            ("science fiction", "/tags/science-fiction/"),
        ]
    )
    visit.assert_citations(EL_ETERNAUTA_SOURCES)

    visit.follow("Netflix", "/studios/netflix/")
    visit.check("Netflix")
    visit.assert_links(
        [
            ("El Eternauta", "/productions/el-eternauta/"),
            ("Generative AI", "/tools/generative-ai/"),
            ("Ted Sarandos", "/people/ted-sarandos/"),
            ("devaluing artistic merit", "/controversies/ai-devaluing-artistic-merit/"),
            ("streaming", "/tags/streaming/"),
        ]
    )
    visit.assert_citations(EL_ETERNAUTA_SOURCES)

    visit.follow("Generative AI", "/tools/generative-ai/")
    check_generative_ai_tool_page(visit)
    visit.screenshot("journey-1-browse")
