"""Journey 2, edit: an editor logs in to the admin, adds an AI tool with two tags and an AI use
on an existing production, finds both on the public pages, changes the tool, then restores the
first version from its history and sees the public page change back. At 375 px and 1280 px."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-editor-password-for-tests"
TOOL = "Storyboard Sketcher"
TOOL_PATH = "/tools/storyboard-sketcher/"
FIRST_DESCRIPTION = "Turns a scene description into rough storyboard frames."
SECOND_NAME = "Storyboard Sketcher Pro"
SECOND_DESCRIPTION = "Turns a whole script into storyboards, camera moves included."
USE_DESCRIPTION = "Sketched storyboards for the de-ageing scenes."


@pytest.fixture
def editor(site, django_user_model):
    """An editor account, made the documented way."""
    call_command("create_editor", "edna", "edna@example.com", password=PASSWORD, interactive=False)
    return django_user_model.objects.get(username="edna")


def choose(page, field_name, text):
    """Pick `text` in a Django admin autocomplete (select2) field: click it, type, choose."""
    select = page.locator(f'select[name="{field_name}"]')
    select.locator("xpath=following-sibling::span[contains(@class, 'select2')][1]").click()
    page.keyboard.type(text)
    page.get_by_role("option", name=re.compile(re.escape(text), re.I)).first.click()
    expect(select.locator("option:checked", has_text=text).first).to_be_attached()


def admin_page(visit, label, heading=None):
    visit.check(heading, public=False)
    visit.axe(f"admin {label}", public=False)


def test_editor_adds_tool_and_use_then_restores_earlier_version(browse, width, editor):
    visit = browse(width)
    page = visit.open("/admin/")
    admin_page(visit, "login")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    admin_page(visit, "index")

    # Add the tool, its two tags and its use on The Irishman, in one form.
    page.get_by_role("link", name="AI tools", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/catalog/aitool/$"))
    admin_page(visit, "tool list")
    page.get_by_role("link", name=re.compile("Add AI tool", re.I)).click()
    page.wait_for_url(re.compile(r"/admin/catalog/aitool/add/$"))
    admin_page(visit, "add tool")
    page.get_by_label("Name:", exact=True).press_sequentially(TOOL)
    expect(page.get_by_label("Slug:", exact=True)).to_have_value("storyboard-sketcher")
    page.get_by_label("Technique:", exact=True).select_option(label="Generative video and images")
    page.get_by_label("What it does:", exact=True).fill(FIRST_DESCRIPTION)
    page.get_by_label("Tags:", exact=True).fill("storyboarding, generative AI")

    uses = page.get_by_role("heading", name=re.compile("AI uses", re.I))
    expect(uses.first).to_be_visible()
    if not page.locator('[name="uses-0-description"]').is_visible():
        page.get_by_role("button", name=re.compile("Add another AI use", re.I)).click()
    choose(page, "uses-0-production", "The Irishman")
    choose(page, "uses-0-stage", "Pre-production")
    page.locator('[name="uses-0-description"]').fill(USE_DESCRIPTION)
    choose(page, "uses-0-sources", "Article on Netflix")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(re.compile("was added successfully"))).to_be_visible()
    visit.assert_no_problems()

    # The public tool page shows the tool, its tags and its use; the production lists it.
    visit.open(TOOL_PATH)
    visit.check(TOOL)
    expect(visit.main().get_by_text(FIRST_DESCRIPTION)).to_be_visible()
    visit.assert_links(
        [
            ("storyboarding", "/tags/storyboarding/"),
            ("generative AI", "/tags/generative-ai/"),
            ("The Irishman", "/productions/the-irishman/"),
            ("Pre-production", "/stages/pre-production/"),
        ]
    )
    visit.assert_citations(["khanh-linh-article"])
    visit.follow("The Irishman", "/productions/the-irishman/")
    visit.check("The Irishman")
    visit.link(TOOL, TOOL_PATH)
    expect(visit.main().get_by_text(USE_DESCRIPTION)).to_be_visible()

    # A second version: a new name and description.
    visit.open("/admin/catalog/aitool/")
    page.get_by_role("link", name=TOOL, exact=True).click()
    page.wait_for_url(re.compile(r"/admin/catalog/aitool/\d+/change/$"))
    admin_page(visit, "change tool")
    page.get_by_label("Name:", exact=True).fill(SECOND_NAME)
    page.get_by_label("What it does:", exact=True).fill(SECOND_DESCRIPTION)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(re.compile("was changed successfully"))).to_be_visible()
    visit.open(TOOL_PATH)
    visit.check(SECOND_NAME)
    expect(visit.main().get_by_text(SECOND_DESCRIPTION)).to_be_visible()

    # Restore the first version from the history.
    visit.open("/admin/catalog/aitool/")
    page.get_by_role("link", name=SECOND_NAME, exact=True).click()
    page.get_by_role("link", name="History", exact=True).click()
    page.wait_for_url(re.compile(r"/history/$"))
    admin_page(visit, "tool history")
    first_version = page.get_by_role("row").filter(has_text="Created")
    expect(first_version).to_have_count(1)
    first_version.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/history/\d+/$"))
    admin_page(visit, "revert tool")
    expect(page.get_by_label("Name:", exact=True)).to_have_value(TOOL)
    page.get_by_role("button", name="Revert").first.click()
    expect(page.get_by_text(re.compile("was changed successfully"))).to_be_visible()
    visit.assert_no_problems()

    visit.open(TOOL_PATH)
    visit.check(TOOL)
    main = visit.main()
    expect(main.get_by_text(FIRST_DESCRIPTION)).to_be_visible()
    expect(main.get_by_text(SECOND_DESCRIPTION)).to_have_count(0)
    # Restoring the tool's fields keeps its use and its tags.
    visit.assert_links(
        [
            ("storyboarding", "/tags/storyboarding/"),
            ("The Irishman", "/productions/the-irishman/"),
        ]
    )
    visit.screenshot("journey-2-edit")
