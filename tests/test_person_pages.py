"""A person page: roles, credits, quotes, controversies."""

import pytest

from tests.pages import links, text

pytestmark = pytest.mark.django_db


def test_davier_yoon_shows_role_quotes_and_controversy(client, seed):
    response = client.get("/people/davier-yoon/")
    page = text(response)
    assert "Co-founder at CraveFX" in page
    assert "“Ultimately, it is the artist who decides what is in the frame, not the AI”" in page
    assert "Paraphrased from Davier Yoon" in page
    assert "/controversies/ai-devaluing-artistic-merit/" in links(response)
    assert "/productions/el-eternauta/" in links(response)


def test_a_credit_names_the_production_and_the_role(client, seed):
    page = text(client.get("/people/mariano-landet/"))
    assert "El Eternauta · Photographer of a still from the series" in page
