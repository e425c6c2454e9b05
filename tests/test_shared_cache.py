"""CACHE_URL: the page cache and the aggregates in one Redis server that every process shares,
and pages still served, from the database, when that server is down.

Needs a Redis server (tests/redis_server.py: TEST_CACHE_URL); CI starts one and sets
REQUIRE_REDIS=1 so these tests cannot skip there. tests/test_page_cache.py runs the page cache's
own tests against Redis too, and tests/test_rehearsal.py shares one between two servers.
"""

import logging
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import caches

from catalog import cache
from catalog.models import AITool
from tests.redis_server import TEST_CACHE_URL, require_redis_server, use_redis

pytestmark = pytest.mark.django_db

TOOL_URL = "/tools/facedirector/"


@pytest.fixture(autouse=True)
def _no_cache_marked_down():
    cache._down_until.clear()
    yield
    cache._down_until.clear()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(port, folder):
    """A redis-server on `port` of 127.0.0.1, once it answers: (process, client)."""
    server = subprocess.Popen(
        [require_redis_server(), "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, socket_connect_timeout=0.5)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    return server, client


def stop(server):
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own on a free port of 127.0.0.1, stopped afterwards."""
    port = free_port()
    server, _ = start_redis(port, tmp_path)
    yield server, f"redis://127.0.0.1:{port}/0"
    stop(server)


def test_pages_and_aggregates_are_kept_in_redis(client, seed, settings):
    use_redis(settings)
    first = client.get("/tags/")
    assert first.status_code == 200
    keys = {key.decode().split(":")[0] for key in redis.Redis.from_url(TEST_CACHE_URL).keys()}
    assert keys == {"pages", "aggregates"}
    # Another process (here: a fresh cache handler, as a worker of another server has) finds
    # the page the first rendered.
    caches.close_all()
    assert client.get("/tags/").content == first.content


def test_a_redis_that_does_not_answer_costs_one_try_then_pages_come_from_the_database(
    client, seed, settings, caplog
):
    use_redis(settings)  # the same configuration, then pointed where nothing listens
    settings.CACHES = {
        alias: {**config, "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}
        for alias, config in settings.CACHES.items()
    }
    with caplog.at_level(logging.WARNING, logger="catalog.cache"):
        started = time.monotonic()
        assert client.get(TOOL_URL).status_code == 200
        assert client.get("/tags/").status_code == 200
        assert time.monotonic() - started < 5
    warnings = [record.getMessage() for record in caplog.records]
    # One warning per cache, then each is left alone for RETRY_AFTER seconds.
    assert len(warnings) == 2, warnings
    assert all("does not answer" in text and "from the database" in text for text in warnings)
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.content.decode().startswith('ok, but cache "default", cache "pages" not answ')


def test_a_redis_stopped_mid_run_leaves_pages_served_and_fresh(client, seed, settings, own_redis):
    server, url = own_redis
    use_redis(settings, url)
    assert "FaceDirector" in client.get(TOOL_URL).content.decode()
    assert redis.Redis.from_url(url).dbsize() > 0
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=10)
    again = client.get(TOOL_URL)
    assert again.status_code == 200
    assert "FaceDirector" in again.content.decode()
    tool = AITool.objects.get(slug="facedirector")
    tool.name = "FaceDirector Pro"
    tool.save()
    assert "FaceDirector Pro" in client.get(TOOL_URL).content.decode()
    assert client.get("/tools/").status_code == 200


def test_a_redis_back_after_a_restart_is_used_again(client, seed, settings, own_redis, tmp_path):
    server, url = own_redis
    use_redis(settings, url)
    assert client.get(TOOL_URL).status_code == 200
    stop(server)
    assert client.get("/tools/").status_code == 200  # from the database; Redis left alone
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    again, back = start_redis(port, tmp_path)
    try:
        cache._down_until.clear()  # as if RETRY_AFTER had passed
        page = client.get("/tools/")
        assert page.status_code == 200
        # The cache's kept client reconnected: the page went into the new server.
        assert back.dbsize() > 0
        assert client.get("/tools/").content == page.content
    finally:
        stop(again)


def test_cache_url_is_read_into_both_caches(settings):
    from config.settings import caches_from_url

    configured = caches_from_url("redis://cache.internal:6380/2?socket_timeout=2")
    assert set(configured) == {"default", "pages"}
    for config in configured.values():
        assert config["BACKEND"] == "catalog.redis_cache.RedisCache"
        assert config["LOCATION"] == "redis://cache.internal:6380/2?socket_timeout=2"
        assert config["OPTIONS"]["socket_connect_timeout"] == 0.5
    assert configured["default"]["KEY_PREFIX"] != configured["pages"]["KEY_PREFIX"]
