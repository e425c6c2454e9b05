"""Tag pages: every tag with its count, every record with a tag, narrowing by a second."""

import pytest

from tests.pages import links, text

pytestmark = pytest.mark.django_db


def test_tag_list_shows_each_tag_with_how_many_records_carry_it(client, seed):
    response = client.get("/tags/")
    page = text(response)
    assert "generative AI 5 records" in page
    assert "animation 2 records" in page
    assert "/tags/de-ageing/" in links(response)


def test_tag_page_lists_records_of_several_types(client, seed):
    response = client.get("/tags/generative-ai/")
    found = links(response)
    assert "/productions/el-eternauta/" in found
    assert "/studios/netflix/" in found
    assert "/tools/generative-ai/" in found
    assert "/controversies/tyler-perry-halts-studio-expansion/" in found
    html = response.content.decode()
    for heading in ("Productions", "Studios", "AI tools", "Controversies"):
        assert f"{heading} <span" in html


def test_narrowing_by_a_second_tag_keeps_records_with_both(client, seed):
    first = client.get("/tags/generative-ai/")
    assert "/tags/generative-ai/?and=vfx" in links(first)
    response = client.get("/tags/generative-ai/?and=vfx")
    found = links(response)
    assert "/productions/el-eternauta/" in found and "/tools/generative-ai/" in found
    assert "/studios/netflix/" not in found
    assert "remove “VFX”" in text(response)


def test_narrowing_by_an_unknown_tag_is_explained(client, seed):
    response = client.get("/tags/vfx/?and=no-such-tag")
    assert response.status_code == 200
    assert "There is no other tag “no-such-tag” to narrow by." in text(response)


def test_unknown_tag_is_a_styled_404(client, seed):
    response = client.get("/tags/no-such-tag/")
    assert response.status_code == 404
    assert "We could not find that page" in text(response)
