"""Counts kept on write (catalog/counts.py): after every kind of edit, each kept count equals a
fresh count of the rows; lists sorted by a count read its column."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from catalog import counts, merge, registry
from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Credit,
    Person,
    Production,
    ProductionStudio,
    Quote,
    Source,
    Stage,
    Studio,
    TagCount,
    Tally,
)
from tests.factories import make_catalog
from tests.shared_data import shared_data
from tests.test_admin_conflicts import Editor, FormReader, saved

pytestmark = pytest.mark.django_db
POSTGRESQL = connection.vendor == "postgresql"


def assert_counts_true():
    """Every kept count of every row equals a fresh count, else the differences by record and
    column."""
    found = counts.differences()
    assert not found, "\n".join(
        f"{model.__name__} {pk}: {column} kept {kept}, fresh {fresh}"
        for model, pk, column, kept, fresh in found
    )


def kept(record, *names):
    record.refresh_from_db()
    return tuple(getattr(record, name) for name in names)


@shared_data
def counted_catalog():
    """A small catalog, each of its counts set by the signals as each row was written."""
    return make_catalog(n=6, prefix="kept", recount_on_write=True)


@pytest.fixture
def catalog(counted_catalog):
    """counted_catalog's records read afresh: what an earlier test changed in them is gone
    from the database, and must not linger in memory either."""
    fresh = {}
    for name, records in counted_catalog.items():
        rows = type(records[0])._base_manager.in_bulk([record.pk for record in records])
        fresh[name] = [rows[record.pk] for record in records]
    return fresh


@pytest.fixture
def source():
    return Source.objects.create(title="Report on “Ñandú”", slug="report-nandu")


@pytest.fixture
def stage():
    return Stage.objects.get(slug="post-production")


def use(tool, production, stage, source, studio=None):
    row = AIUse.objects.create(
        tool=tool, production=production, studio=studio, stage=stage, description="Used."
    )
    row.sources.add(source)
    return row


# The helper and the command see drift -------------------------------------------------------


def test_the_check_reports_each_drifted_count_and_recount_repairs_it(catalog, capsys):
    production = catalog["productions"][0]
    assert kept(production, "use_count", "studio_count") == (2, 1)
    Production.objects.filter(pk=production.pk).update(use_count=7)
    TagCount.objects.filter(tag__name="kept tag 0").delete()
    first_use = production.ai_uses.order_by("pk").first()
    pair = (first_use.stage_id, production.pk)
    Tally.objects.filter(name="stage-production", a=pair[0], b=pair[1]).update(n=9)
    Tally.objects.create(name="stage-tool", a=first_use.stage_id, b=10**9, n=1)
    tag_pair = Tally.objects.filter(name=counts.TAG_PAIRS).order_by("pk").first()
    Tally.objects.filter(pk=tag_pair.pk).update(n=tag_pair.n + 5)

    found = {(model, pk, column) for model, pk, column, _kept, _fresh in counts.differences()}
    tag = Tag.objects.get(name="kept tag 0")
    assert found == {
        (Production, production.pk, "use_count"),
        (TagCount, tag.pk, "record_count"),
        (Tally, pair, "stage-production"),
        (Tally, (first_use.stage_id, 10**9), "stage-tool"),
        (Tally, (tag_pair.a, tag_pair.b), counts.TAG_PAIRS),
    }
    with pytest.raises(CommandError, match="5 kept counts differ"):
        call_command("recount", check=True)
    assert f"catalog.Production {production.pk}: use_count is 7" in capsys.readouterr().out

    call_command("recount", verbosity=0)
    assert_counts_true()
    assert kept(production, "use_count") == (2,)
    call_command("recount", check=True, verbosity=0)


def test_a_built_catalog_has_true_counts(catalog):
    assert_counts_true()
    studio = catalog["studios"][0]
    # A production, its two uses, the tool it makes, a controversy.
    assert kept(studio, "production_count", "use_count", "tool_count", "controversy_count") == (
        1,
        2,
        1,
        1,
    )
    assert Stage.objects.filter(use_count__gt=0).exists()
    assert Source.objects.filter(claim_count__gt=0, record_count__gt=0).exists()
    assert TagCount.objects.get(tag__name="kept tag 0").record_count > 0


def test_the_seed_has_true_counts(seed):
    assert_counts_true()
    assert Production.objects.filter(use_count__gt=0).exists()


# Edits in the admin -------------------------------------------------------------------------


def add_inline_row(page, prefix, **values):
    """Fill the inline's empty form (`__prefix__`) as a new row, as the admin's "Add another"."""
    n = int(page.data[f"{prefix}-TOTAL_FORMS"][0])
    template = f"{prefix}-__prefix__-"
    for name, value in list(page.data.items()):
        if name.startswith(template):
            page.data[f"{prefix}-{n}-" + name.removeprefix(template)] = value
    page.set(**{f"{prefix}-TOTAL_FORMS": n + 1})
    page.set(**{f"{prefix}-{n}-{name}": value for name, value in values.items()})
    return page


@pytest.fixture
def ana(superuser):
    """An editor's browser, allowed to delete."""
    return Editor(superuser)


def test_admin_edits_with_inlines_keep_every_count(ana, catalog, source, stage):
    production, other = catalog["productions"][:2]
    tool, studio = catalog["tools"][3], catalog["studios"][4]
    before_uses = kept(tool, "use_count", "production_count")

    page = ana.open(production)
    add_inline_row(page, "studio_roles", studio=studio.pk, role="vfx")
    add_inline_row(
        page,
        "ai_uses",
        tool=tool.pk,
        stage=stage.pk,
        status="reported",
        description="Crowds made by “東宝” staff.",
        sources=[source.pk],
    )
    page.set(tags="kept tag 5, Ελληνικά")
    saved(page.save())

    assert_counts_true()
    assert kept(production, "use_count", "studio_count") == (3, 2)
    assert kept(tool, "use_count", "production_count") == (
        before_uses[0] + 1,
        before_uses[1] + 1,
    )
    assert TagCount.objects.get(tag__name="Ελληνικά").record_count == 1

    # A use moved from one production to another, on its own change page.
    moved = production.ai_uses.order_by("pk").first()
    saved(ana.open(moved).set(production=other.pk).save())
    assert_counts_true()
    assert kept(production, "use_count") == (2,)
    assert kept(other, "use_count") == (3,)

    # An inline row deleted from the production's page.
    page = ana.open(production)
    saved(page.set(**{"studio_roles-0-DELETE": "on"}).save())
    assert_counts_true()


def test_admin_add_and_delete_keep_every_count(ana, catalog):
    vendor = catalog["studios"][2]
    response = ana.client.post(
        reverse("admin:catalog_aitool_add"),
        {
            "name": "Sintetizador",
            "slug": "sintetizador",
            "technique": "generative",
            "vendor": vendor.pk,
            "tags": "kept tag 1",
            **empty_inlines(ana, reverse("admin:catalog_aitool_add"), "aitool_form"),
        },
    )
    saved(response)
    assert_counts_true()
    assert kept(vendor, "tool_count") == (2,)

    controversy = Controversy.objects.create(slug="polémica", title="Polémica", summary="s")
    controversy.studios.add(vendor)
    controversy.people.add(*catalog["people"][:2])
    controversy.productions.add(catalog["productions"][0])
    assert kept(vendor, "controversy_count") == (2,)
    response = ana.client.post(
        reverse("admin:catalog_controversy_delete", args=[controversy.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert_counts_true()  # its links to studios, people and productions went with it
    assert kept(vendor, "controversy_count") == (1,)

    tool = AITool.objects.get(slug="sintetizador")
    saved(ana.client.post(reverse("admin:catalog_aitool_delete", args=[tool.pk]), {"post": "yes"}))
    assert_counts_true()
    assert kept(vendor, "tool_count") == (1,)


def empty_inlines(editor, url, form_id):
    """The management forms of an add page's inlines, with no rows."""
    reader = FormReader(form_id)
    reader.feed(editor.client.get(url).content.decode())
    return {
        name: value
        for name, value in reader.fields
        if name.endswith(("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS"))
    }


# Links, tags and cascades -------------------------------------------------------------------


def test_many_to_many_changes_from_either_side_keep_every_count(catalog, source):
    controversy = Controversy.objects.create(slug="ñandú", title="Ñandú", summary="s")
    controversy.sources.add(source)
    studios, people = catalog["studios"], catalog["people"]

    controversy.studios.add(*studios[:3])
    assert kept(controversy, "studio_count") == (3,)
    controversy.studios.remove(studios[0])
    studios[4].controversies.add(controversy)
    assert_counts_true()
    assert kept(controversy, "studio_count") == (3,)
    controversy.studios.set([studios[5]])
    assert_counts_true()
    controversy.people.add(*people)
    controversy.people.clear()
    assert_counts_true()
    assert kept(controversy, "studio_count", "person_count") == (1, 0)

    production = catalog["productions"][0]
    production.sources.add(source)
    assert kept(source, "claim_count", "record_count") == (1, 1)
    production.sources.remove(source)
    AITool.objects.first().sources.set([source])
    assert_counts_true()
    source.ai_uses.clear()
    production.sources.clear()
    assert_counts_true()


def test_tag_changes_keep_the_tag_counts(catalog):
    production, studio = catalog["productions"][0], catalog["studios"][0]
    production.tags.add("東宝", "deepfake")
    studio.tags.add("deepfake")
    assert TagCount.objects.get(tag__name="deepfake").record_count == 2
    production.tags.remove("deepfake")
    studio.tags.set(["東宝"])
    assert_counts_true()
    production.tags.clear()
    assert_counts_true()
    assert TagCount.objects.get(tag__name="東宝").record_count == 1


def often_tagged_with(client, tag_name):
    """What a tag page offers to narrow to: {other tag's name: records carrying both}."""
    page = client.get(reverse("tag_detail", args=[Tag.objects.get(name=tag_name).slug]))
    assert page.status_code == 200
    return {row["tag__name"]: row["shared"] for row in page.context["narrow"]}


def test_tags_that_share_records_are_counted_through_every_change(catalog, client):
    studio, tool = catalog["studios"][0], catalog["tools"][0]
    production = Production.objects.create(slug="sen", title="千と千尋")
    production.tags.set(["Ghibli", "東宝", "rotoscope"])
    studio.tags.set(["Ghibli", "東宝"])
    tool.tags.set(["Ghibli"])
    assert often_tagged_with(client, "Ghibli") == {"東宝": 2, "rotoscope": 1}
    assert_counts_true()

    production.tags.remove("東宝")
    assert often_tagged_with(client, "Ghibli") == {"東宝": 1, "rotoscope": 1}
    tool.tags.add("rotoscope")
    assert often_tagged_with(client, "rotoscope") == {"Ghibli": 2}
    assert_counts_true()

    # A delete takes all of a record's tags in one statement: the pairs they made go too.
    production.delete()
    assert often_tagged_with(client, "Ghibli") == {"東宝": 1, "rotoscope": 1}
    studio.tags.clear()
    assert often_tagged_with(client, "Ghibli") == {"rotoscope": 1}
    Tag.objects.get(name="rotoscope").delete()
    assert often_tagged_with(client, "Ghibli") == {}
    assert_counts_true()


def uses_by_year_on_the_timeline(client):
    """The timeline's chart: {year: AI uses that year}, and the uses with no year."""
    chart = client.get(reverse("timeline")).context["chart"]
    return {row["year"]: row["total"]["n"] for row in chart["rows"] if row["total"]["n"]}, chart[
        "undated"
    ]


def test_an_ai_use_counts_in_the_year_of_its_date_else_its_year(catalog, client, stage, source):
    tool, production = catalog["tools"][0], catalog["productions"][0]
    years, undated = uses_by_year_on_the_timeline(client)
    added = use(tool, production, stage, source)  # no year: counted apart
    assert uses_by_year_on_the_timeline(client) == (years, undated + 1)

    added.year = 1987
    added.save()
    assert uses_by_year_on_the_timeline(client) == ({**years, 1987: 1}, undated)
    # A date's year wins over the year (an instance's date may still be the string it was given).
    added.date = "1991-03-04"
    added.save()
    assert uses_by_year_on_the_timeline(client) == ({**years, 1991: 1}, undated)
    assert_counts_true()

    # Loaded without its date: its keys are looked up before the save moves it.
    loaded = AIUse.objects.defer("date").get(pk=added.pk)
    loaded.stage = Stage.objects.get(slug="distribution")
    loaded.save()
    assert_counts_true()
    AIUse.objects.get(pk=added.pk).delete()
    assert uses_by_year_on_the_timeline(client) == (years, undated)
    assert_counts_true()


def test_deleting_records_cascades_to_true_counts(catalog, source):
    studio, person = catalog["studios"][1], catalog["people"][1]
    production = Production.objects.create(slug="nandu", title="Ñandú")
    ProductionStudio.objects.create(production=production, studio=studio, role="vfx")
    production.sources.add(source)
    production.tags.add("kept tag 0")
    Credit.objects.create(person=person, production=catalog["productions"][0], role="Editor")
    assert kept(studio, "production_count") == (2,)
    assert kept(person, "credit_count") == (2,)

    production.delete()  # its studio roles, citations and tags go with it
    assert_counts_true()
    assert kept(studio, "production_count") == (1,)
    assert kept(source, "record_count") == (0,)

    controversy = Controversy.objects.create(slug="c", title="C", summary="s")
    controversy.studios.add(studio)
    controversy.tools.add(*catalog["tools"])
    controversy.delete()  # its links go with it, with no signal of their own
    assert_counts_true()
    assert kept(studio, "controversy_count") == (1,)

    catalog["studios"][5].controversies.clear()
    assert_counts_true()


def test_tag_merge_in_the_admin_keeps_the_tag_counts(catalog, client):
    call_command(
        "create_editor", "editor", "e@example.com", password="frame-by-frame-42", verbosity=0
    )
    client.force_login(get_user_model().objects.get(username="editor"))
    names = ["kept tag 0", "kept tag 1"]
    ids = [Tag.objects.get(name=name).pk for name in names]
    response = client.post(
        reverse("admin:taggit_tag_changelist"),
        {"action": "merge_tags", "_selected_action": ids, "merge_into": "Película"},
        follow=True,
    )
    assert response.status_code == 200
    assert not Tag.objects.filter(name__in=names).exists()
    assert TagCount.objects.get(tag__name="Película").record_count > 0
    assert_counts_true()


def test_record_merge_keeps_every_count(catalog):
    kept_production, duplicate = catalog["productions"][:2]
    both = Controversy.objects.create(slug="both", title="Both", summary="s")
    both.productions.add(kept_production, duplicate)  # one link row absorbs the other
    tools_before = {tool.pk: tool.production_count for tool in AITool.objects.all()}
    assert sum(tools_before.values()) > 0
    merge.merge(duplicate, kept_production)
    assert_counts_true()
    assert kept(kept_production, "use_count") == (4,)
    assert kept(both, "production_count") == (1,)

    kept_studio, duplicate_studio = catalog["studios"][2:4]
    merge.merge(duplicate_studio, kept_studio)
    assert_counts_true()


def test_moving_children_between_parents_recounts_both(catalog, stage, source):
    first, second = catalog["productions"][:2]
    studio, person = catalog["studios"][0], catalog["people"][0]
    row = use(catalog["tools"][0], first, stage, source)
    row.production = second
    row.save()
    assert_counts_true()
    role = ProductionStudio.objects.filter(studio=studio).first()
    role.studio = catalog["studios"][5]
    role.save()
    credit = Credit.objects.filter(person=person).first()
    credit.person = catalog["people"][1]
    credit.save()
    quote = Quote.objects.filter(person=person).first()
    quote.person = catalog["people"][3]
    quote.save()
    tool = catalog["tools"][0]
    tool.vendor = catalog["studios"][4]
    tool.save()
    citation = first.cites.first()
    citation.source = source
    citation.save()
    assert_counts_true()
    assert kept(studio, "production_count", "tool_count") == (0, 0)


def test_a_saved_record_does_not_write_back_counts_it_loaded(catalog, stage, source):
    """A record loaded before another edit changed its counts, then saved, keeps the new
    counts (a save leaves the count columns alone)."""
    production = Production.objects.get(pk=catalog["productions"][0].pk)
    use(catalog["tools"][0], production, stage, source)
    production.synopsis = "Edited."
    production.save()
    assert_counts_true()
    assert kept(production, "use_count", "synopsis") == (3, "Edited.")


# Bulk paths ---------------------------------------------------------------------------------


def test_generate_catalog_writes_true_counts():
    call_command("generate_catalog", productions=40, seed=3, tags=12, verbosity=0)
    assert_counts_true()
    assert Production.objects.filter(use_count__gt=0).exists()
    assert TagCount.objects.filter(record_count__gt=0).count() > 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_recounts_what_it_loads(seed, tmp_path):
    Production.objects.update(use_count=99)  # kept wrong, and so in the backup
    backup = tmp_path / "backup.json"
    call_command("backup_catalog", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_catalog", str(backup), verbosity=0)
    assert_counts_true()
    assert Production.objects.filter(use_count__gt=0).exists()
    assert not Production.objects.filter(use_count=99).exists()
    # The flush gave the content types new ids; the rollback after this test brings back the
    # old ones, which the tests after it must not find cached under the new.
    ContentType.objects.clear_cache()


def test_each_edit_bumps_the_version_once_and_the_recount_stays_in_its_transaction(
    catalog, stage, source
):
    """A failed edit leaves no count behind: the recount is in the edit's transaction."""
    production = catalog["productions"][0]
    with pytest.raises(RuntimeError), transaction.atomic():
        use(catalog["tools"][0], production, stage, source)
        assert kept(production, "use_count") == (3,)
        raise RuntimeError("the edit fails")
    assert kept(production, "use_count") == (2,)
    assert_counts_true()


def test_a_batched_load_counts_at_its_end_and_a_failed_one_leaves_nothing(catalog, stage, source):
    """The seed's way: many rows, each parent recounted once, when the block ends."""
    production, tool = catalog["productions"][0], catalog["tools"][0]
    with CaptureQueriesContext(connection) as written, counts.batched():
        for _ in range(3):
            use(tool, production, stage, source)
        assert kept(production, "use_count") == (2,)  # not yet: counted at the end
    assert kept(production, "use_count") == (5,)
    assert_counts_true()
    updates = [
        q for q in written.captured_queries if q["sql"].startswith('UPDATE "catalog_production"')
    ]
    assert len(updates) == 1

    with pytest.raises(RuntimeError), counts.batched():
        use(tool, production, stage, source)
        raise RuntimeError("the load fails")
    assert kept(production, "use_count") == (5,)
    assert_counts_true()


# Lists read the column --------------------------------------------------------------------------


COUNT_SORTS = [
    (record_type, key, sort)
    for record_type in registry.TYPES
    for key, sort in (record_type.sorts or {}).items()
    if isinstance(sort.ordering[0], str) and sort.ordering[0].endswith("_count")
]


def test_every_count_sort_is_listed():
    assert {(rt.model, key) for rt, key, _sort in COUNT_SORTS} == {
        (Production, "uses"),
        (Studio, "uses"),
        (Studio, "productions"),
        (AITool, "uses"),
        (Person, "quotes"),
        (Source, "cited"),
    }


@pytest.mark.parametrize(
    "record_type,key,sort", COUNT_SORTS, ids=[f"{rt.key}-{key}" for rt, key, _s in COUNT_SORTS]
)
def test_a_list_sorted_by_a_count_reads_its_column(client, catalog, record_type, key, sort):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(record_type.list_url(), {"sort": key})
    assert response.status_code == 200
    field = sort.ordering[0].lstrip("-")
    table = record_type.model._meta.db_table
    listing = [q["sql"] for q in queries.captured_queries if f'"{table}"."{field}"' in q["sql"]]
    assert listing, f"no query reads {table}.{field}"
    assert not any("COUNT(" in sql.upper() and "ORDER BY" in sql.upper() for sql in listing)
    records = list(response.context["page_obj"].object_list)
    values = [getattr(record, field) for record in records]
    assert values == sorted(values, reverse=True)
    if POSTGRESQL:
        rows = record_type.model.objects.order_by(*sort.ordering)[:20]
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
        plan = rows.explain()
        index = {
            ix.name
            for ix in record_type.model._meta.indexes
            if ix.expressions and str(ix.expressions[0]).find(field) != -1
        }
        assert any(name in plan for name in index), plan


# Two editors at once, on PostgreSQL -----------------------------------------------------------


def add_use_by_signal(tool, production, stage, source):
    use(tool, production, stage, source)


def add_use_in_bulk(tool, production, stage, source):
    """A use inserted without signals, then recounted: `recount` on its own, without the
    catalog version's row lock that every edit through the models also takes (and waits for)."""
    [row] = AIUse.objects.bulk_create(
        [AIUse(tool=tool, production=production, stage=stage, description="Bulk.")]
    )
    counts.recount_row(row)  # its production's, tool's and stage's counts, and its tallies


@pytest.mark.skipif(not POSTGRESQL, reason="needs two connections with their own transactions")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("add", [add_use_by_signal, add_use_in_bulk], ids=["edit", "recount"])
def test_two_uses_added_at_once_are_both_counted(stage, add):
    """The second recount waits for the first's lock on the production, then counts in a new
    snapshot: it sees the first transaction's use. (An UPDATE that waited for the row itself
    would count in its old snapshot and miss it.)"""
    source = Source.objects.create(title="Wire", slug="wire")
    tool = AITool.objects.create(name="Runway", slug="runway", technique="generative")
    production = Production.objects.create(title="El Eternauta", slug="el-eternauta")
    first_done, release, failures = threading.Event(), threading.Event(), []

    def add_use(wait_for_release):
        try:
            with transaction.atomic():
                add(tool, production, stage, source)
                if wait_for_release:
                    first_done.set()
                    release.wait(10)
        except Exception as error:  # shown by the assertion below
            failures.append(error)
            first_done.set()
        finally:
            connections.close_all()

    first = threading.Thread(target=add_use, args=(True,))
    first.start()
    assert first_done.wait(10)
    second = threading.Thread(target=add_use, args=(False,))
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second edit did not wait for the first"
    release.set()
    first.join(10)
    second.join(10)
    assert not failures, failures
    assert kept(production, "use_count") == (2,)
    assert kept(tool, "use_count", "production_count") == (2, 1)
    assert_counts_true()
