"""Real-browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Every test here gets a live server on 127.0.0.1 with the seed data loaded, and a `browse`
helper that opens pages at a given width, collects console errors and failed requests, checks
what a reader would notice (a heading, the stylesheet applied, no sideways scrolling, the
navigation in reach) and runs axe-core. One Chromium serves the whole session.

Without Chromium the tests skip with one line saying how to install it; with
REQUIRE_BROWSER_TESTS=1 (set by .ci/run) a missing Chromium fails them instead.
"""

import asyncio
import inspect
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

from tests.factories import load_seed

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a
# thread with a running loop unless told this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Loopback only.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_LINE = inspect.currentframe().f_lineno - 1
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_CHROMIUM = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"

WIDTHS = [375, 1280]
OUTPUT = settings.BASE_DIR / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
AXE_REPORTS = OUTPUT / "axe"
BLOCKING_IMPACTS = {"serious", "critical"}

ADMIN_AXE_FINDINGS = pytest.StashKey[list]()
ADMIN_CSP_FINDINGS = pytest.StashKey[set]()


def pytest_configure(config):
    config.stash[ADMIN_AXE_FINDINGS] = []
    config.stash[ADMIN_CSP_FINDINGS] = set()


@pytest.fixture(scope="session", autouse=True)
def chromium_installed():
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER_TESTS", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"{MISSING_CHROMIUM} (REQUIRE_BROWSER_TESTS is set)", pytrace=False)
        pytest.skip(MISSING_CHROMIUM)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Report every skip for a missing Chromium at one place, so `-ra` folds them into one line."""
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple):
        _path, _line, reason = report.longrepr
        if MISSING_CHROMIUM in reason:
            report.longrepr = (__file__, CHROMIUM_LINE, reason)
    return report


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium; Playwright's own browser download is never used."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session", autouse=True)
def one_set_of_db_connections(django_db_setup, django_db_blocker, browser):
    """Keep Django on the test database's own connections once the browser is running.

    Between calls, Playwright's sync API marks its event loop as running in this thread.
    Django then looks database connections up per async context instead of per thread, and
    would open new ones there: connections without the serialized copy of the migrated
    database that `serialized_rollback` restores after each flush (the stages and the Editors
    group would be lost after the first test). The test database is set up first (this
    fixture's first argument), then the browser starts, then the async lookup is pointed at
    the thread's connections.
    """
    from django.db import connections

    handler_local = connections._connections
    thread_storage = object.__getattribute__(handler_local, "_storage")
    with django_db_blocker.unblock():
        for alias in connections:
            connection = getattr(thread_storage, alias, None)
            if connection is not None:
                setattr(handler_local, alias, connection)  # lands in the async storage


# Playwright's sync API marks its event loop as running in this thread between calls (and
# needs that mark to go on). Outside these tests the mark is lifted, so that whatever else
# runs in the session (the database teardown, another module's own Playwright) finds a plain
# synchronous thread; it is put back before Playwright is used again.
_playwright_loop = []


def _mark_playwright_loop_running():
    if _playwright_loop and asyncio._get_running_loop() is None:
        asyncio._set_running_loop(_playwright_loop.pop())


@pytest.fixture(scope="session")
def browser(browser):
    yield browser
    _mark_playwright_loop_running()  # for closing the browser and Playwright


@pytest.fixture(autouse=True)
def playwright_loop_marked_only_during_the_test(browser):
    _mark_playwright_loop_running()
    yield
    loop = asyncio._get_running_loop()
    if loop is not None:
        _playwright_loop[:] = [loop]
        asyncio._set_running_loop(None)


@pytest.fixture(scope="module", autouse=True)
def migrated_rows_put_back(django_db_setup, django_db_blocker):
    """Leave the database as the migrations made it for whatever runs after these tests.

    A transactional test ends with a flush; serialized rollback restores the migrated rows
    (content types, permissions, stages, the Editors group) when the next such test starts,
    not after the last one. Tests that run later would find an empty database.
    """
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Serve static files by their plain names, so the live server finds the stylesheet
    without a collectstatic manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def site(live_server):
    """The live server's address, with the seed data loaded.

    Tests here are transactional with serialized rollback: each starts from the migrated
    database (the stages and the Editors group the migrations create), then the seed on top.
    """
    load_seed()
    return live_server.url


class Tabs:
    """Browser tabs handed from test to test, each emptied of what a test leaves in it.

    Each tab is a browser context of its own (its own cookies: two tabs open at once are two
    sessions) with one page. A new context costs Chromium a new renderer process, which then
    compiles axe-core and the pages' code from nothing: ~1.1 s of CPU per tab, measured, more
    than the page and its axe run. So a tab a test is done with is kept: it leaves the test's
    page for /healthz (the same site, so the same process), and loses its cookies, its
    permissions, the site's storage and the HTTP cache. The next test gets it in the state of
    a new one, as the site sees it: no cookie, nothing stored, nothing cached.
    """

    def __init__(self, browser):
        self.browser = browser
        self.free = {}  # by the live server's address

    def take(self, base_url, width):
        free = self.free.setdefault(base_url, [])
        if free:
            context, page, cdp = free.pop()
        else:
            context = self.browser.new_context(base_url=base_url)
            context.set_default_timeout(10_000)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
        page.set_viewport_size({"width": width, "height": 900})
        return context, page, cdp

    def give_back(self, base_url, tab):
        context, page, cdp = tab
        try:
            for other in context.pages:
                if other != page:
                    other.close()  # a window the test opened
            page.goto("/healthz")
            page.evaluate("() => sessionStorage.clear()")
            context.clear_cookies()
            context.clear_permissions()
            cdp.send("Network.clearBrowserCache")
            cdp.send("Storage.clearDataForOrigin", {"origin": base_url, "storageTypes": "all"})
        except Exception:
            context.close()  # a tab in a state it could not be brought back from
            return
        self.free[base_url].append(tab)

    def close(self):
        for tabs in self.free.values():
            for context, _page, _cdp in tabs:
                context.close()
        self.free.clear()


@pytest.fixture(scope="session")
def tabs(browser):
    tabs = Tabs(browser)
    yield tabs
    _mark_playwright_loop_running()
    tabs.close()


class Visit:
    """One browser tab at one width, noting everything that goes wrong while it is open."""

    def __init__(self, tabs, base_url, width, config):
        self.width = width
        self.base_url = base_url
        self.config = config
        self.tabs = tabs
        self.tab = tabs.take(base_url, width)
        self.context, self.page, _cdp = self.tab
        self.problems = []
        self.expected_statuses = {}
        self.listeners = {
            "console": self._on_console,
            "pageerror": lambda error: self.problems.append(f"script error: {error}"),
            "requestfailed": self._on_request_failed,
            "response": self._on_response,
        }
        for event, listener in self.listeners.items():
            self.page.on(event, listener)

    def _on_console(self, message):
        if message.type != "error":
            return
        text = message.text
        if "Failed to load resource" in text:
            resource = message.location.get("url", "")
            # Chromium asks for /favicon.ico on its own, whatever the page says; the page's
            # own requests are checked in _on_response, expected statuses (a 404 page) included.
            if resource.endswith("/favicon.ico") or self.expected_statuses:
                return
            text = f"{text}: {resource}"
        if "Applying inline style violates" in text and "/admin/" in self.page.url:
            # django-simple-history's history list carries a style="..." attribute, which the
            # site's CSP blocks (only a border is lost). Reported at the end, not asserted.
            self.config.stash[ADMIN_CSP_FINDINGS].add(self.page.url.split("/admin/", 1)[1])
            return
        self.problems.append(f"console error on {self.page.url}: {text}")

    def _on_request_failed(self, request):
        if request.failure == "net::ERR_ABORTED":
            # Cancelled by the page itself (an autocomplete dropping a stale lookup when the
            # next key is typed) or by leaving the page: nothing failed.
            return
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _on_response(self, response):
        path = response.url.removeprefix(self.base_url)
        if response.status >= 400 and self.expected_statuses.get(path) != response.status:
            self.problems.append(f"HTTP {response.status} for {response.url}")

    # Navigation --------------------------------------------------------------------------

    def open(self, path, status=200):
        """Go to a path and check the response status."""
        if status != 200:
            self.expected_statuses[path] = status
        response = self.page.goto(path)
        assert response is not None, path
        assert response.status == status, f"{path} answered {response.status}, not {status}"
        return self.page

    def main(self):
        return self.page.get_by_role("main")

    def link(self, name, href, scope=None):
        """A link with this accessible name (substring, case-insensitive) to this path."""
        scope = scope or self.main()
        pattern = re.compile(re.escape(name), re.I)
        candidates = scope.get_by_role("link", name=pattern)
        for index in range(candidates.count()):
            candidate = candidates.nth(index)
            if _path(candidate.get_attribute("href"), self.page.url) == href:
                return candidate
        found = [
            (candidates.nth(i).inner_text(), candidates.nth(i).get_attribute("href"))
            for i in range(candidates.count())
        ]
        raise AssertionError(
            f"no link named {name!r} to {href} on {self.page.url}; links with that name: {found}"
        )

    def follow(self, name, href, scope=None):
        """Click the link named `name` to `href`, as a reader would, and wait for the page."""
        link = self.link(name, href, scope)
        link.scroll_into_view_if_needed()
        link.click()
        self.page.wait_for_url(re.compile(re.escape(href) + r"(\?.*)?(#.*)?$"))
        return self.page

    def assert_links(self, links, scope=None):
        """Each (name, path) pair is a link on the page."""
        for name, href in links:
            self.link(name, href, scope)

    def section(self, name):
        """A section of the page, found by its heading (a region named by aria-labelledby)."""
        pattern = name if isinstance(name, re.Pattern) else re.compile(f"^{re.escape(name)}")
        region = self.main().get_by_role("region", name=pattern)
        expect(region.first).to_be_visible()
        return region.first

    def assert_citations(self, source_slugs):
        """Claims carry numbered citations ([1], [2]...) that lead to a listed source, and the
        page's list of sources links each source's page."""
        markers = self.main().get_by_role("link", name=re.compile(r"^Source \d+$"))
        assert markers.count(), f"{self.page.url} has no numbered citation"
        for index in range(markers.count()):
            target = markers.nth(index).get_attribute("href")
            assert target.startswith("#"), f"citation {target} on {self.page.url} is not in-page"
            expect(self.page.locator(target).get_by_role("link")).to_have_attribute(
                "href", re.compile(r"/sources/[\w-]+/$")
            )
        sources = self.section("Sources")
        for slug in source_slugs:
            assert sources.locator(f'a[href$="/sources/{slug}/"]').count(), (
                f"{self.page.url} does not list the source /sources/{slug}/"
            )

    # What a reader notices ---------------------------------------------------------------

    def check(self, heading, public=True):
        """The page has its heading, is styled, and nothing went wrong loading it; public pages
        also fit the width and keep the navigation in reach."""
        self.page.wait_for_load_state("load")
        h1 = self.page.get_by_role("heading", level=1)
        if public or heading is not None:
            expect(h1.first).to_be_visible()
        if heading is not None:
            pattern = heading if isinstance(heading, re.Pattern) else re.compile(re.escape(heading))
            expect(h1.first).to_have_text(pattern)
        self.assert_styled()
        if public:
            self.assert_fits_width()
            self.assert_navigation_reachable()
        self.assert_no_problems()

    def assert_styled(self):
        """The site's stylesheet loaded and changes how the page looks: computed styles of the
        page's main elements differ with the stylesheets switched off."""
        result = self.page.evaluate(STYLE_PROBE)
        assert result["sheets"] > 0, f"{self.page.url} has no stylesheet"
        assert result["rules"] > 0, f"{self.page.url}: the stylesheet has no rules (not loaded?)"
        assert result["changed"], f"{self.page.url} looks the same without its stylesheet"

    def assert_fits_width(self):
        sizes = self.page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        scroll_width, inner_width = sizes
        assert scroll_width <= inner_width, (
            f"{self.page.url} scrolls sideways at {self.width}px: "
            f"content is {scroll_width}px wide in a {inner_width}px window"
        )

    def assert_navigation_reachable(self):
        """The site navigation is on screen, inside the window, and the keyboard reaches it."""
        nav = self.page.get_by_role("navigation").first
        expect(nav).to_be_visible()
        # Every link's visibility and box in one round trip to the browser.
        visible = [link for link in nav.evaluate(NAV_LINKS) if link["visible"]]
        assert visible, f"{self.page.url}: no visible link in the navigation at {self.width}px"
        for link in visible:
            assert link["x"] >= 0 and link["x"] + link["width"] <= self.width + 0.5, (
                f"{self.page.url}: navigation link {link['text']!r} is outside the "
                f"{self.width}px window (x {link['x']}, width {link['width']})"
            )
        self.page.evaluate("() => document.activeElement && document.activeElement.blur()")
        for _ in range(8):
            self.page.keyboard.press("Tab")
            if self.page.evaluate("() => !!document.activeElement.closest('nav')"):
                break
        else:
            raise AssertionError(f"{self.page.url}: 8 presses of Tab never reach the navigation")

    def assert_no_problems(self):
        problems, self.problems = self.problems, []
        assert not problems, "\n".join(problems)

    # Evidence ----------------------------------------------------------------------------

    def screenshot(self, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}-{self.width}px.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    def axe(self, label, public=True):
        """Run axe-core on the page. Public pages: no serious or critical violations.
        Admin pages: the findings are written to test-output/axe/ and summarised at the end."""
        results = Axe().run(self.page)
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
        AXE_REPORTS.mkdir(parents=True, exist_ok=True)
        report = AXE_REPORTS / f"{_slug(label)}-{self.width}px.txt"
        report.write_text(f"{self.page.url}\n{results.generate_report()}\n")
        summary = [
            f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']}" for v in blocking
        ]
        if public:
            assert not summary, (
                f"axe: serious or critical violations on {self.page.url} at {self.width}px "
                f"(full report in {report.relative_to(settings.BASE_DIR)}):\n" + "\n".join(summary)
            )
        else:
            self.config.stash[ADMIN_AXE_FINDINGS].append((label, self.width, summary, report))
        return results

    def close(self):
        if self.tab is None:
            return  # already handed back
        for event, listener in self.listeners.items():
            self.page.remove_listener(event, listener)
        self.tabs.give_back(self.base_url, self.tab)
        self.tab = None


@pytest.fixture
def browse(tabs, site, pytestconfig):
    """Open a tab at a width: `visit = browse(375)`. Tabs are handed back at the end of the
    test, emptied for the next one (`Tabs`)."""
    visits = []

    def open_tab(width):
        visit = Visit(tabs, site, width, pytestconfig)
        visits.append(visit)
        return visit

    yield open_tab
    for visit in visits:
        visit.close()


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def width(request):
    return request.param


def pytest_terminal_summary(terminalreporter, config):
    blocked = config.stash.get(ADMIN_CSP_FINDINGS, set())
    if blocked:
        pages = ", ".join(sorted("/admin/" + page for page in blocked))
        terminalreporter.write_line(
            "CSP blocked an inline style attribute on admin pages (reported, not asserted): "
            + pages
        )
    findings = config.stash.get(ADMIN_AXE_FINDINGS, [])
    if not findings:
        return
    blocking = [f for f in findings if f[2]]
    terminalreporter.write_line(
        f"axe on admin pages: {len(findings)} pages checked, {len(blocking)} with serious or "
        f"critical violations (reported, not asserted; details in test-output/axe/)"
    )
    for label, width, summary, _report in blocking:
        for line in summary:
            terminalreporter.write_line(f"  {label} at {width}px: {line}")


# The navigation's links (a link's role: <a href>, or role="link") with what Playwright calls
# visible (a box of some size, and not visibility: hidden) and where their boxes sit.
NAV_LINKS = """nav => [...nav.querySelectorAll('a[href], [role=link]')]
  .filter(link => !link.closest('[aria-hidden=true]'))
  .map(link => {
    const box = link.getBoundingClientRect();
    const visible = box.width > 0 && box.height > 0
      && link.checkVisibility({visibilityProperty: true});
    return {text: link.innerText, visible: visible, x: box.x, width: box.width};
  })"""

STYLE_PROBE = """() => {
  const elements = [document.documentElement, document.body,
    document.querySelector('main'), document.querySelector('h1'),
    document.querySelector('nav'), document.querySelector('a')].filter(Boolean);
  const properties = ['font-family', 'font-size', 'font-weight', 'color', 'background-color',
    'margin-left', 'margin-top', 'padding-left', 'padding-top', 'max-width', 'line-height',
    'display', 'text-decoration-line'];
  const snapshot = () => elements.map(element => {
    const style = getComputedStyle(element);
    return properties.map(property => style.getPropertyValue(property)).join('|');
  }).join('||');
  const sheets = [...document.styleSheets];
  let rules = 0;
  for (const sheet of sheets) {
    try { rules += sheet.cssRules.length; } catch (error) { /* another origin */ }
  }
  const styled = snapshot();
  sheets.forEach(sheet => { sheet.disabled = true; });
  const unstyled = snapshot();
  sheets.forEach(sheet => { sheet.disabled = false; });
  return {sheets: sheets.length, rules: rules, changed: styled !== unstyled};
}"""


def _path(href, page_url):
    """A link's path, without scheme and host, as the page resolves it."""
    from urllib.parse import urljoin, urlsplit

    parts = urlsplit(urljoin(page_url, href or ""))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
