"""The seed data holds the article's records, linked and cited, and loads idempotently."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection

from catalog.management.commands.seed import SEED_FIXTURE
from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Figure,
    Person,
    Production,
    Quote,
    Source,
    Stage,
    Studio,
)

pytestmark = pytest.mark.django_db

COUNTED = [Source, Studio, Production, AITool, AIUse, Person, Controversy, Quote, Figure, Stage]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_seed_loads_into_an_empty_database_and_again_without_change(seed):
    first = counts()
    assert first["Production"] == 4 and first["Studio"] == 7 and first["AITool"] == 6
    call_command("seed", str(SEED_FIXTURE), verbosity=0)
    assert counts() == first


def test_el_eternauta_is_a_six_episode_netflix_series_based_on_the_comic(seed):
    series = Production.objects.get(slug="el-eternauta")
    assert series.kind == Production.Kind.SERIES
    assert series.episodes == 6
    assert "Oesterheld" in series.based_on_by and "Solano Lopez" in series.based_on_by
    assert series.studio_roles.get().studio.name == "Netflix"
    assert series.year is None, "the article gives no year: it stays blank for editors"


def test_netflix_generative_ai_shot_is_confirmed_and_cites_the_guardian(seed):
    use = AIUse.objects.get(tool__slug="generative-ai", production__slug="el-eternauta")
    assert use.studio.slug == "netflix"
    assert use.stage.slug == "post-production"
    assert "collapsing building" in use.description
    assert use.sources.filter(publisher="The Guardian").exists()


@pytest.mark.parametrize(
    "tool, production, studio, stage",
    [
        ("ai-script-analysis", "logan", "20th-century-fox", "development"),
        ("cinelytic", None, "warner-bros", "pre-production"),
        ("facedirector", "avengers-infinity-war", None, "post-production"),
        ("deepfake", "the-irishman", None, "post-production"),
    ],
)
def test_article_ai_uses_are_linked(seed, tool, production, studio, stage):
    use = AIUse.objects.get(tool__slug=tool)
    assert (use.production.slug if use.production else None) == production
    assert (use.studio.slug if use.studio else None) == studio
    assert use.stage.slug == stage


def test_facedirector_is_made_by_disney(seed):
    assert AITool.objects.get(slug="facedirector").vendor.slug == "disney"


def test_people_hold_their_roles(seed):
    assert (
        str(Person.objects.get(slug="ted-sarandos").roles.get())
        == "Ted Sarandos, Co-CEO at Netflix"
    )
    yoon = Person.objects.get(slug="davier-yoon").roles.get()
    assert yoon.title == "Co-founder" and yoon.studio.country == "Singapore"


def test_yoon_quote_is_kept_word_for_word(seed):
    quote = Quote.objects.get(person__slug="davier-yoon", is_paraphrase=False)
    assert quote.text == "Ultimately, it is the artist who decides what is in the frame, not the AI"


def test_figures_hold_the_article_numbers(seed):
    revenue = Figure.objects.get(studio__slug="netflix", unit="USD")
    assert revenue.value == 11_000_000_000
    assert Figure.objects.get(studio__slug="netflix", unit="%").value == 16
    assert Figure.objects.get(studio__slug="tyler-perrys-atlanta-studio").value == 800_000_000


def test_strike_controversy_involves_sag_aftra(seed):
    strike = Controversy.objects.get(slug="ai-in-the-2023-hollywood-strike")
    assert strike.year == 2023
    assert list(strike.studios.values_list("slug", flat=True)) == ["sag-aftra"]


def test_every_claim_cites_a_source(seed):
    for model in (AIUse, Controversy, Quote, Figure):
        uncited = model.objects.filter(sources=None)
        assert not uncited.exists(), f"{model.__name__} without a source: {list(uncited)}"


def test_records_carry_tags(seed):
    assert set(Studio.objects.get(slug="netflix").tags.names()) == {"streaming", "generative AI"}
    tagged = [
        m
        for m in (Production, Studio, AITool, Controversy, Person)
        if m.objects.filter(tags__name="generative AI").exists()
    ]
    assert len(tagged) >= 3


# Seeding never replaces what is not the seed's own, and says what it did ---------------------


def seed_output(*fixtures):
    """What `manage.py seed` says; the article's seed unless other fixtures are named."""
    out = StringIO()
    call_command("seed", *(fixtures or [str(SEED_FIXTURE)]), stdout=out)
    return out.getvalue()


def test_seed_keeps_an_editors_records_that_hold_the_seeds_ids(db):
    # The ids the fixture gives El Eternauta and Netflix, as on a new database.
    production = Production.objects.create(pk=1, title="An editor's film", slug="an-editors-film")
    studio = Studio.objects.create(pk=1, name="An editor's studio", slug="an-editors-studio")
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Production, Studio]):
            cursor.execute(statement)

    output = seed_output()

    assert Production.objects.get(pk=1).title == "An editor's film"
    assert Studio.objects.get(pk=1).name == "An editor's studio"
    assert production.history.count() == studio.history.count() == 1
    eternauta = Production.objects.get(slug="el-eternauta")
    assert eternauta.pk != 1
    assert eternauta.studio_roles.get().studio.slug == "netflix"
    rows = json.loads((settings.BASE_DIR / "fixtures" / "seed.json").read_text())
    new = [row for row in rows if row["model"].startswith("catalog.") and "pk" in row]
    assert f"{len(new)} records created" in output  # all but the stages the migrations made


def test_seed_adds_to_a_generated_catalog(db):
    call_command("generate_catalog", productions=5, tags=5, verbosity=0)
    generated = {model: model.objects.count() for model in (Production, Studio, AIUse)}

    output = seed_output()

    assert Production.objects.count() == generated[Production] + 4
    assert Studio.objects.count() == generated[Studio] + 7
    assert AIUse.objects.count() == generated[AIUse] + 5
    assert "records created" in output
    assert "generative AI" in Studio.objects.get(slug="netflix").tags.names()


def test_a_second_run_changes_nothing_and_says_so(seed):
    times = {p.slug: (p.created, p.updated) for p in Production.objects.all()}
    versions = Production.history.count()

    output = seed_output()

    assert "0 records created" in output and "nothing changed" in output
    assert {p.slug: (p.created, p.updated) for p in Production.objects.all()} == times
    assert Production.history.count() == versions


def test_what_the_seed_creates_is_in_the_history_with_its_links(seed):
    version = Production.objects.get(slug="el-eternauta").history.get()
    assert version.history_type == "+"
    assert len(version.history_links["sources"]) == 2
    assert version.history_links["tags"] == sorted(
        Production.objects.get(slug="el-eternauta").tags.names()
    )


def test_an_editors_version_of_a_seed_record_wins_and_is_reported(seed):
    netflix = Studio.objects.get(slug="netflix")
    netflix.name = "Netflix, Inc."
    netflix.save()
    updated = Studio.objects.get(slug="netflix").updated

    output = seed_output()

    netflix.refresh_from_db()
    assert (netflix.name, netflix.updated) == ("Netflix, Inc.", updated)
    assert "where they differ from the fixture: studio “netflix”" in output


def test_an_editors_link_to_another_record_wins_and_is_reported(seed):
    tool = AITool.objects.get(slug="facedirector")
    vendor = tool.vendor
    tool.vendor = Studio.objects.exclude(pk=vendor.pk).order_by("slug").first()
    tool.save()

    output = seed_output()

    tool.refresh_from_db()
    assert tool.vendor != vendor
    # Only that record: every untouched link compares equal.
    assert "where they differ from the fixture: AI tool “facedirector”.\n" in output + "\n"
    assert output.count("differ from the fixture") == 1


def test_a_slug_an_editor_took_before_the_seed_keeps_the_editors_record(db):
    Studio.objects.create(name="Netflix (editor)", slug="netflix", country="USA")

    output = seed_output()

    netflix = Studio.objects.get(slug="netflix")
    assert (netflix.name, netflix.country) == ("Netflix (editor)", "USA")
    # The seed's claims about Netflix link to the record that is there.
    assert AIUse.objects.filter(studio=netflix, production__slug="el-eternauta").exists()
    assert "studio “netflix”" in output


def test_a_seed_record_an_editor_deleted_is_not_brought_back(seed):
    # One no response gives as its words: those are protected from deletion.
    quote = Quote.objects.filter(responses=None).order_by("pk").first()
    quote.delete()

    output = seed_output()

    assert not Quote.objects.filter(text=quote.text, person=quote.person).exists()
    assert "changed or deleted since seeded" in output


def test_any_fixture_file_loads_the_same_way(db, tmp_path):
    fixture = tmp_path / "more.json"
    fixture.write_text(
        json.dumps(
            [
                {"model": "catalog.source", "pk": 7, "fields": {"slug": "rep", "title": "Rep"}},
                {
                    "model": "catalog.studio",
                    "pk": 1,
                    "fields": {"slug": "weta", "name": "Weta FX", "kind": "vfx", "sources": [7]},
                },
                {"model": "taggit.tag", "pk": 3, "fields": {"name": "VFX", "slug": "vfx"}},
                {
                    "model": "taggit.taggeditem",
                    "pk": 9,
                    "fields": {"tag": 3, "content_type": ["catalog", "studio"], "object_id": 1},
                },
            ]
        )
    )
    output = seed_output(str(fixture))

    weta = Studio.objects.get(slug="weta")
    assert [s.slug for s in weta.sources.all()] == ["rep"] and list(weta.tags.names()) == ["VFX"]
    assert "Seed (more.json): 2 records created, 0 already present." in output


def test_a_file_that_is_not_a_fixture_is_refused_with_a_message(db, tmp_path):
    fixture = tmp_path / "broken.json"
    fixture.write_text('{"not": "a list"}')
    with pytest.raises(CommandError, match="is not a fixture"):
        call_command("seed", str(fixture), verbosity=0)
    assert not Studio.objects.exists()


def test_a_row_that_fails_validation_is_left_out_with_the_reason(db, tmp_path):
    fixture = tmp_path / "checked.json"
    use = {"tool": 1, "production": 1, "stage": ["post-production"], "sources": [7]}
    fixture.write_text(
        json.dumps(
            [
                {"model": "catalog.source", "pk": 7, "fields": {"slug": "rep", "title": "Rep"}},
                {
                    "model": "catalog.aitool",
                    "pk": 1,
                    "fields": {"slug": "t", "name": "T", "technique": "generative"},
                },
                {
                    "model": "catalog.production",
                    "pk": 1,
                    "fields": {"slug": "p", "title": "P", "kind": "film"},
                },
                {
                    "model": "catalog.person",
                    "pk": 1,
                    "fields": {"slug": "who", "name": "Who", "wikidata_id": "nope"},
                },
                {"model": "catalog.credit", "pk": 1, "fields": {"person": 1, "production": 1}},
                {
                    "model": "catalog.aiuse",
                    "pk": 1,
                    "fields": {**use, "description": "Kept.", "status": "confirmed"},
                },
                {
                    "model": "catalog.aiuse",
                    "pk": 2,
                    "fields": {
                        **use,
                        "stage": ["pre-production"],
                        "description": "Bad status.",
                        "status": "rumoured",
                    },
                },
            ]
        )
    )
    output = seed_output(str(fixture))

    kept = AIUse.objects.get()
    assert (kept.description, kept.tool.slug, kept.production.slug, kept.stage.slug) == (
        "Kept.",
        "t",
        "p",
        "post-production",
    )
    assert [source.slug for source in kept.sources.all()] == ["rep"]
    assert not Person.objects.exists()
    assert "person “who” (A Wikidata ID looks like Q123456.)" in output
    assert "it links to person 1, which is left out" in output
    assert "Value 'rumoured' is not a valid choice." in output
