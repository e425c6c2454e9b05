"""Two live app servers share one PostgreSQL and one Redis: an edit made through the first
server's admin shows on the second on the very next request (tests/rehearse.py, which
`make rehearse` runs the same way).

PostgreSQL only (CI's second run). The servers are separate processes, so they need committed
rows: the rehearsal gets a scratch database of its own (created beside the test database as a
copy of the run's migrated and seeded one, dropped afterwards) rather than committing into the
test database, whose flush would leave the tests after it without the rows the migrations made.
"""

import pytest
from django.db import connection

from tests.redis_server import require_redis_server
from tests.rehearse import rehearse
from tests.scratch_db import scratch_database
from tests.scratch_db import url as scratch_url

# Only for the test databases to be set up: the rehearsal runs on a scratch database.
pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two servers share a PostgreSQL database"
)
def test_an_edit_through_one_server_shows_on_the_other_at_once(seeded_database):
    require_redis_server()
    said = []
    with scratch_database("test_rehearsal", template=seeded_database) as name:
        rehearse(scratch_url(name), say=said.append, prepare=False)
    transcript = "\n".join(said)
    assert "via B: 200, same ETag, same bytes: Redis +" in transcript, transcript
    assert "via B with If-None-Match: 304 Not Modified" in transcript, transcript
    assert "via B with the old ETag: 200, new ETag" in transcript, transcript
    assert "stopped both servers and Redis" in transcript
