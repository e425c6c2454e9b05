"""The Redis server the shared-cache tests use: TEST_CACHE_URL, by default database 15 of a
redis-server on 127.0.0.1:6379 (which .ci/run starts). The tests empty that database.

Without a server there, those tests skip, saying so; with REQUIRE_REDIS=1 (CI) they fail
instead, so they can never pass by skipping silently.
"""

import os
import shutil

import pytest
import redis

from config.settings import caches_from_url

TEST_CACHE_URL = os.environ.get("TEST_CACHE_URL", "redis://127.0.0.1:6379/15")


def redis_answers(url=TEST_CACHE_URL):
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
    except redis.RedisError:
        return False


def require_redis():
    if redis_answers():
        return
    message = (
        f"no Redis answers at TEST_CACHE_URL={TEST_CACHE_URL} (start one with "
        "`redis-server --port 6379 --bind 127.0.0.1`, or point TEST_CACHE_URL at one)"
    )
    if os.environ.get("REQUIRE_REDIS", "").strip() not in ("", "0"):
        pytest.fail(f"REQUIRE_REDIS is set but {message}")
    pytest.skip(message)


def use_redis(settings, url=TEST_CACHE_URL):
    """Point the page cache and the aggregates at Redis, as CACHE_URL does, and empty it."""
    require_redis()
    settings.CACHES = caches_from_url(url)
    redis.Redis.from_url(url).flushdb()


def require_redis_server():
    """The redis-server program, for tests that start a server of their own."""
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("REQUIRE_REDIS", "").strip() not in ("", "0"):
            pytest.fail(f"REQUIRE_REDIS is set but {message}")
        pytest.skip(message)
    return binary
