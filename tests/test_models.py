"""The database keeps the catalog's rules, whatever code writes to it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Figure,
    Person,
    Production,
    ProductionStudio,
    Source,
    Stage,
    Studio,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage():
    return Stage.objects.get(slug="post-production")


@pytest.fixture
def tool():
    return AITool.objects.create(name="Tool", slug="tool", technique=AITool.Technique.GENERATIVE)


def test_stages_come_in_pipeline_order():
    assert list(Stage.objects.values_list("slug", flat=True)) == [
        "development",
        "pre-production",
        "production",
        "post-production",
        "distribution",
    ]


def test_ai_use_needs_a_production_or_a_studio(tool, stage):
    with pytest.raises(IntegrityError), transaction.atomic():
        AIUse.objects.create(tool=tool, stage=stage, description="floating")


def test_ai_use_clean_explains_what_is_missing(tool, stage):
    use = AIUse(tool=tool, stage=stage, description="floating")
    with pytest.raises(ValidationError, match="needs a production or a studio"):
        use.full_clean()


def test_ai_use_with_only_a_studio_is_allowed(tool, stage):
    studio = Studio.objects.create(name="S", slug="s")
    use = AIUse.objects.create(tool=tool, stage=stage, studio=studio, description="used")
    assert use.pk


def test_figure_needs_a_subject():
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.create(label="Revenue", value=1, unit="USD")


@pytest.mark.parametrize(
    "model, fields",
    [
        (Studio, {"name": "A"}),
        (Production, {"title": "A"}),
        (Person, {"name": "A"}),
        (Source, {"title": "A"}),
        (AITool, {"name": "A", "technique": "other"}),
    ],
)
def test_slugs_are_unique(model, fields):
    model.objects.create(slug="same", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(slug="same", **fields)


@pytest.mark.parametrize(
    "model, fields",
    [
        (Studio, {"name": "A"}),
        (Production, {"title": "A"}),
        (Person, {"name": "A"}),
        (Source, {"title": "A"}),
        (AITool, {"name": "A", "technique": "other"}),
        (Controversy, {"title": "A", "summary": "s"}),
        (Stage, {"name": "Previsualisation", "position": 9}),
    ],
)
def test_slugs_differing_only_in_capitals_are_refused_by_the_database(model, fields):
    model.objects.create(slug="logan", **fields)
    if model is Stage:
        fields = {**fields, "name": "Other", "position": 10}
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(slug="LOGAN", **fields)


@pytest.mark.parametrize(
    "model, field, bad, good",
    [
        # Arabic-Indic, Devanagari and full-width digits: \\d matches them, links break.
        (Production, "imdb_id", "tt\u0661\u0662\u0663\u0664\u0665\u0666\u0667", "tt1234567"),
        (Production, "wikidata_id", "Q1\u0663", "Q13"),
        (Person, "imdb_id", "nm\u0967\u0968\u0969\u096a\u096b\u096c\u096d", "nm1234567"),
        (Studio, "imdb_id", "co\uff11\uff12\uff13\uff14\uff15\uff16\uff17", "co1234567"),
        (Studio, "wikidata_id", "Q3\n", "Q3"),
    ],
)
def test_external_ids_take_ascii_digits_only(model, field, bad, good):
    name = "title" if model is Production else "name"
    record = model(slug="x", **{name: "X", field: bad})
    with pytest.raises(ValidationError, match="looks like"):
        record.full_clean()
    setattr(record, field, good)
    record.full_clean()


def test_production_year_outside_film_history_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Production.objects.create(title="Too early", slug="too-early", year=1200)


def test_far_future_year_is_refused_with_a_message():
    production = Production(title="Later", slug="later", year=3000)
    with pytest.raises(ValidationError) as error:
        production.full_clean()
    assert "too far in the future" in str(error.value)


def test_same_studio_role_twice_is_refused():
    production = Production.objects.create(title="P", slug="p")
    studio = Studio.objects.create(name="S", slug="s")
    ProductionStudio.objects.create(production=production, studio=studio, role="producer")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductionStudio.objects.create(production=production, studio=studio, role="producer")


def test_deleting_a_studio_a_tool_points_at_is_refused(tool):
    vendor = Studio.objects.create(name="Vendor", slug="vendor")
    tool.vendor = vendor
    tool.save()
    with pytest.raises(ProtectedError):
        vendor.delete()
    assert Studio.objects.filter(pk=vendor.pk).exists()


def test_deleting_a_production_with_ai_uses_keeps_both(tool, stage):
    production = Production.objects.create(title="P", slug="p")
    AIUse.objects.create(tool=tool, stage=stage, production=production, description="used")
    with pytest.raises(ProtectedError):
        production.delete()
    assert AIUse.objects.count() == 1


def test_deleting_a_source_that_a_claim_cites_is_refused():
    source = Source.objects.create(title="Report", slug="report")
    controversy = Controversy.objects.create(title="C", slug="c", summary="s")
    controversy.sources.add(source)
    with pytest.raises(ProtectedError) as error, transaction.atomic():
        source.delete()
    assert controversy in error.value.protected_objects
    assert controversy.sources.get() == source


def test_deleting_an_uncited_source_works():
    Source.objects.create(title="Unused", slug="unused").delete()
    assert not Source.objects.exists()


def test_every_record_links_to_its_page(tool):
    assert tool.get_absolute_url() == "/tools/tool/"
    assert Stage.objects.get(slug="development").get_absolute_url() == "/stages/development/"
