"""backup_catalog and restore_catalog: the round trip loses nothing."""

import importlib
import json
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from catalog.cache import version
from catalog.models import Person, Production, Stage, Studio
from tests.factories import make_seed_likeness, make_seed_rule

# The tests flush the database as an operator would, outside a test transaction; the rows
# migrations create are put back afterwards for the tests that follow.
EXACT_TIME = datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def edited_catalog(seed, superuser):
    """The seed plus an editor's changes: a tag, an edit with history, a group, a rule with a
    link and a likeness record."""
    production = Production.objects.order_by("pk").first()
    production.tags.add("Restored tag")
    production.synopsis = "Edited after the seed."
    production._history_user = superuser
    production.save()
    # A time that a cut to milliseconds would change.
    Production.objects.filter(pk=production.pk).update(updated=EXACT_TIME)
    production.refresh_from_db()
    Group.objects.get_or_create(name="Backup test group")
    make_seed_rule()
    make_seed_likeness()
    return production


def read(path):
    """The backup's rows, without the search vectors: restore rebuilds those from the rows, and
    the order of tag names inside a rebuilt vector may differ (the same words, other positions)."""
    with open(path) as file:
        rows = json.load(file)
    for row in rows:
        row["fields"].pop("search_vector", None)
    return rows


def test_round_trip_is_lossless(edited_catalog, tmp_path):
    first = tmp_path / "first.json"
    call_command("backup_catalog", str(first), verbosity=0)
    before = read(first)
    models = {row["model"] for row in before}
    # Records, links, tags, history and the editor who made a change are all in it.
    for model in (
        "catalog.production",
        "catalog.productionstudio",
        "catalog.aiuse",
        "catalog.historicalproduction",
        "catalog.likeness",
        "catalog.response",
        "catalog.rulelink",
        "catalog.historicalresponse",
        "taggit.tag",
        "taggit.taggeditem",
        "auth.user",
    ):
        assert model in models, model

    call_command("flush", interactive=False, verbosity=0)
    assert not Production.objects.exists() and not User.objects.exists()

    call_command("restore_catalog", str(first), verbosity=0)
    second = tmp_path / "second.json"
    call_command("backup_catalog", str(second), verbosity=0)

    assert read(second) == before
    restored = Production.objects.get(pk=edited_catalog.pk)
    assert restored.synopsis == "Edited after the seed."
    assert restored.updated == EXACT_TIME
    assert "Restored tag" in restored.tags.names()
    assert restored.history.first().history_user.username == "admin"


def test_restore_rebuilds_the_search_index(seed, tmp_path):
    backup = tmp_path / "backup.json.gz"
    call_command("backup_catalog", str(backup), verbosity=0)
    name = Studio.objects.order_by("pk").first().name
    call_command("flush", interactive=False, verbosity=0)

    call_command("restore_catalog", str(backup), verbosity=0)

    assert name in [studio.name for studio in Studio.objects.search(name)]


def test_restore_refuses_a_database_that_holds_records(seed, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("backup_catalog", str(backup), verbosity=0)
    people = Person.objects.count()

    with pytest.raises(CommandError, match="This database is not empty"):
        call_command("restore_catalog", str(backup), verbosity=0)
    assert Person.objects.count() == people


def test_restore_accepts_a_freshly_migrated_database(seed, tmp_path):
    """A new database has the stages its migrations create; that still counts as empty."""
    backup = tmp_path / "backup.json"
    call_command("backup_catalog", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    stage_migration = importlib.import_module("catalog.migrations.0002_search_indexes_and_stages")
    # As `migrate` runs it: with the models as the migrations know them (no history kept).
    state = MigrationExecutor(connection).loader.project_state()
    stage_migration.create_stages(state.apps, None)
    assert Stage.objects.count() == 5

    call_command("restore_catalog", str(backup), verbosity=0)

    again = tmp_path / "again.json"
    call_command("backup_catalog", str(again), verbosity=0)
    assert read(again) == read(backup)


def test_a_restored_catalog_shows_on_the_pages_under_a_new_version(seed, client, tmp_path):
    """The version is not backed up: the restore moves the database's own version on, so no
    page cached before the flush or the restore is shown after it."""
    backup = tmp_path / "backup.json"
    call_command("backup_catalog", str(backup), verbosity=0)
    assert "catalog.catalogversion" not in {row["model"] for row in read(backup)}
    name = Studio.objects.order_by("pk").first().name
    before = version()
    assert name in client.get("/studios/").content.decode()
    call_command("flush", interactive=False, verbosity=0)
    emptied = version()
    assert name not in client.get("/studios/").content.decode()

    call_command("restore_catalog", str(backup), verbosity=0)

    assert version() not in {before, emptied}
    assert name in client.get("/studios/").content.decode()
