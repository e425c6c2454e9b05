"""In real Chromium: an editor enters a production and an AI use on one screen, by autocomplete."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from catalog.models import AITool, Production, Source

PASSWORD = "frame-by-frame-42"

# The migrations' rows (stages, the Editors group) must be there for the live server.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def pick(page, select_id, term, choice):
    """Type into a select2 autocomplete box and choose a result, as an editor does."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=choice).click()


def test_editor_enters_a_production_with_an_inline_ai_use_by_autocomplete(browser, live_server):
    call_command("create_editor", "editor", "editor@example.com", password=PASSWORD, verbosity=0)
    source = Source.objects.create(
        title="Netflix uses generative AI", slug="g", publisher="Guardian"
    )
    AITool.objects.create(name="Runway Gen-4", slug="runway-gen-4", technique="generative")

    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(live_server.url + reverse("admin:login"))
        page.fill("#id_username", "editor")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.goto(live_server.url + reverse("admin:catalog_production_add"))

        page.fill("#id_title", "El Eternauta")
        page.locator("#id_slug").click()
        assert page.input_value("#id_slug") == "el-eternauta"  # filled in as you type
        page.fill("#id_tags", "generative ai, streaming")

        page.get_by_text("Add another AI use").click()
        pick(page, "id_ai_uses-0-tool", "runw", "Runway Gen-4")
        pick(page, "id_ai_uses-0-stage", "post", "Post-production")
        pick(page, "id_ai_uses-0-sources", "guardian", "Guardian: Netflix uses")
        page.fill("#id_ai_uses-0-description", "A building collapse made with generative AI.")
        page.click("input[name=_save]")
        page.locator(".messagelist .success").wait_for()
        message = page.locator(".messagelist").inner_text()
    finally:
        context.close()

    assert "was added successfully" in message
    production = Production.objects.get(slug="el-eternauta")
    use = production.ai_uses.get()
    assert (use.tool.name, use.stage.slug) == ("Runway Gen-4", "post-production")
    assert list(use.sources.all()) == [source]
    assert sorted(production.tags.names()) == ["generative ai", "streaming"]
    assert production.history.get().history_user == get_user_model().objects.get(username="editor")
