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

import itertools

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
        name = shares(request.node)
        if name is not None:
            self.load(name)
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


def shares(item):
    """The shared data a test runs on (its one shared-data fixture, if it is not
    transactional), else None."""
    wanted = [name for name in SHARED if name in item.fixturenames]
    if len(wanted) == 1 and not transactional(item):
        return wanted[0]
    return None


def transactional(item):
    """Whether pytest-django runs this test as a TransactionTestCase (flushed afterwards)."""
    marker = item.get_closest_marker("django_db")
    if marker and marker.args:  # django_db(True, ...): count it as transactional, to be safe
        return True
    flags = marker.kwargs if marker else {}
    fixtures = {"transactional_db", "live_server", "django_db_reset_sequences"}
    return bool(
        flags.get("transaction")
        or flags.get("reset_sequences")
        or fixtures & set(item.fixturenames)
    )


def database_test(item):
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server", "django_db_reset_sequences"}
        & set(item.fixturenames)
    )


def grouped_by_shared_data(items):
    """`items` in an order that loads shared data less often: within each run of a module's
    tests (pytest-django has already put each module's plain database tests before its
    transactional ones and the rest), the tests on the same shared data next to each other, and
    next to the previous run's when it ended on the same data. Each test still gets the same
    data, so the order within a module does not change what a test sees."""
    ordered, held = [], None
    # A module's transactional tests stay after its others (they empty the database at their
    # end), even where pytest-django's order puts the two runs side by side.
    runs = itertools.groupby(items, key=lambda item: (item.path, transactional(item)))
    for _module, run in runs:
        run = list(run)
        names = list(dict.fromkeys(shares(item) for item in run if shares(item)))
        rest = [item for item in run if shares(item) is None]
        if held in names:  # carry on with the data still loaded, then the others
            names.remove(held)
            first = [item for item in run if shares(item) == held]
        else:  # the rest first, so the next module can carry on with this one's last data
            first = []
        groups = [[item for item in run if shares(item) == name] for name in names]
        block = [*first, *rest, *itertools.chain(*groups)]
        ordered += block
        for item in block:
            if shares(item):
                held = shares(item)
            elif database_test(item):
                held = None
    items[:] = ordered
