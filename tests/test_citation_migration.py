"""Migration 0023 turns every `sources` link into a citation row of its own, keeping each one."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from catalog.management.commands.seed import SEED_FIXTURE
from catalog.models import CITATION_MODELS

BEFORE = [("catalog", "0026_catalog_version_changed")]


def links():
    """Every (table, record id, source id) row of the link tables, read as plain SQL."""
    rows = set()
    with connection.cursor() as cursor:
        for model in CITATION_MODELS:
            table = model._meta.db_table
            record = model._meta.get_field("record").column
            cursor.execute(f"SELECT {record}, source_id FROM {table}")  # noqa: S608
            rows |= {(table, *row) for row in cursor.fetchall()}
    return rows


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_every_citation_of_the_seed_survives_the_migration_back_and_forth():
    from django.core.management import call_command

    call_command("seed", str(SEED_FIXTURE), verbosity=0)
    kept = links()
    assert len(kept) > 20, "the seed cites its sources"
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("catalog")

    migrate(BEFORE)  # back to plain many-to-many tables, with the seed's rows in them
    assert links() == kept
    with connection.cursor() as cursor:
        columns = [
            column.name
            for column in connection.introspection.get_table_description(
                cursor, "catalog_aiuse_sources"
            )
        ]
    assert "note" not in columns

    migrate(latest)  # forward again: the same rows, now citations with blank notes
    assert links() == kept
    for model in CITATION_MODELS:
        assert not model.objects.exclude(note="").exists()
    assert sum(model.objects.count() for model in CITATION_MODELS) == len(kept)
