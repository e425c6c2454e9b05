"""/data/ and a release's page in a real browser, at 375 px and 1280 px: reached from the footer,
the latest release's files with their checksums and how to cite it, a file downloaded as
written, and no serious or critical axe violation."""

import hashlib

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def release(site, settings, tmp_path):
    settings.RELEASES_DIR = tmp_path / "releases"
    call_command("release_dataset", site_url="https://inframe.example.org", verbosity=0)
    return next(settings.RELEASES_DIR.glob("2*"))


def test_the_data_page_lists_the_release_and_serves_its_files(browse, width, release):
    visit = browse(width)
    visit.open("/")
    visit.follow("Data", "/data/", scope=visit.page.locator("footer"))
    visit.check("Data")
    main = visit.main()
    expect(main).to_contain_text(f"Latest release: {release.name}")
    expect(main).to_contain_text("How to cite it")
    expect(main.locator(".cite-text")).to_contain_text(
        f"https://inframe.example.org/data/releases/{release.name}/"
    )
    digest = hashlib.sha256((release / "productions.csv").read_bytes()).hexdigest()
    expect(main).to_contain_text(digest)
    for api in ("/api/v1/", "/api/v1/docs"):  # another part of the site: linked by path
        expect(main.locator(f'a[href="{api}"]')).to_have_count(1)
    visit.screenshot("data")
    visit.axe("data page")

    href = f"/data/releases/{release.name}/productions.csv"
    downloaded = visit.page.request.get(href)
    assert downloaded.ok
    assert hashlib.sha256(downloaded.body()).hexdigest() == digest

    visit.follow(release.name, f"/data/releases/{release.name}/")
    visit.check(f"Release {release.name}")
    expect(visit.main()).to_contain_text("The first release")
    visit.screenshot("release")
    visit.axe("release page")
