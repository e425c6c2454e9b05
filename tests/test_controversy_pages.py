"""A controversy page: what it involves, quotes, sources."""

import pytest

from tests.pages import text

pytestmark = pytest.mark.django_db


def test_devaluing_controversy_shows_who_is_involved_and_the_quote(client, seed):
    page = text(client.get("/controversies/ai-devaluing-artistic-merit/"))
    assert "Productions El Eternauta" in page
    assert "Studios Netflix CraveFX" in page or "Studios CraveFX Netflix" in page
    assert "AI tools Generative AI" in page
    assert "Ultimately, it is the artist who decides" in page
    assert "Forbes: Reporting on AI" in page


def test_strike_is_dated_2023(client, seed):
    assert "When 2023" in text(client.get("/controversies/ai-in-the-2023-hollywood-strike/"))
