"""An edit of the catalog moves its version once, in a few queries, and nothing else moves it.

Every cached page and aggregate is keyed by the catalog's version (catalog/cache.py): an edit
that did not move it would leave readers on a page from before the edit, and one that moved it
several times would pay for each. The receivers (catalog/signals.py) listen to the catalog's
own models only, so Django still deletes other models' rows in one query.

The query counts are inside a test's transaction, as after a reader looked at the version (a
transaction moves it once until it is read): Django's `atomic` blocks show as SAVEPOINT and
RELEASE SAVEPOINT here, where a request in autocommit mode would BEGIN and COMMIT instead.
"""

import re
import threading

import pytest
from axes.models import AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from catalog.cache import version
from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Person,
    Production,
    Source,
    Stage,
    Studio,
)
from tests.test_admin_editing import citations, production_post

POSTGRESQL = connection.vendor == "postgresql"


def version_moves(queries):
    return [
        query
        for query in queries.captured_queries
        if query["sql"].startswith("UPDATE") and "catalog_catalogversion" in query["sql"]
    ]


@pytest.fixture
def tool(db):
    tool = AITool.objects.create(name="FaceDirector", slug="facedirector", technique="other")
    tool.tags.add("de-ageing")
    Studio.objects.create(name="Wētā FX", slug="weta-fx").tags.add("performance capture")
    return tool


@pytest.fixture
def source(db):
    return Source.objects.create(title="Report on the film", slug="report", publisher="Wire")


# What one edit costs ---------------------------------------------------------------------------


def test_saving_a_record_moves_the_version_once(tool, django_assert_num_queries):
    # UPDATE the tool; SELECT its sources and its tags (the links its version keeps);
    # INSERT its history row; UPDATE the version; on PostgreSQL, UPDATE its search vector.
    version()  # as a reader would, between two edits
    with django_assert_num_queries(6 if POSTGRESQL else 5) as queries:
        tool.save()
    assert len(version_moves(queries)) == 1


def test_a_save_records_its_version_without_building_a_manager_class(tool):
    # Every save reads `Model.history` to record the version; django-simple-history's own
    # descriptor made a new manager class (inspecting every queryset method) on each read.
    first, second = AITool.history, tool.history
    assert type(first) is type(second)
    assert first.model is second.model and second.instance == tool
    assert list(tool.history.values_list("description", flat=True)) == [tool.description]


def test_a_new_ai_use_recounts_only_the_counts_of_ai_uses(tool):
    """A recount is one UPDATE per parent with a subquery per count: a new use recounts its
    production's, studio's, tool's and stage's counts of uses, not their other counts."""
    studio = Studio.objects.get(slug="weta-fx")
    production = Production.objects.create(title="A film", slug="a-film")
    with CaptureQueriesContext(connection) as queries:
        AIUse.objects.create(
            tool=tool, production=production, studio=studio, stage=Stage.objects.first()
        )
    recounted = {}  # table -> the columns its UPDATE sets
    for query in queries.captured_queries:
        sql = query["sql"].replace('"', "")
        if found := re.match(r"UPDATE (catalog_(?:production|studio|aitool|stage)) SET", sql):
            recounted[found[1]] = set(re.findall(r"(\w+_count) = COALESCE", sql))
    assert recounted == {
        "catalog_production": {"use_count"},
        "catalog_studio": {"use_count"},
        "catalog_aitool": {"use_count", "production_count"},
        "catalog_stage": {"use_count"},
    }
    production.refresh_from_db()
    studio.refresh_from_db()
    tool.refresh_from_db()
    assert (production.use_count, studio.use_count, tool.use_count) == (1, 1, 1)


def test_adding_a_tag_moves_the_version_once(tool, django_assert_num_queries):
    # SELECT the tag by name; SELECT the tool's tag ids; SELECT the link (get_or_create);
    # SAVEPOINT; INSERT the link; UPDATE the version; RELEASE SAVEPOINT;
    # on PostgreSQL, UPDATE the tool's search vector (its tag names are in it);
    # SELECT its latest version, its sources and its tags, UPDATE that version's links;
    # the tag's kept count (catalog/counts.py): SELECT whether it has its row yet, on
    # PostgreSQL lock that row, UPDATE it; its tally of tools: SELECT the fresh count, write it;
    # the pairs it makes with the tool's other tags: SELECT them, SELECT the fresh count of
    # records carrying both, write it.
    version()  # as a reader would, between two edits
    with django_assert_num_queries(20 if POSTGRESQL else 18) as queries:
        tool.tags.add("performance capture")
    assert len(version_moves(queries)) == 1


def test_adding_a_source_moves_the_version_once(tool, source, django_assert_num_queries):
    # SELECT the tool's source ids; INSERT the link; UPDATE the version;
    # SELECT its latest version, its sources and its tags, UPDATE that version's links;
    # the source's kept record count (catalog/counts.py): on PostgreSQL lock its row, UPDATE it.
    version()  # as a reader would, between two edits
    with django_assert_num_queries(9 if POSTGRESQL else 8) as queries:
        tool.sources.add(source)
    assert len(version_moves(queries)) == 1


def test_an_admin_save_of_a_record_its_links_and_tags_moves_the_version_once(
    admin_client_logged_in, source
):
    data = production_post(tags="generative ai, streaming", **citations(source))
    version()
    with CaptureQueriesContext(connection) as queries:
        response = admin_client_logged_in.post(reverse("admin:catalog_production_add"), data)
    assert response.status_code == 302
    production = Production.objects.get(slug="el-eternauta")
    assert set(production.tags.names()) == {"generative ai", "streaming"}
    assert list(production.sources.all()) == [source]
    assert len(version_moves(queries)) == 1


# Which edits move it -------------------------------------------------------------------------


def rename(tool, source=None):
    tool.name = "FaceDirector 2"
    tool.save()


def rename_tag():
    tag = Tag.objects.get(name="de-ageing")
    tag.name = "de-aging"
    tag.save()


EDITS = {
    "create": lambda tool, source: Person.objects.create(name="Ari Folman", slug="ari-folman"),
    "save": rename,
    # The studio nothing links to (a linked record's delete is refused: test_delete_refusal).
    "delete": lambda tool, source: Studio.objects.get(slug="weta-fx").delete(),
    "queryset delete": lambda tool, source: Studio.objects.filter(slug="weta-fx").delete(),
    "tag add": lambda tool, source: tool.tags.add("face swap"),
    "tag remove": lambda tool, source: tool.tags.remove("de-ageing"),
    "tag clear": lambda tool, source: tool.tags.clear(),
    "tag set": lambda tool, source: tool.tags.set(["face swap"]),
    "tag renamed": lambda tool, source: rename_tag(),
    "tag deleted": lambda tool, source: Tag.objects.filter(name="de-ageing").delete(),
    "source add": lambda tool, source: tool.sources.add(source),
    "source add from the source": lambda tool, source: source.tools.add(tool),
    "source remove": lambda tool, source: tool.sources.remove(*tool.sources.all()),
    "source clear": lambda tool, source: tool.sources.clear(),
    "source set": lambda tool, source: tool.sources.set([source]),
    "controversy link": lambda tool, source: Controversy.objects.get().tools.add(tool),
    "studio role through the production": lambda tool, source: Production.objects.get().studios.add(
        Studio.objects.get(), through_defaults={"role": "producer"}
    ),
    "controversy unlink": lambda tool, source: Controversy.objects.get().tools.clear(),
}


@pytest.mark.parametrize("edit", EDITS)
def test_every_kind_of_edit_moves_the_version(tool, source, edit):
    other = Source.objects.create(title="Another", slug="another")
    tool.sources.add(other)
    controversy = Controversy.objects.create(title="Row", slug="row", summary="s")
    controversy.sources.add(source)
    controversy.tools.add(tool)
    Production.objects.create(title="Here", slug="here")
    before = version()
    EDITS[edit](tool, source)
    assert version() != before


def test_reading_the_catalog_leaves_the_version(client, tool):
    before = version()
    for url in ["/", "/tools/", tool.get_absolute_url(), "/tags/", "/search/?q=face"]:
        assert client.get(url).status_code == 200
    assert version() == before


def test_an_edit_of_anything_else_leaves_the_version(tool, django_user_model):
    before = version()
    django_user_model.objects.create_user("reader", password="pw-for-tests-only")
    SessionStore().create()
    AccessLog.objects.create(username="reader", ip_address="127.0.0.1", user_agent="test")
    tool.history.first().save()  # a history row on its own
    assert version() == before


def test_a_rolled_back_edit_leaves_the_version_and_the_page(client, tool):
    before = version()
    assert "FaceDirector" in client.get("/tools/").content.decode()
    with pytest.raises(RuntimeError), transaction.atomic():
        rename(tool)
        tool.tags.add("face swap")
        raise RuntimeError("the editor's request failed")
    assert version() == before
    page = client.get("/tools/").content.decode()
    assert "FaceDirector" in page and "FaceDirector 2" not in page


def test_an_edit_after_a_rolled_back_one_in_the_same_transaction_moves_it(tool):
    with transaction.atomic():
        before = version()
        with pytest.raises(RuntimeError), transaction.atomic():
            rename(tool)  # moves the version, then rolled back with it
            raise RuntimeError
        assert version() == before
        tool.tags.add("face swap")
        assert version() > before


def test_an_edit_after_a_read_in_the_same_transaction_moves_it_again(client, tool):
    with transaction.atomic():
        rename(tool)
        first = version()
        assert "FaceDirector 2" in client.get("/tools/").content.decode()
        tool.tags.add("face swap")
        assert version() > first
        tool.delete()
        assert "FaceDirector 2" not in client.get("/tools/").content.decode()


def test_a_flushed_version_table_starts_a_new_version(client, tool):
    before = version()
    client.get("/tools/")
    connection.cursor().execute("DELETE FROM catalog_catalogversion")
    after = version()
    assert after > before
    rename(tool)
    assert version() > after
    assert "FaceDirector 2" in client.get("/tools/").content.decode()


# Fast deletes for everything else ---------------------------------------------------------------


@pytest.mark.parametrize(
    "model, make",
    [
        (Session, lambda: SessionStore().create()),
        (AccessLog, lambda: AccessLog.objects.create(ip_address="127.0.0.1", user_agent="t")),
        # A stage's citations: link rows no kept count counts (catalog/counts.py). Those that
        # are counted (a tool's citations count towards its sources' record_count) are
        # deleted row by row, each recounting what it counted towards.
        (Stage.sources.through, None),
    ],
    ids=["sessions", "login logs", "a stage's source links"],
)
def test_rows_the_catalog_does_not_watch_are_deleted_in_one_query(tool, source, model, make):
    if make:
        make()
        make()
    else:
        stage = Stage.objects.get(slug="post-production")
        stage.sources.add(source, Source.objects.create(title="Another", slug="another"))
    with CaptureQueriesContext(connection) as queries:
        deleted, _ = model.objects.all().delete()
    assert deleted == 2
    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["DELETE"]


# Several processes, on PostgreSQL -----------------------------------------------------------


@pytest.mark.skipif(not POSTGRESQL, reason="needs two connections with their own transactions")
# Serialized rollback, as every transactional test of the suite: the migrated rows (content
# types, stages) are put back first, whichever transactional test emptied the database before.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_process_sees_the_new_version_exactly_when_it_sees_the_edit(client):
    tool = AITool.objects.create(name="FaceDirector", slug="facedirector", technique="other")
    edited, release, failures = threading.Event(), threading.Event(), []

    def editor():
        try:
            with transaction.atomic():
                tool.name = "FaceDirector 2"
                tool.save()
                tool.tags.add("face swap")
                edited.set()
                release.wait(10)
        except Exception as error:  # shown by the assertion below
            failures.append(error)
            edited.set()
        finally:
            connection.close()

    before = version()
    assert "FaceDirector 2" not in client.get("/tools/").content.decode()
    thread = threading.Thread(target=editor)
    thread.start()
    try:
        assert edited.wait(10)
        # The edit is made but not committed: the old version, the old page.
        assert version() == before
        assert "FaceDirector 2" not in client.get("/tools/").content.decode()
    finally:
        release.set()
        thread.join(10)
    assert not failures, failures
    assert version() > before
    page = client.get("/tools/").content.decode()
    assert "FaceDirector 2" in page
