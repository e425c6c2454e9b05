"""An editor adds a studio that is already in the catalog: the admin holds the save and links to
the likely duplicate; saved anyway, the two are then merged from the studios list, after a
confirmation page showing what moves, and the duplicate's address leads to the kept studio.
At 375 px and 1280 px."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from catalog.models import AIUse, Studio

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-admin-password-for-tests"


@pytest.fixture
def admin_user(site):
    return get_user_model().objects.create_superuser("chief", "chief@example.com", PASSWORD)


def test_a_duplicate_studio_is_flagged_then_merged(browse, width, admin_user):
    netflix = Studio.objects.get(slug="netflix")
    uses = AIUse.objects.filter(studio=netflix).count()
    visit = browse(width)
    page = visit.open("/admin/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    # Adding "NETFLIX" is held: it is spelt like Netflix, which the error links to.
    visit.open("/admin/catalog/studio/add/")
    page.get_by_label("Name:").fill("NETFLIX")
    page.get_by_label("Slug:").fill("netflix-duplicate")
    page.get_by_role("button", name="Save", exact=True).click()
    error = page.locator(".errorlist").filter(has_text="Likely a duplicate")
    expect(error).to_be_visible()
    expect(error.get_by_role("link", name="Netflix", exact=True)).to_have_attribute(
        "href", f"/admin/catalog/studio/{netflix.pk}/change/"
    )
    assert not Studio.objects.filter(name="NETFLIX").exists()
    page.get_by_label("This is not a duplicate; save anyway").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(re.compile("was added successfully"))).to_be_visible()
    duplicate = Studio.objects.get(name="NETFLIX")

    # The list: select both, run "Merge selected records…".
    visit.open("/admin/catalog/studio/?q=netflix")
    for record in (netflix, duplicate):
        page.locator(f'input[name="_selected_action"][value="{record.pk}"]').check()
    page.locator('select[name="action"]').select_option("merge_records")
    page.get_by_role("button", name="Run", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/catalog/studio/merge/\?"))
    visit.check("Merge “NETFLIX” into “Netflix”", public=False)
    history = page.locator("#merge-links").get_by_role("row", name=re.compile("Its own history"))
    expect(history.get_by_role("cell").first).to_have_text("1")
    expect(page.locator("#merge-duplicate")).to_contain_text(f"S{duplicate.pk}")
    visit.axe("admin record merge", public=False)
    visit.screenshot("record-merge")
    assert Studio.objects.filter(pk=duplicate.pk).exists()  # nothing yet

    page.get_by_role("button", name="Yes, merge them").click()
    page.wait_for_url(re.compile(rf"/admin/catalog/studio/{netflix.pk}/change/$"))
    expect(page.get_by_text(re.compile("Merged “NETFLIX” into “Netflix”"))).to_be_visible()
    visit.assert_no_problems()
    assert not Studio.objects.filter(pk=duplicate.pk).exists()
    assert AIUse.objects.filter(studio=netflix).count() == uses

    # The duplicate's page now leads to the kept studio.
    visit.expected_statuses[f"/studios/{duplicate.slug}/"] = 301
    page.goto(f"/studios/{duplicate.slug}/")
    expect(page).to_have_url(re.compile(r"/studios/netflix/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Netflix")
