"""Journey: a reader suggests a correction. From a production's page, the reader follows
"Suggest a correction" beside one of its AI uses, sends the form empty and reads the errors,
fills it in and gets the confirmation with a reference; the record's page is unchanged. At 375 px
and 1280 px, with axe-core on the form, its error state and the confirmation."""

import re

import pytest
from playwright.sync_api import expect

from catalog.models import Correction, Production

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WRONG = "The use was announced by the studio, not found by the press. Ñandú 東宝 Ελληνικά"
SHOULD_SAY = "Disclosed by Netflix in its results letter."


def test_reader_suggests_a_correction_to_a_claim(browse, width):
    production = Production.objects.get(slug="el-eternauta")
    use = production.ai_uses.order_by("pk").first()
    visit = browse(width)
    page = visit.open(production.get_absolute_url())
    before = visit.main().inner_text()

    claim_link = page.locator(f'#use-{use.pk} a.suggest-link[href$="?claim=ai_use-{use.pk}"]')
    expect(claim_link).to_be_visible()
    expect(claim_link).to_have_accessible_name(re.compile("Suggest a correction to this AI use"))
    claim_link.click()
    page.wait_for_url(re.compile(rf"/suggest/P{production.pk}/\?claim=ai_use-{use.pk}$"))
    visit.check("Suggest a correction")
    about = visit.section("What it is about")
    expect(about).to_contain_text("El Eternauta")
    expect(about).to_contain_text(use.description[:30])
    visit.screenshot("suggest-form")
    visit.axe("suggest form")

    # Sent empty: the errors, each leading to its field.
    page.get_by_role("button", name="Send the suggestion").click()
    page.wait_for_load_state("load")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Say what is wrong")
    wrong = page.get_by_label("What is wrong?")
    expect(wrong).to_have_attribute("aria-invalid", "true")
    page.get_by_label("A source that shows it (optional)").fill("not a web address")
    page.get_by_role("button", name="Send the suggestion").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("alert")).to_contain_text("Enter a web address")
    visit.check("Suggest a correction")
    visit.screenshot("suggest-form-errors")
    visit.axe("suggest form with errors")
    assert not Correction.objects.exists()

    # Filled in: the confirmation, with the reference the editors see.
    page.get_by_label("What is wrong?").fill(WRONG)
    page.get_by_label("What should it say? (optional)").fill(SHOULD_SAY)
    page.get_by_label("A source that shows it (optional)").fill("https://example.org/letter")
    page.get_by_label("Your email (optional)").fill("reader@example.org")
    page.get_by_role("button", name="Send the suggestion").click()
    page.wait_for_url(re.compile(r"/suggest/received/"))
    visit.check(re.compile("Thank you"))
    stored = Correction.objects.get()
    expect(page.locator(".reference")).to_have_text(f"#{stored.reference}")
    assert stored.wrong == WRONG and stored.claim_id == use.pk
    visit.screenshot("suggest-received")
    visit.axe("suggest confirmation")

    # Back on the record: nothing changed.
    page.get_by_role("link", name=re.compile("Back to El Eternauta")).click()
    page.wait_for_load_state("load")
    assert visit.main().inner_text() == before
    visit.assert_no_problems()


def test_the_record_link_leads_to_the_form_about_the_whole_record(browse, width):
    visit = browse(width)
    page = visit.open("/studios/netflix/")
    page.get_by_role("link", name="Suggest a correction to this studio", exact=True).click()
    page.wait_for_url(re.compile(r"/suggest/S\d+/$"))
    visit.check("Suggest a correction")
    expect(visit.section("What it is about")).to_contain_text("Netflix")
    visit.axe("suggest form for a record")
