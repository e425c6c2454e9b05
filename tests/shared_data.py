"""Test data built once for a run of tests that read it, instead of once per test.

Building test data (the seed, a catalog of a few dozen records of each type) costs more than
most tests. `@shared_data` turns a loader into a fixture of its name. A test that uses one such
fixture and runs in a transaction (not a transactional test) runs inside the transaction that
loaded the data, held open under consecutive tests that use the same fixture: each test has its
own savepoint, rolled back at its end as always, so what it writes is undone and the data stays
for the next. Any other database test first rolls the data back and finds the database as
before. A test that uses two such fixtures, or is transactional, loads them itself.

Each test still gets a catalog version of its own, as a fresh load gives, so no page that an
earlier test rendered comes out of the page cache.
"""

import pytest
from django.db import transaction

from catalog.cache import bump

# Shared-data fixtures by name: name -> loader.
SHARED = {}


def shared_data(loader):
    name = loader.__name__
    if SHARED.setdefault(name, loader) is not loader:
        raise ValueError(f"two shared-data fixtures are named {name!r}")

    def fixture(db, shared_database):
        if shared_database.holds(name):
            bump()
            return shared_database.value
        return loader()

    fixture.__doc__ = loader.__doc__
    return pytest.fixture(fixture, name=name)


class SharedDatabase:
    """At most one shared fixture's data, in a transaction held open between tests."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.name = self.atomic = self.value = None

    def holds(self, name):
        return self.atomic is not None and self.name == name

    def serve(self, request):
        """Before a database test's own set-up: load the data it shares, or roll back."""
        wanted = [name for name in SHARED if name in request.fixturenames]
        if len(wanted) == 1 and not transactional(request):
            self.load(wanted[0])
        else:
            self.roll_back()

    def load(self, name):
        if self.holds(name):
            return
        self.roll_back()
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.name = name
            self.value = SHARED[name]()

    def roll_back(self):
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.name = self.atomic = self.value = None


def transactional(request):
    """Whether pytest-django runs this test as a TransactionTestCase (flushed afterwards)."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.args:  # django_db(True, ...): count it as transactional, to be safe
        return True
    flags = marker.kwargs if marker else {}
    fixtures = {"transactional_db", "live_server", "django_db_reset_sequences"}
    return bool(
        flags.get("transaction")
        or flags.get("reset_sequences")
        or fixtures & set(request.fixturenames)
    )
