"""Two editors, two browsers, one production: the second save is refused with the first editor's
values beside the second's, nothing of the first is overwritten, and after reloading the second
editor enters their change again and saves. At 375 px and 1280 px."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from catalog.models import Production

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-editor-password-for-tests"
ANA_SYNOPSIS = "Ana's synopsis: survivors of a deadly snowfall in Buenos Aires."
ANA_USE = "Ana's note: the building collapse was made with generative AI."
BEN_SYNOPSIS = "Ben's synopsis: an alien invasion told from one city block."


@pytest.fixture
def editors(site):
    for name in ("ana", "ben"):
        call_command("create_editor", name, f"{name}@example.com", password=PASSWORD, verbosity=0)


def open_production(visit, username):
    """Log in as `username` and open El Eternauta's change page from the productions list."""
    page = visit.open("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    visit.open("/admin/catalog/production/")
    page.get_by_role("link", name="El Eternauta", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/catalog/production/\d+/change/$"))
    return page


def test_second_editor_is_shown_the_conflict_and_saves_after_reloading(browse, width, editors):
    ana, ben = browse(width), browse(width)  # two browser contexts: two sessions
    page_a = open_production(ana, "ana")
    page_b = open_production(ben, "ben")
    change_path = page_b.url.removeprefix(ben.base_url)

    page_a.get_by_label("Synopsis:", exact=True).fill(ANA_SYNOPSIS)
    page_a.locator('[name="ai_uses-0-description"]').fill(ANA_USE)
    page_a.get_by_role("button", name="Save", exact=True).click()
    expect(page_a.get_by_text(re.compile("was changed successfully"))).to_be_visible()

    page_b.get_by_label("Synopsis:", exact=True).fill(BEN_SYNOPSIS)
    ben.expected_statuses[change_path] = 409
    page_b.get_by_role("button", name="Save", exact=True).click()

    heading = page_b.get_by_role("heading", level=1)
    expect(heading).to_have_text("Not saved: “El Eternauta” was changed while you were editing it")
    alert = page_b.get_by_role("alert")
    expect(alert).to_contain_text("ana saved changes to this production after you opened it")
    expect(alert).to_contain_text("Your changes were not saved, and theirs were not overwritten.")
    expect(page_b.locator("#edit-conflict-changes")).to_contain_text("ana changed the production")
    table = page_b.get_by_role("table")
    synopsis = table.get_by_role("row").filter(has=page_b.get_by_role("rowheader", name="Synopsis"))
    # Saved now, yours, and who changed it since Ben opened the page.
    expect(synopsis.get_by_role("cell")).to_have_text([ANA_SYNOPSIS, BEN_SYNOPSIS, "ana and you"])
    use_field = page_b.get_by_role("rowheader", name=re.compile(r"^AI use “.+”: Description$"))
    use = table.get_by_role("row").filter(has=use_field)
    expect(use.get_by_role("cell").first).to_have_text(ANA_USE)
    expect(use.get_by_role("cell").last).to_have_text("ana")
    ben.check(None, public=False)
    ben.axe("admin edit conflict", public=False)
    ben.screenshot("edit-conflict")

    production = Production.objects.get(slug="el-eternauta")
    assert production.synopsis == ANA_SYNOPSIS
    assert production.ai_uses.filter(description=ANA_USE).exists()

    # Reload: the page now holds Ana's values; Ben enters his synopsis again and saves.
    page_b.get_by_role("link", name="Reload “El Eternauta”").click()
    page_b.wait_for_url(re.compile(re.escape(change_path) + "$"))
    expect(page_b.get_by_label("Synopsis:", exact=True)).to_have_value(ANA_SYNOPSIS)
    page_b.get_by_label("Synopsis:", exact=True).fill(BEN_SYNOPSIS)
    page_b.get_by_role("button", name="Save", exact=True).click()
    expect(page_b.get_by_text(re.compile("was changed successfully"))).to_be_visible()
    ben.assert_no_problems()
    ana.assert_no_problems()

    production.refresh_from_db()
    assert production.synopsis == BEN_SYNOPSIS
    assert production.ai_uses.filter(description=ANA_USE).exists()  # Ana's row change stays
    assert [version.history_user.username for version in production.history.all()[:2]] == [
        "ben",
        "ana",
    ]
