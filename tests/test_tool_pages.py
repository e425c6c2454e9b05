"""A tool page: vendor, every production and studio that used it, stage, status, controversies."""

import pytest

from tests.pages import links, text

pytestmark = pytest.mark.django_db


def test_facedirector_names_its_vendor_and_where_it_was_used(client, seed):
    response = client.get("/tools/facedirector/")
    page = text(response)
    assert "Vendor Disney" in page
    assert "Avengers: Infinity War at Post-production and VFX Reported" in page
    assert {"/studios/disney/", "/stages/post-production/"} <= links(response)


def test_generative_ai_lists_its_controversies_with_citations(client, seed):
    response = client.get("/tools/generative-ai/")
    found = links(response)
    assert "/controversies/tyler-perry-halts-studio-expansion/" in found
    assert "/controversies/ai-devaluing-artistic-merit/" in found
    assert 'href="#source-1"' in response.content.decode()


def test_a_tool_used_only_by_a_studio_names_the_studio(client, seed):
    page = text(client.get("/tools/cinelytic/"))
    assert "Warner Bros. at Pre-production Reported" in page
