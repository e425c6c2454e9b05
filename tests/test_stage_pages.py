"""A stage page: what AI does at that stage, its tools, uses and productions."""

import pytest

from tests.pages import links, text

pytestmark = pytest.mark.django_db


def test_post_production_lists_tools_productions_and_uses(client, seed):
    response = client.get("/stages/post-production/")
    page = text(response)
    assert "<h1" in response.content.decode() and "Post-production and VFX" in page
    assert "AI uses (3)" in page
    found = links(response)
    assert {"/tools/deepfake/", "/tools/facedirector/", "/tools/generative-ai/"} <= found
    assert {"/productions/the-irishman/", "/productions/el-eternauta/"} <= found
    assert "/tools/?stage=post-production" in found


def test_a_stage_without_uses_says_so(client, seed):
    assert "No AI use recorded at this stage yet." in text(client.get("/stages/production/"))


def test_unknown_stage_is_a_404(client, seed):
    assert client.get("/stages/catering/").status_code == 404
