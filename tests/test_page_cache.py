"""Public pages come from the page cache on a repeat visit, and never once the catalog changed.

An anonymous reader's second visit to a page is answered from the cache with one query (the
catalog's version); any save, delete or tag change moves the version, so the next visit
renders the page again from the database. Every test runs with the embedded caches (the page
cache in memory, aggregates in the database) and again with both in Redis (CACHE_URL).
"""

import datetime
import secrets
import time
import zlib

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.cache import MAX_CACHED_PAGE_BYTES, _kept_as_it_streams, bump, version
from catalog.models import AITool, CatalogVersion, Production, Stage
from tests.redis_server import use_redis

TOOL_URL = "/tools/facedirector/"
PAGES = [
    "/",
    "/tools/",
    TOOL_URL,
    "/tags/",
    "/tags/deepfake/",
    "/search/?q=netflix",
    "/timeline/",
    # A record's JSON and the feeds, kept too.
    "/tools/facedirector.json",
    "/feeds/latest.atom",
    "/tools/facedirector.atom",
]


@pytest.fixture(autouse=True, params=["embedded", "redis"])
def page_caches(request, settings):
    if request.param == "redis":
        use_redis(settings)
    return request.param


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_a_repeat_visit_is_the_same_page_from_one_query(
    client, seed, url, django_assert_num_queries
):
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.status_code == 200
    assert again["Content-Type"] == first["Content-Type"]
    assert again.content == first.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", [TOOL_URL, "/tools/?sort=uses", "/tags/deepfake/"])
def test_a_tracking_parameter_is_served_the_page_already_kept(
    client, seed, url, django_assert_num_queries
):
    first = client.get(url)
    tracking = "utm_source=newsletter&fbclid=IwAR0x"
    with django_assert_num_queries(1):
        tracked = client.get(f"{url}&{tracking}" if "?" in url else f"{url}?{tracking}")
    assert tracked.status_code == 200
    assert tracked.content == first.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/catalog.json", "/tools.csv", "/tags/deepfake.json"])
def test_an_export_that_fits_is_kept_and_served_whole_from_one_query(
    client, seed, url, django_assert_num_queries
):
    first = client.get(url)
    assert first.streaming
    content = b"".join(first.streaming_content)
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.content == content
    assert again["Content-Type"] == first["Content-Type"]
    assert again.get("Content-Disposition") == first.get("Content-Disposition")


@pytest.mark.django_db
def test_an_export_over_the_limit_compressed_is_streamed_every_time(client, seed, monkeypatch):
    monkeypatch.setattr("catalog.cache.MAX_CACHED_PAGE_BYTES", 2_000)
    first = b"".join(client.get("/catalog.json").streaming_content)
    assert len(zlib.compress(first, 1)) > 2_000
    again = client.get("/catalog.json")
    assert again.streaming
    assert b"".join(again.streaming_content) == first


def test_an_export_cut_short_is_not_kept():
    # A download the reader stops after the first chunk leaves nothing half-written behind;
    # the same stream read to its end is kept whole.
    def export(key):
        response = StreamingHttpResponse(iter([b"[1,\n", b"2,\n", b"3]\n"]))
        return _kept_as_it_streams(key, response, response.streaming_content)

    cut = export("cut-short")
    next(cut)
    cut.close()
    assert caches["pages"].get("cut-short") is None
    assert b"".join(export("whole")) == b"[1,\n2,\n3]\n"
    content, _type, compressed, _disposition = caches["pages"].get("whole")
    assert compressed and zlib.decompress(content) == b"[1,\n2,\n3]\n"


@pytest.mark.django_db
def test_a_page_larger_than_the_limit_is_kept_compressed(client, seed, django_assert_num_queries):
    # The limit is on the page as kept, compressed; a page's text and markup repeat a lot.
    tool = AITool.objects.get(slug="facedirector")
    tool.description = "What the tool does, told at length. " * 12_000
    tool.save()
    first = client.get(TOOL_URL)
    assert len(first.content) > MAX_CACHED_PAGE_BYTES
    with django_assert_num_queries(1):
        again = client.get(TOOL_URL)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


@pytest.mark.django_db
def test_a_page_over_the_limit_even_compressed_is_rendered_every_time(client, seed):
    tool = AITool.objects.get(slug="facedirector")
    tool.description = secrets.token_hex(400_000)  # 800 KB that compresses to about half
    tool.save()
    first = client.get(TOOL_URL)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(TOOL_URL)
    assert len(queries) > 1, "the page came from the page cache"
    assert again.content == first.content


@pytest.mark.django_db
def test_an_edited_record_shows_on_the_next_visit(client, seed):
    assert "FaceDirector" in client.get(TOOL_URL).content.decode()
    tool = AITool.objects.get(slug="facedirector")
    tool.name = "FaceDirector Pro"
    tool.save()
    assert "FaceDirector Pro" in client.get(TOOL_URL).content.decode()
    assert "FaceDirector Pro" in client.get("/tools/").content.decode()
    assert client.get("/tools/facedirector.json").json()["name"] == "FaceDirector Pro"


@pytest.mark.django_db
def test_a_new_tag_shows_on_the_record_and_tag_pages(client, seed):
    client.get(TOOL_URL)
    client.get("/tags/")
    AITool.objects.get(slug="facedirector").tags.add("performance capture")
    assert "performance capture" in client.get(TOOL_URL).content.decode()
    assert "performance capture" in client.get("/tags/").content.decode()
    assert "FaceDirector" in client.get("/tags/performance-capture/").content.decode()


@pytest.mark.django_db
def test_a_deleted_record_leaves_the_lists(client, seed):
    production = Production.objects.create(title="A Short Film Nobody Saw", slug="short-film")
    assert "A Short Film Nobody Saw" in client.get("/productions/").content.decode()
    production.delete()
    assert "A Short Film Nobody Saw" not in client.get("/productions/").content.decode()
    # Its page says it was removed (catalog/addresses.py), not a page from before.
    assert client.get("/productions/short-film/").status_code == 410


@pytest.mark.django_db
def test_a_stage_renamed_shows_on_the_stage_page(client, seed):
    client.get("/stages/post-production/")
    stage = Stage.objects.get(slug="post-production")
    stage.name = "Finishing"
    stage.save()
    assert "Finishing" in client.get("/stages/post-production/").content.decode()


@pytest.mark.django_db
def test_signed_in_editors_get_a_fresh_page(admin_client_logged_in, seed):
    admin_client_logged_in.get(TOOL_URL)
    with CaptureQueriesContext(connection) as queries:
        response = admin_client_logged_in.get(TOOL_URL)
    assert response.status_code == 200
    assert len(queries) > 1, "a signed-in visit was answered from the page cache"


@pytest.mark.django_db
def test_the_cite_box_gives_the_day_of_the_visit(client, seed, monkeypatch):
    today = timezone.localdate()
    assert today.isoformat() in client.get(TOOL_URL).content.decode()
    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert tomorrow.isoformat() in client.get(TOOL_URL).content.decode()


@pytest.mark.django_db
def test_each_host_gets_its_own_absolute_links(client, seed, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    assert (
        "http://one.example/tools/facedirector/"
        in client.get(TOOL_URL, HTTP_HOST="one.example").content.decode()
    )
    page = client.get(TOOL_URL, HTTP_HOST="two.example").content.decode()
    assert "http://two.example/tools/facedirector/" in page
    assert "one.example" not in page


# Serialized rollback: the flush afterwards then leaves the database empty, not holding content
# types recreated under new ids, which the next serialized-rollback test (tests/test_backup.py)
# could not load the migrated rows over, whichever order they run in.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_flushed_database_shows_no_page_from_before(client):
    AITool.objects.create(name="Flushed Away", slug="flushed-away")
    assert "Flushed Away" in client.get("/tools/").content.decode()
    call_command("flush", interactive=False, verbosity=0)
    assert "Flushed Away" not in client.get("/tools/").content.decode()


@pytest.mark.django_db
def test_a_bump_moves_the_version_to_the_clock_when_that_is_ahead():
    """What keeps a number from coming back after a rolled-back bump or a flush: the clock's
    microseconds, past 2**31, kept whole whichever way the database binds parameters."""
    version()  # the row exists, and a bump in this transaction moves it again
    CatalogVersion.objects.update(n=7)
    before = time.time_ns() // 1000
    bump()
    assert before <= version() <= time.time_ns() // 1000


@pytest.mark.django_db
def test_with_debug_on_every_visit_is_rendered_afresh(client, seed, settings):
    settings.DEBUG = True
    client.get(TOOL_URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(TOOL_URL).status_code == 200
    assert len(queries) > 1, "with DEBUG on, a page came from the page cache"
