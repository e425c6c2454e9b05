"""The seed data holds the article's records, linked and cited, and loads idempotently."""

import pytest
from django.core.management import call_command

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
    call_command("seed", verbosity=0)
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
