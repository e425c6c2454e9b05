"""The synthetic catalog command: proportions, skew, determinism, and refusing to clobber data."""

from collections import Counter

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from taggit.models import Tag, TaggedItem

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
from tests.scratch_db import server


def generate(**options):
    call_command("generate_catalog", verbosity=0, **options)


def snapshot():
    """What a reader would see differ between two catalogs."""
    return (
        list(Production.objects.order_by("pk").values_list("slug", "title", "year", "synopsis")),
        list(AIUse.objects.order_by("pk").values_list("tool_id", "production_id", "stage_id")),
        sorted(TaggedItem.objects.values_list("tag__name", "content_type_id", "object_id")),
    )


@pytest.mark.django_db
def test_the_catalog_is_proportional_linked_and_skewed():
    generate(productions=400, seed=7)

    assert Production.objects.count() == 400
    assert Studio.objects.count() == 20
    assert AITool.objects.count() == 8
    assert AIUse.objects.count() == 1200
    assert Controversy.objects.count() == 20
    assert Person.objects.count() == 80
    assert Source.objects.count() == 40
    # Every AI use cites a source and sits at one of the pipeline's stages.
    assert not AIUse.objects.filter(sources=None).exists()
    assert set(AIUse.objects.values_list("stage_id", flat=True)) <= set(
        Stage.objects.values_list("pk", flat=True)
    )
    # Around ten tags per production, drawn from a few hundred tags, the first ones far ahead.
    assert 400 * 6 <= TaggedItem.objects.count() <= 400 * 14 + 400
    uses = Counter(TaggedItem.objects.values_list("tag__name", flat=True))
    (top_name, top_count), *_ = uses.most_common()
    assert top_name == "generative AI"
    assert top_count > 10 * sorted(uses.values())[len(uses) // 2]
    tool_uses = Counter(AIUse.objects.values_list("tool_id", flat=True)).most_common()
    assert tool_uses[0][1] > 4 * tool_uses[-1][1]


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_catalog_and_another_seed_does_not():
    generate(productions=120, seed=3)
    first = snapshot()
    generate(productions=120, seed=3, force=True)
    assert snapshot() == first
    generate(productions=120, seed=4, force=True)
    assert snapshot() != first


@pytest.mark.django_db
def test_a_catalog_with_records_is_left_alone_without_append_or_force(seed):
    before = Production.objects.count()
    with pytest.raises(CommandError, match="not empty.*--append.*--force"):
        generate(productions=50)
    assert Production.objects.count() == before


@pytest.mark.django_db
def test_append_keeps_the_records_already_there(seed):
    logan = Production.objects.get(slug="logan")
    generate(productions=60, append=True)
    assert Production.objects.count() == 4 + 60
    assert Production.objects.get(pk=logan.pk).title == "Logan"
    # The seed's tags are reused by name, not duplicated.
    assert Tag.objects.filter(name__iexact="generative AI").count() == 1
    # New records can still be added the ordinary way after explicit ids were written.
    assert Production.objects.create(title="Added", slug="added").pk > logan.pk


@pytest.mark.django_db
def test_force_replaces_the_catalog_but_keeps_the_stages(seed):
    stages = list(Stage.objects.values_list("slug", flat=True))
    generate(productions=30, force=True)
    assert not Production.objects.filter(slug="logan").exists()
    assert Production.objects.count() == 30
    assert list(Stage.objects.values_list("slug", flat=True)) == stages


@pytest.mark.django_db
def test_statistics_do_not_wait_for_a_table_another_session_holds():
    """The closing ANALYZE skips a table it cannot lock at once (autovacuum's, usually)."""
    if connection.vendor != "postgresql":
        pytest.skip("ANALYZE is PostgreSQL's")
    other = psycopg.connect(dbname=connection.settings_dict["NAME"], **server())
    try:
        table = connection.ops.quote_name(Production._meta.db_table)
        other.execute(f"LOCK TABLE {table} IN SHARE UPDATE EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '3s'")  # a wait fails, not hangs
        generate(productions=20)
        assert Production.objects.count() == 20
    finally:
        other.close()


@pytest.mark.django_db
def test_generated_records_are_found_by_search():
    generate(productions=50, seed=5)
    production = Production.objects.order_by("pk").first()
    word = production.title.split()[-1]
    assert production in Production.objects.search(word)
    tag = production.tags.first()
    assert production in Production.objects.search(tag.name)
    if connection.vendor == "postgresql":
        assert not Production.objects.filter(search_vector=None).exists()


@pytest.mark.django_db
def test_bad_sizes_are_refused_with_a_message():
    with pytest.raises(CommandError, match="--productions must be at least 1"):
        generate(productions=0)
    assert not Production.objects.exists()


@pytest.mark.django_db
def test_the_catalog_has_likeness_records_responses_and_rule_links_in_proportion():
    from catalog.models import Likeness, Response, RuleLink

    generate(productions=400, seed=7)

    # One likeness record per twenty productions, a response and a rule link per ten (fewer
    # only where a draw repeated a performer's record or a rule's link), every one cited.
    assert 15 <= Likeness.objects.count() <= 20
    assert Response.objects.count() == 40
    assert 30 <= RuleLink.objects.count() <= 40
    for model in (Likeness, Response, RuleLink):
        assert not model.objects.filter(sources=None).exists(), model
    # A likeness record's AI use is one of its production's.
    for likeness in Likeness.objects.exclude(ai_use=None).select_related("ai_use"):
        assert likeness.ai_use.production_id == likeness.production_id
    # Every kind of subject a rule can bear on is there, and each rule link has exactly one.
    assert RuleLink.objects.exclude(ai_use=None).exists()
    assert RuleLink.objects.exclude(controversy=None).exists()
    assert RuleLink.objects.exclude(likeness=None).exists()
