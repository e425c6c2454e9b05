import pytest
from django.db import DEFAULT_DB_ALIAS, connections

from tests.factories import load_seed
from tests.local_server import local_server  # noqa: F401 (a fixture: a server on 127.0.0.1)
from tests.replay import Replay
from tests.scratch_db import migrated_copy, seeded_template
from tests.shared_data import SharedDatabase, grouped_by_shared_data, shared_data


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's ordering: tests on the same shared data side by side
    (tests/shared_data.py), so it is loaded fewer times."""
    grouped_by_shared_data(items)


@pytest.fixture(scope="session")
def shared_database(django_db_setup, django_db_blocker):
    shared = SharedDatabase(django_db_blocker)
    yield shared
    shared.roll_back()


@pytest.fixture(scope="session", autouse=True)
def flush_by_delete(django_db_setup):
    """On PostgreSQL, the flush that ends a transactional test (the browser tests, the live
    server's) empties the tables with one DELETE each instead of one TRUNCATE of them all.

    The end is the same, every table empty, and the foreign keys (deferred, as Django makes
    them) are checked when the flush commits. TRUNCATE makes new files for each of the ~80
    tables and their indexes, 0.34 s for nearly empty ones on this machine against 0.04 s
    for the DELETEs, and there is one flush per transactional test. A flush asked to reset
    the sequences still truncates."""
    patched = []
    for connection in connections.all():
        if connection.vendor != "postgresql":
            continue
        ops = connection.ops

        def sql_flush(style, tables, *, reset_sequences=False, allow_cascade=False, ops=ops):
            if reset_sequences:
                return type(ops).sql_flush(
                    ops, style, tables, reset_sequences=True, allow_cascade=allow_cascade
                )
            return [f"DELETE FROM {ops.quote_name(table)};" for table in tables]

        ops.sql_flush = sql_flush  # the instance's own, over the class's
        patched.append(ops)
    yield
    for ops in patched:
        del ops.sql_flush


@pytest.fixture(scope="session", autouse=True)
def migrated_rows_by_replay(django_db_setup):
    """A transactional test with serialized rollback (the browser tests, a few others) starts
    by putting back the rows the migrations made: content types, permissions, the stages, the
    Editors group. Django does it by saving each object of a serialized copy, some 500
    INSERTs. Here the first test does it so, and the rows it writes are recorded; the tests
    after it get the same rows written again as recorded (tests/replay.py), a statement or two
    per table. The catalog's version is the one row that differs: it moves on instead of
    going back to the number it had when the copy was made."""
    patched = []
    for connection in connections.all():
        if connection.alias != DEFAULT_DB_ALIAS:
            continue  # the replay writes through the default connection
        creation = connection.creation
        replay = Replay()

        def deserialize_db_from_string(data, creation=creation, replay=replay):
            replay.load(lambda: type(creation).deserialize_db_from_string(creation, data))

        creation.deserialize_db_from_string = deserialize_db_from_string  # over the class's
        patched.append(creation)
    yield
    for creation in patched:
        del creation.deserialize_db_from_string


@pytest.fixture
def _shared_data_for_this_test(request, shared_database):
    shared_database.serve(request)


@pytest.fixture
def _django_db_helper(_shared_data_for_this_test, _django_db_helper):
    """pytest-django's set-up of every database test (its own transaction, or a flush after a
    transactional one), once the shared data it uses is loaded (tests/shared_data.py)."""
    return _django_db_helper


@pytest.fixture(scope="session", autouse=True)
def migrated_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """The DATABASE_URL of a copy of the test database as the migrations made it, taken before
    the first test (so before any test writes to it), for tests that need a database of their
    own to start from what `migrate` makes (tests/scratch_db.py)."""
    with django_db_blocker.unblock(), migrated_copy(tmp_path_factory.mktemp("migrated")) as url:
        yield url


@pytest.fixture(scope="session")
def seeded_database(migrated_database):
    """PostgreSQL: the name of a database migrated and seeded as `make run` does it, made once
    per run, for tests that start from a copy of it (tests/scratch_db.py)."""
    with seeded_template(migrated_database.rsplit("/", 1)[1]) as name:
        yield name


@shared_data
def seed():
    """The seed data from the article, loaded as `make run` loads it: by the seed command in
    the first test that asks, then as the rows it wrote (tests/factories.load_seed)."""
    load_seed()


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        "admin", "admin@example.com", "pw-for-tests-only"
    )


@pytest.fixture
def admin_client_logged_in(client, superuser):
    client.force_login(superuser)
    return client
