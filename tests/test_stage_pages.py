"""A stage page: what AI does at that stage, its tools, uses and productions."""

import pytest

from catalog.models import AITool, AIUse, Production, Stage
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


def busiest(response, heading):
    """The link texts of a stage page's list under `heading`, in order."""
    html = response.content.decode()
    section = html.split(f'id="{heading}"', 1)[1].split("</section>", 1)[0]
    return [text_of.split(">", 1)[1].split("</a>", 1)[0] for text_of in section.split("<a ")[1:-1]]


def test_the_busiest_tools_and_productions_come_first_and_follow_edits(client, seed):
    """The lists read counts kept on write (catalog/counts.py TALLIES): each edit shows."""
    stage = Stage.objects.get(slug="production")
    deepfake = AITool.objects.get(slug="deepfake")
    facedirector = AITool.objects.get(slug="facedirector")
    irishman = Production.objects.get(slug="the-irishman")
    eternauta = Production.objects.get(slug="el-eternauta")

    def add(tool, production):
        return AIUse.objects.create(
            tool=tool, production=production, stage=stage, description="Used on set."
        )

    add(facedirector, eternauta)
    add(deepfake, eternauta)
    moved = add(deepfake, irishman)
    add(deepfake, irishman)
    add(deepfake, irishman)
    page = client.get("/stages/production/")  # The Irishman 3 uses, El Eternauta 2
    assert busiest(page, "tools-heading") == ["Deepfake", "FaceDirector"]
    assert "4 uses" in text(page) and "1 use" in text(page)
    assert busiest(page, "productions-heading")[0].startswith("The Irishman")

    moved.production = eternauta
    moved.save()
    page = client.get("/stages/production/")
    assert busiest(page, "productions-heading")[0].startswith("El Eternauta")

    for row in AIUse.objects.filter(stage=stage, tool=deepfake):
        row.delete()
    page = client.get("/stages/production/")
    assert busiest(page, "tools-heading") == ["FaceDirector"]
    assert busiest(page, "productions-heading") == ["El Eternauta"]
