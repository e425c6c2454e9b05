"""A source page lists everything that cites it."""

import pytest

from tests.pages import links, text

pytestmark = pytest.mark.django_db


def test_guardian_report_lists_the_claims_citing_it(client, seed):
    response = client.get("/sources/guardian-netflix-genai-el-eternauta/")
    page = text(response)
    assert "Publisher The Guardian" in page
    assert "AI uses (1)" in page
    assert {"/productions/el-eternauta/", "/studios/netflix/", "/tools/generative-ai/"} <= links(
        response
    )


def test_netflix_results_are_cited_by_the_figures(client, seed):
    page = text(client.get("/sources/netflix-second-quarter-results/"))
    assert "Figures (2)" in page and "Revenue: $11 billion" in page
