"""Merging a duplicate record into the one to keep, in the admin: everything that pointed at
the duplicate points at the kept record, identical links become one, a merge that would lose
what a row says is refused with nothing changed, and the duplicate's addresses answer 301."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.models import ForeignKey
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import TaggedItem

from catalog import merge
from catalog.cache import current
from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Credit,
    Figure,
    FormerAddress,
    Likeness,
    Person,
    PersonRole,
    Production,
    ProductionStudio,
    Quote,
    Response,
    Rule,
    RuleLink,
    Source,
    Stage,
    Studio,
)
from tests.shared_data import shared_data

pytestmark = pytest.mark.django_db

ADMIN_PATHS = {
    Production: "production",
    Studio: "studio",
    AITool: "aitool",
    Person: "person",
    Controversy: "controversy",
}


def make_pair():
    """A duplicate and a kept record of every mergeable type, the duplicates linked in every
    way the catalog knows, the kept ones sharing some identical links with them."""
    stage = Stage.objects.get(slug="post-production")
    cited, shared = (
        Source.objects.create(slug="nandu-report", title="Ñandú report"),
        Source.objects.create(slug="shared-report", title="Shared report"),
    )
    dup, kept = {}, {}
    for suffix, into in (("dup", dup), ("kept", kept)):
        into[Studio] = Studio.objects.create(slug=f"studio-{suffix}", name=f"東宝 {suffix}")
        into[AITool] = AITool.objects.create(
            slug=f"tool-{suffix}",
            name=f"Tool {suffix}",
            technique="generative",
            vendor=into[Studio],
        )
        into[Production] = Production.objects.create(
            slug=f"film-{suffix}", title=f"Ελληνικά {suffix}", year=2024
        )
        into[Person] = Person.objects.create(slug=f"person-{suffix}", name=f"Zoë {suffix}")
        into[Controversy] = Controversy.objects.create(
            slug=f"row-{suffix}", title=f"Row {suffix}", summary="A row."
        )
        for record in into.values():
            record.sources.add(shared)  # identical on both: becomes one
            record.tags.add("shared tag", f"{suffix} tag")
    for record in dup.values():
        record.sources.add(cited)
    studio, tool, film, person, row = (
        dup[Studio],
        dup[AITool],
        dup[Production],
        dup[Person],
        dup[Controversy],
    )
    row.studios.add(studio, kept[Studio])
    row.people.add(person)
    row.tools.add(tool)
    row.productions.add(film)
    kept[Controversy].studios.add(kept[Studio])
    ProductionStudio.objects.create(production=film, studio=studio, role="producer")
    # The same role on both productions: identical, becomes one.
    ProductionStudio.objects.create(production=kept[Production], studio=studio, role="producer")
    PersonRole.objects.create(person=person, studio=studio, title="Chief")
    Credit.objects.create(person=person, production=film, role="Director")
    use = AIUse.objects.create(
        tool=tool,
        production=film,
        studio=studio,
        stage=stage,
        description="De-ageing.",
        disclosed_by_studio=studio,
        disclosed_by_person=person,
    )
    use.sources.add(cited)
    use.disclosure_sources.add(cited)
    quote = Quote.objects.create(person=person, text="Words.", production=film, controversy=row)
    quote.sources.add(cited)
    Figure.objects.create(label="Budget", value=1, unit="USD", studio=studio, production=film)
    likeness = Likeness.objects.create(
        person=person, production=film, ai_use=use, kind="alteration"
    )
    likeness.sources.add(cited)
    Response.objects.create(
        studio=studio,
        person=person,
        ai_use=use,
        controversy=row,
        stance="confirms",
        summary="Yes.",
        quote=quote,
    )
    rule = Rule.objects.create(
        slug="rule", title="Rule", kind="law", summary="A law.", issuer=studio
    )
    RuleLink.objects.create(rule=rule, relation="governs", controversy=row)
    RuleLink.objects.create(rule=rule, relation="governs", likeness=likeness)
    return dup, kept


@shared_data
def merge_pairs():
    """make_pair()'s records as their ids, made once for the tests that merge them (each test's
    merge is rolled back at its end)."""
    return tuple({model: record.pk for model, record in side.items()} for side in make_pair())


@pytest.fixture
def pair(merge_pairs):
    """The duplicates and the kept records, read afresh for each test: a merge deletes the
    duplicate it is given, and changes the kept record."""
    return tuple(
        {model: model.objects.get(pk=pk) for model, pk in side.items()} for side in merge_pairs
    )


def pointing_rows(record):
    """(model.field, count) for every row of every model (history and many-to-many tables
    included) whose foreign key holds the record's id, and its tags: found from every model's
    fields, not from catalog/merge.py's list, so a link it forgets shows here."""
    model = type(record)
    found = {}
    for other in apps.get_models(include_auto_created=True):
        for model_field in other._meta.concrete_fields:
            if isinstance(model_field, ForeignKey) and model_field.related_model is model:
                found[f"{other._meta.label}.{model_field.name}"] = other._base_manager.filter(
                    **{model_field.attname: record.pk}
                ).count()
    found["tags"] = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=record.pk
    ).count()
    found["own history"] = model.history.model.objects.filter(id=record.pk).count()
    return found


@pytest.mark.parametrize("model", list(ADMIN_PATHS))
def test_every_relation_moves_to_the_kept_record(pair, model):
    dup, kept = pair
    before = pointing_rows(dup[model])
    # The data links the duplicate in every way the schema allows, so a relation merge.py
    # misses would be left behind below.
    assert all(count > 0 for count in before.values()), {
        name: count for name, count in before.items() if not count
    }
    kept_before = pointing_rows(kept[model])

    merge.merge(dup[model], kept[model])

    after = pointing_rows(dup[model])
    assert all(count == 0 for count in after.values()), after
    kept_after = pointing_rows(kept[model])
    for name in before:
        # Nothing lost: what pointed at the duplicate points at the kept record, less the
        # identical links that became one, plus the merge's own history entry.
        assert kept_after[name] >= kept_before[name], name
    assert kept_after["own history"] == kept_before["own history"] + before["own history"] + 1
    assert not model.objects.filter(pk=dup[model].pk).exists()


def test_a_production_merge_moves_claims_citations_tags_and_history(pair):
    dup, kept = pair
    film, into = dup[Production], kept[Production]
    use = AIUse.objects.get(production=film)
    version = current()

    with CaptureQueriesContext(connection) as queries:
        merge.merge(film, into)
    bumps = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "catalog_catalogversion"')]
    assert len(bumps) == 1  # the catalog's version moves once, however many rows moved

    into.refresh_from_db()
    assert list(into.ai_uses.all()) == [use]
    assert into.credits.count() == 1 and into.quotes.count() == 1 and into.figures.count() == 1
    assert into.likenesses.get().ai_use == use
    # The shared source is cited once; the duplicate's own source moved.
    assert sorted(into.sources.values_list("slug", flat=True)) == ["nandu-report", "shared-report"]
    assert sorted(into.tags.names()) == ["dup tag", "kept tag", "shared tag"]
    # Its two identical studio roles became one.
    assert ProductionStudio.objects.filter(production=into).count() == 1
    assert list(dup[Controversy].productions.all()) == [into]
    history = list(into.history.order_by("-history_date", "-history_id"))
    assert (
        history[0].history_change_reason
        == f"Merged “Ελληνικά dup (2024)” (P{film.pk}) into this record"
    )
    assert {entry.title for entry in history} == {"Ελληνικά dup", "Ελληνικά kept"}
    assert current().n > version.n


def test_merging_controversies_keeps_each_linked_studio_once(pair):
    dup, kept = pair
    merge.merge(dup[Controversy], kept[Controversy])
    row = kept[Controversy]
    assert sorted(row.studios.values_list("slug", flat=True)) == ["studio-dup", "studio-kept"]
    assert row.quotes.count() == 1 and row.responses.count() == 1 and row.rule_links.count() == 1


def test_the_duplicate_addresses_answer_301_to_the_kept_record(client, pair):
    dup, kept = pair
    studio = dup[Studio]
    studio.slug = "studio-dup-renamed"
    studio.save()  # its first slug is a former address now
    pk = studio.pk

    merge.merge(studio, kept[Studio])

    for old in ("studio-dup", "studio-dup-renamed"):
        page = client.get(f"/studios/{old}/")
        assert page.status_code == 301
        assert page["Location"] == "/studios/studio-kept/"
        assert client.get(f"/studios/{old}.json")["Location"] == "/studios/studio-kept.json"
        assert client.get(f"/studios/{old}.atom")["Location"] == "/studios/studio-kept.atom"
    permanent = client.get(f"/id/S{pk}")
    assert permanent.status_code == 301
    assert permanent["Location"] == "/studios/studio-kept/"
    assert client.get("/studios/studio-kept/").status_code == 200
    former = FormerAddress.objects.get(record_type="studio", slug="studio-dup-renamed")
    assert (former.reason, former.merged_into) == ("merged", kept[Studio].pk)


def test_a_chain_of_merges_leads_to_the_last_kept_record(client):
    first, second, third = [
        AITool.objects.create(slug=f"tool-{n}", name=f"Tool {n}", technique="generative")
        for n in ("first", "second", "third")
    ]
    first_pk = first.pk
    merge.merge(first, second)
    merge.merge(second, third)
    assert client.get("/tools/tool-first/")["Location"] == "/tools/tool-third/"
    assert client.get("/tools/tool-second.json")["Location"] == "/tools/tool-third.json"
    assert client.get(f"/id/T{first_pk}")["Location"] == "/tools/tool-third/"
    third.delete()
    # The record they were merged into is gone: so are they.
    assert client.get("/tools/tool-first/").status_code == 410
    assert client.get(f"/id/T{first_pk}").status_code == 410


def snapshot():
    """Every row of every catalog table, to show that a refused merge changed nothing."""
    return {
        model._meta.label: sorted(
            tuple(str(v) for v in row) for row in model._base_manager.values_list()
        )
        for model in apps.get_app_config("catalog").get_models(include_auto_created=True)
        if model._meta.model_name != "catalogversion"
    } | {"tags": sorted(TaggedItem.objects.values_list("pk", "object_id", "tag_id"))}


def test_a_merge_that_would_lose_information_is_refused_and_changes_nothing(pair):
    dup, kept = pair
    # Two different likeness records of one performer of one kind on the two productions.
    Likeness.objects.create(
        person=dup[Person], production=kept[Production], kind="alteration", consent="refused"
    )
    before = snapshot()
    version = current().n
    with pytest.raises(merge.MergeRefused) as refusal:
        merge.merge(dup[Production], kept[Production])
    assert "Likeness records" in str(refusal.value)
    assert "consent" in str(refusal.value)
    assert snapshot() == before
    assert current().n == version


def test_a_record_cannot_be_merged_into_itself(pair):
    dup, _kept = pair
    with pytest.raises(merge.MergeRefused, match="into itself"):
        merge.merge(dup[Person], Person.objects.get(pk=dup[Person].pk))


# The admin ---------------------------------------------------------------------------------


def merge_url(model, kept, duplicate):
    return (
        reverse(f"admin:catalog_{ADMIN_PATHS[model]}_merge")
        + f"?keep={kept.pk}&duplicate={duplicate.pk}"
    )


def test_the_admin_action_leads_to_a_confirmation_page_then_merges(admin_client_logged_in, pair):
    dup, kept = pair
    changelist = reverse("admin:catalog_production_changelist")
    response = admin_client_logged_in.post(
        changelist,
        {"action": "merge_records", "_selected_action": [dup[Production].pk, kept[Production].pk]},
    )
    assert response.status_code == 302
    page = admin_client_logged_in.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    # The older record (the duplicate here, made first) is offered as the one kept.
    assert "Merge “Ελληνικά kept (2024)” into “Ελληνικά dup (2024)”" in body
    # Swap, then look at what will move before anything happens.
    page = admin_client_logged_in.get(merge_url(Production, kept[Production], dup[Production]))
    rows = {entry.label: (entry.moved, entry.combined) for entry in page.context["plan"].links}
    assert rows["AI uses"] == (1, 0)
    assert rows["Studio roles"] == (0, 1)
    assert rows["Tags"] == (1, 1)
    assert rows["Citations (sources cited)"] == (1, 1)
    assert rows["Controversies"] == (1, 0)
    assert Production.objects.filter(pk=dup[Production].pk).exists()

    done = admin_client_logged_in.post(
        reverse("admin:catalog_production_merge"),
        {"keep": kept[Production].pk, "duplicate": dup[Production].pk},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse(
        "admin:catalog_production_change", args=[kept[Production].pk]
    )
    assert not Production.objects.filter(pk=dup[Production].pk).exists()
    assert kept[Production].ai_uses.count() == 1


def test_the_action_needs_exactly_two_records(admin_client_logged_in, pair):
    dup, _kept = pair
    response = admin_client_logged_in.post(
        reverse("admin:catalog_studio_changelist"),
        {"action": "merge_records", "_selected_action": [dup[Studio].pk]},
        follow=True,
    )
    assert "Select exactly two records to merge" in response.content.decode()


def test_the_admin_shows_a_conflict_and_merges_nothing(admin_client_logged_in, pair):
    dup, kept = pair
    Credit.objects.create(person=dup[Person], production=kept[Production], role="Director")
    Credit.objects.filter(production=kept[Production]).update(role="Director")
    # Two credits in one slot that differ only in... nothing: identical, they'd become one.
    # A differing likeness record competes for one slot instead:
    Likeness.objects.create(
        person=dup[Person], production=kept[Production], kind="alteration", paid="yes"
    )
    before = snapshot()
    url = merge_url(Production, kept[Production], dup[Production])
    page = admin_client_logged_in.get(url)
    assert page.status_code == 200
    assert "cannot be merged yet" in page.content.decode()
    assert 'id="merge-form"' not in page.content.decode()
    posted = admin_client_logged_in.post(
        reverse("admin:catalog_production_merge"),
        {"keep": kept[Production].pk, "duplicate": dup[Production].pk},
    )
    assert posted.status_code == 409
    assert "paid, as reported" in posted.content.decode()
    assert snapshot() == before


def test_merging_a_record_into_itself_is_refused_in_the_admin(admin_client_logged_in, pair):
    dup, _kept = pair
    response = admin_client_logged_in.post(
        reverse("admin:catalog_aitool_merge"),
        {"keep": dup[AITool].pk, "duplicate": dup[AITool].pk},
    )
    assert response.status_code == 400
    assert "cannot be merged into itself" in response.content.decode()
    assert AITool.objects.filter(pk=dup[AITool].pk).exists()


def test_an_editor_who_may_not_delete_the_duplicate_cannot_merge(client, pair):
    call_command(
        "create_editor", "editor", "editor@example.com", password="frame-by-frame-42", verbosity=0
    )
    client.force_login(get_user_model().objects.get(username="editor"))
    dup, kept = pair
    before = snapshot()
    url = merge_url(Person, kept[Person], dup[Person])
    assert client.get(url).status_code == 403
    posted = client.post(
        reverse("admin:catalog_person_merge"),
        {"keep": kept[Person].pk, "duplicate": dup[Person].pk},
    )
    assert posted.status_code == 403
    # The action is not offered to them either.
    changelist = client.get(reverse("admin:catalog_person_changelist"))
    assert "merge_records" not in changelist.content.decode()
    assert snapshot() == before


def test_a_bad_id_is_a_clear_400(admin_client_logged_in, pair):
    url = reverse("admin:catalog_studio_merge") + "?keep=abc&duplicate=999999999"
    response = admin_client_logged_in.get(url)
    assert response.status_code == 400
    assert "No studio has the id" in response.content.decode()
