"""Bad input gets a clear answer: a styled 404 or a note, never a 500."""

import pytest
from django.template.loader import render_to_string

from tests.factories import make_catalog
from tests.pages import text

pytestmark = pytest.mark.django_db

LISTS = ["/productions/", "/studios/", "/tools/", "/controversies/", "/people/", "/sources/"]


@pytest.mark.parametrize(
    "url",
    [
        "/productions/no-such-film/",
        "/studios/no-such-studio/",
        "/tools/no-such-tool/",
        "/controversies/nothing/",
        "/people/nobody/",
        "/sources/nowhere/",
        "/stages/nowhen/",
        "/tags/no-such-tag/",
        "/no/such/page/",
    ],
)
def test_unknown_pages_get_the_styled_404(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "We could not find that page" in text(response)
    assert "/static/css/site.css" in response.content.decode()


@pytest.mark.parametrize("url", LISTS + ["/timeline/", "/search/"])
@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "\x00"])
def test_page_numbers_that_are_not_pages_get_a_404(client, db, url, page):
    response = client.get(url, {"page": page, "q": "a", "type": "studios"})
    assert response.status_code == 404
    assert "We could not find that page" in text(response)


def test_a_page_past_the_end_shows_the_last_page(client, db):
    make_catalog(30)
    for url in LISTS:
        for page in ("3", "999", "9" * 30):
            response = client.get(url, {"page": page})
            assert response.status_code == 200, (url, page)
            assert "Page 2 of 2" in text(response), (url, page)


@pytest.mark.parametrize("url", LISTS)
def test_unknown_filters_and_sorts_are_explained_and_ignored(client, seed, url):
    response = client.get(
        url,
        {
            "tag": "no-such-tag",
            "stage": "catering",
            "kind": "opera",
            "year": "next year",
            "tool": "<b>\x00",
            "studio": "x" * 500,
            "sort": "price",
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert "Cannot sort by “price”" in page
    assert "so that filter was ignored" in page
    assert response.context["page_obj"].paginator.count > 0, "the list is shown unfiltered"


def test_a_year_out_of_range_is_explained(client, seed):
    page = text(client.get("/productions/", {"year": "99999"}))
    assert "“99999” is not a year between 1870 and 2100" in page


def test_the_500_page_is_styled_and_needs_no_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert "/static/css/site.css" in html
