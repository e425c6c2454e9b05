"""The browser tests hand a tab on from test to test (`Tabs` in conftest.py): the tab a test
gets must hold nothing of the test before it, or a test could pass on what another left."""

import pytest

from catalog.models import AITool

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LEAVE_BEHIND = """() => {
  document.cookie = 'left=behind; path=/';
  localStorage.setItem('left', 'behind');
  sessionStorage.setItem('left', 'behind');
}"""


def test_a_tab_handed_on_keeps_no_cookie_storage_or_cached_page(browse):
    first = browse(1280)
    first.open("/tools/generative-ai/")
    first.check("Generative AI")
    first.page.evaluate(LEAVE_BEHIND)
    assert first.context.cookies()
    first.close()

    tool = AITool.objects.get(slug="generative-ai")
    tool.name = "Generative AI, renamed"
    tool.save()

    second = browse(375)
    assert second.context is first.context, "the tab was not handed on"
    assert second.context.cookies() == []
    # The first visit's copy of the page is fresh for HTTP_CACHE_MAX_AGE: a browser that kept
    # it would show it again, with the old name.
    second.open("/tools/generative-ai/")
    second.check("Generative AI, renamed")
    assert second.page.evaluate("() => [localStorage.length, sessionStorage.length]") == [0, 0]
