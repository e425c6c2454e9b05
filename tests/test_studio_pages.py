"""A studio page: productions, tools made and used (stage, status), people, controversies."""

import pytest

from tests.pages import links, text

pytestmark = pytest.mark.django_db


def test_netflix_shows_figures_productions_tools_people_and_controversies(client, seed):
    response = client.get("/studios/netflix/")
    page = text(response)
    assert "Revenue (second quarter): $11 billion" in page
    assert "Revenue growth on the same period last year (second quarter): 16%" in page
    assert "El Eternauta · Streamer" in page
    assert "Generative AI on El Eternauta at Post-production and VFX Confirmed" in page
    assert "Ted Sarandos · Co-CEO" in page
    assert "/controversies/ai-devaluing-artistic-merit/" in links(response)


def test_a_vendor_lists_the_tools_it_makes(client, seed):
    page = text(client.get("/studios/disney/"))
    assert "Tools it makes FaceDirector · Facial performance" in page


def test_a_studio_with_many_uses_shows_a_page_of_them_and_the_full_count(client, db):
    from catalog.counts import recount
    from catalog.models import AITool, AIUse, Stage, Studio
    from catalog.views import LIMIT

    studio = Studio.objects.create(name="Busy", slug="busy")
    stage = Stage.objects.first()
    tool = AITool.objects.create(name="T", slug="t", technique="other")
    AIUse.objects.bulk_create(
        AIUse(tool=tool, studio=studio, stage=stage, description=f"use {i}")
        for i in range(LIMIT + 5)
    )
    recount(Studio, [studio.pk])  # bulk_create sends no signal: recount, as bulk paths do
    page = text(client.get("/studios/busy/"))
    assert f"Showing {LIMIT} of {LIMIT + 5} AI uses" in page
