"""HTTP caching: what a browser, a reverse proxy or a CDN may keep, and how it asks again.

An anonymous reader's public page, export or feed is the same bytes for everyone until the
next edit: a strong ETag, Last-Modified and `Cache-Control: public` let any cache keep it, and
a request that sends a validator back is answered 304 Not Modified from the catalog's version
alone, with nothing rendered. Anything one user's (signed in, the admin, a form's CSRF token,
a POST) is `private, no-store`.
"""

import datetime
import re
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.test import Client, RequestFactory
from django.utils import timezone
from django.utils.csp import LazyNonce
from django.utils.http import parse_http_date
from taggit.models import Tag

from catalog import registry
from catalog.cache import cached_page
from catalog.models import AITool, CatalogVersion
from tests.test_security_headers import csp_directives

pytestmark = pytest.mark.django_db

TOOL_URL = "/tools/facedirector/"
PUBLIC_PAGE = re.compile(r"^public, max-age=\d+, s-maxage=\d+, stale-while-revalidate=\d+$")


def public_urls():
    """A page of every kind, each export and feed, the sitemap and robots.txt."""
    urls = ["/", "/tags/", "/tags/deepfake/", "/search/?q=netflix", "/timeline/"]
    for record_type in registry.TYPES:
        record = record_type.model.objects.order_by("pk").first()
        if record is None:  # a type the seed has no record of
            continue
        urls += [record.get_absolute_url(), f"/{record_type.plural}/{record.slug}.json"]
        if record_type.has_list:
            urls += [f"/{record_type.plural}/", f"/{record_type.plural}.csv"]
            urls += [f"/{record_type.plural}.json?page=1"]
    urls += ["/tags/deepfake.json", "/tags/deepfake.csv", "/catalog.json"]
    urls += ["/feeds/latest.atom", "/tags/deepfake.atom", TOOL_URL[:-1] + ".atom"]
    urls += ["/studios/netflix.atom", "/sitemap.xml", "/sitemap-tools.xml", "/robots.txt"]
    return urls


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_public_response_is_the_same_bytes_with_the_same_strong_etag(client, seed):
    for url in public_urls():
        first, second = client.get(url), client.get(url)
        assert first.status_code == 200, url
        etag = first["ETag"]
        assert re.fullmatch(r'"[0-9a-f]{32}"', etag), f"{url}: {etag} is not a strong ETag"
        assert second["ETag"] == etag, url
        assert body(second) == body(first), f"{url} differs from one request to the next"
        assert PUBLIC_PAGE.match(first["Cache-Control"]), (url, first["Cache-Control"])
        assert parse_http_date(first["Last-Modified"]) <= time.time(), url
        # A shared cache keeps the headers too: none may carry a per-request value.
        assert first["Content-Security-Policy"] == second["Content-Security-Policy"], url
        assert "Set-Cookie" not in first.headers, url


def test_public_pages_carry_no_csp_nonce_and_the_policy_stays_strict(client, seed):
    for url in public_urls():
        response = client.get(url)
        assert b"nonce" not in body(response), f"{url} carries a nonce"
        policy = csp_directives(response)
        for directive in ("script-src", "style-src"):
            assert policy[directive] == ["'self'"], (url, policy)


def test_structured_data_is_a_data_block_browsers_never_run(client, seed):
    page = client.get(TOOL_URL).content.decode()
    # The CSP does not apply to a <script> whose type is not JavaScript: a data block is never
    # run, so JSON-LD needs no nonce and no hash (HTML: "prepare the script element").
    assert '<script type="application/ld+json">' in page
    assert len(re.findall(r"<script\b", page)) == page.count('<script type="application/ld+json">')


@pytest.mark.parametrize("url", ["/", TOOL_URL, "/tools/", "/tools.json", "/feeds/latest.atom"])
def test_a_conditional_request_is_answered_304_from_the_version_alone(
    client, seed, url, django_assert_num_queries
):
    first = client.get(url)
    for validator in (
        {"HTTP_IF_NONE_MATCH": first["ETag"]},
        {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]},
        {"HTTP_IF_NONE_MATCH": f'"other", W/{first["ETag"]}'},  # a proxy's weakened copy
    ):
        with django_assert_num_queries(1):  # the catalog's version, nothing rendered
            answer = client.get(url, **validator)
        assert answer.status_code == 304, validator
        assert answer.content == b""
        assert answer["ETag"] == first["ETag"]
        assert answer["Last-Modified"] == first["Last-Modified"]
        assert answer["Cache-Control"] == first["Cache-Control"]


def test_an_edit_changes_the_etag_and_the_old_one_gets_the_new_page(client, seed):
    first = client.get(TOOL_URL)
    tool = AITool.objects.get(slug="facedirector")
    tool.name = "FaceDirector Pro"
    tool.save()
    again = client.get(TOOL_URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "FaceDirector Pro" in again.content.decode()
    assert parse_http_date(again["Last-Modified"]) >= parse_http_date(first["Last-Modified"])
    exported = client.get("/tools/facedirector.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert exported.status_code == 200


def test_the_etag_names_the_host_the_query_and_the_day(client, seed, settings, monkeypatch):
    settings.ALLOWED_HOSTS = ["one.example", "two.example", "testserver"]
    one = client.get(TOOL_URL, HTTP_HOST="one.example")["ETag"]
    assert client.get(TOOL_URL, HTTP_HOST="two.example")["ETag"] != one
    assert client.get("/tools/")["ETag"] != client.get("/tools/?sort=name")["ETag"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    later = client.get(TOOL_URL, HTTP_HOST="one.example", HTTP_IF_NONE_MATCH=one)
    assert later.status_code == 200, "yesterday's page (its access date) was kept"
    assert later["ETag"] != one


TRACKING = {"utm_source": "newsletter", "fbclid": "IwAR0x", "ref": "<b>x</b>"}


@pytest.mark.parametrize(
    "url,query",
    [
        (TOOL_URL, {}),
        ("/tools/", {"sort": "uses"}),
        ("/productions/", {"stage": "post-production", "sort": "title"}),
        ("/tags/deepfake/", {"and": "netflix"}),
        ("/search/", {"q": "netflix"}),
        ("/tools/facedirector.json", {}),
        ("/tools.csv", {"sort": "name"}),
    ],
)
def test_a_parameter_the_page_does_not_read_changes_neither_its_bytes_nor_its_etag(
    client, seed, url, query
):
    # A link shared with tracking parameters is the page without them: one ETag for a CDN
    # to key on, and none of them echoed into the page's own links.
    plain = client.get(url, query)
    tracked = client.get(url, {**TRACKING, **query})
    assert tracked.status_code == plain.status_code == 200
    assert tracked["ETag"] == plain["ETag"]
    assert body(tracked) == body(plain)
    assert b"newsletter" not in body(tracked) and b"IwAR0x" not in body(tracked)


def test_the_parameters_a_page_reads_still_make_another_page(client, seed):
    by_name = client.get("/productions/?stage=post-production&sort=title")
    by_uses = client.get("/productions/?stage=post-production&sort=uses")
    assert by_name["ETag"] != by_uses["ETag"]
    tracked = client.get("/productions/?stage=post-production&utm_medium=x&sort=title")
    assert tracked["ETag"] == by_name["ETag"]
    assert tracked.content == by_name.content


def test_cache_lifetimes_come_from_the_settings(client, seed, settings):
    settings.HTTP_CACHE_MAX_AGE = 5
    settings.HTTP_CACHE_S_MAXAGE = 600
    settings.HTTP_CACHE_STALE_WHILE_REVALIDATE = 30
    expected = "public, max-age=5, s-maxage=600, stale-while-revalidate=30"
    assert client.get(TOOL_URL)["Cache-Control"] == expected
    assert client.get("/tools.csv")["Cache-Control"] == expected


def test_a_head_request_gets_the_same_validators(client, seed):
    page = client.get(TOOL_URL)
    head = client.head(TOOL_URL)
    assert head.status_code == 200
    assert head["ETag"] == page["ETag"]
    assert client.head(TOOL_URL, HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304


def assert_private(response):
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives, response["Cache-Control"]
    assert "public" not in directives
    assert "ETag" not in response.headers
    assert "Last-Modified" not in response.headers


def test_signed_in_pages_are_private_and_never_answered_304(admin_client_logged_in, seed):
    anonymous = Client().get(TOOL_URL)
    for url in (TOOL_URL, "/tools.json", "/feeds/latest.atom"):
        response = admin_client_logged_in.get(url, HTTP_IF_NONE_MATCH=anonymous["ETag"])
        assert response.status_code == 200, url
        assert_private(response)


def test_the_admin_its_login_form_and_posts_are_private(admin_client_logged_in, seed):
    anonymous = Client()
    login = anonymous.get("/admin/login/")
    assert "csrfmiddlewaretoken" in login.content.decode()
    assert_private(login)
    assert_private(anonymous.post("/search/", {"q": "netflix"}))
    assert_private(admin_client_logged_in.get("/admin/catalog/aitool/"))


def test_a_page_that_uses_the_nonce_is_neither_shared_nor_stored(seed):
    """Public templates use no nonce; if one ever did, no reader would be handed another's."""
    renders = []

    @cached_page
    def nonced(request):
        renders.append(1)
        return HttpResponse(f'<script nonce="{get_nonce(request)}"></script>')

    for _ in range(2):
        request = RequestFactory().get("/nonced/")
        request.user = AnonymousUser()
        request._csp_nonce = LazyNonce()
        response = nonced(request)
        assert_private(response)
    assert len(renders) == 2, "a page carrying a nonce came from the page cache"


def test_with_debug_on_nothing_is_kept(client, seed, settings):
    settings.DEBUG = True
    response = client.get(TOOL_URL)
    assert_private(response)


def test_an_empty_feed_is_the_same_bytes_each_time(client, seed):
    Tag.objects.create(name="nothing yet", slug="nothing-yet")
    first = client.get("/tags/nothing-yet.atom")
    assert first.status_code == 200
    assert "<entry>" not in first.content.decode()
    assert client.get("/tags/nothing-yet.atom").content == first.content


def test_last_modified_is_when_the_catalog_last_changed(client, seed):
    before = client.get("/tools.json")
    AITool.objects.get(slug="facedirector").save()
    after = client.get("/tools.json")
    changed = CatalogVersion.objects.get().changed
    assert parse_http_date(after["Last-Modified"]) >= int(changed.timestamp())
    assert parse_http_date(after["Last-Modified"]) >= parse_http_date(before["Last-Modified"])
    # An export's data are as of the catalog's last change: its "generated" says when.
    generated = re.search(rb'"generated": "([^"]+)"', body(after)).group(1).decode()
    # (to the millisecond, as Django's JSON encoder writes times)
    assert abs(datetime.datetime.fromisoformat(generated) - changed) < datetime.timedelta(
        milliseconds=1
    )
