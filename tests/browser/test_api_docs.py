"""The API's docs page (/api/v1/docs) in a real browser at 375 px and 1280 px: every operation
of the OpenAPI description with its parameters and an example that works, under the site's CSP
(no script), styled, fitting the window, with no serious or critical axe violation."""

import pytest

from tests.browser.conftest import WIDTHS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_api_docs_page_in_a_real_browser(browse):
    for width in WIDTHS:
        visit = browse(width)
        page = visit.open("/api/v1/docs")
        visit.check("The read API")
        visit.axe(f"api docs {width}")
        schema = page.request.get("/api/v1/openapi.json").json()
        main = visit.main()
        for route in schema["paths"]:
            assert main.get_by_text(route, exact=False).count() >= 1, route
        assert main.get_by_text("since", exact=True).count() >= 1
        # An example is a link to a working request.
        example = main.get_by_role("link", name="/api/v1/ai-uses?stage=post-production")
        href = example.first.get_attribute("href")
        answer = page.request.get(href)
        assert answer.status == 200
        assert "results" in answer.json()
        assert page.locator("script").count() == 0
        visit.screenshot("api-docs")
