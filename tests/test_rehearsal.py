"""Two live app servers share one PostgreSQL and one Redis: an edit made through the first
server's admin shows on the second on the very next request (tests/rehearse.py, which
`make rehearse` runs the same way).

PostgreSQL only (CI's second run): both servers are separate processes on the test database,
which SQLite's in-memory test database cannot be shared as.
"""

import pytest
from django.core.management import call_command
from django.db import connection

from tests.redis_server import require_redis_server
from tests.rehearse import rehearse


# Committed rows, which the servers' own connections see; serialized rollback then restores
# what the migrations made, after the flush that ends a transactional test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two servers share a PostgreSQL database"
)
def test_an_edit_through_one_server_shows_on_the_other_at_once():
    require_redis_server()
    call_command("seed", verbosity=0)
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}"
        f":{database['PORT'] or 5432}/{database['NAME']}"
    )
    said = []
    rehearse(url, say=said.append, prepare=False)
    transcript = "\n".join(said)
    assert "via B: 200, same ETag, same bytes: Redis +" in transcript, transcript
    assert "via B with If-None-Match: 304 Not Modified" in transcript, transcript
    assert "via B with the old ETag: 200, new ETag" in transcript, transcript
    assert "stopped both servers and Redis" in transcript
