"""Every page runs as many SQL queries on a generated catalog as on the seed's dozen records.

Each page type is requested at the seed's size (the seed's records) and again after
generate_catalog has added a few hundred productions with everything in proportion (its most
linked records); the counts must match, cold (right after an edit) and warm (cached).
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from taggit.models import TaggedItem

from catalog import registry
from catalog.cache import bump
from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Credit,
    Likeness,
    Person,
    Production,
    Rule,
    RuleLink,
    Source,
    Studio,
)


def most_linked(model, queryset, field):
    row = queryset.values(field).annotate(n=Count("pk")).order_by("-n", field).first()
    return model.objects.get(pk=row[field]) if row else model.objects.order_by("pk").first()


def pages():
    # The tag on the most records (most_linked() would look the id up among the links).
    busiest = TaggedItem.objects.values("tag_id").annotate(n=Count("pk")).order_by("-n", "tag_id")
    tag = TaggedItem.tag_model().objects.get(pk=busiest[0]["tag_id"])
    records = {
        "production": most_linked(Production, AIUse.objects.exclude(production=None), "production"),
        "studio": most_linked(Studio, AIUse.objects.exclude(studio=None), "studio"),
        "tool": most_linked(AITool, AIUse.objects.all(), "tool"),
        "controversy": most_linked(
            Controversy, Controversy.productions.through.objects.all(), "controversy"
        ),
        "person": most_linked(Person, Credit.objects.all(), "person"),
        "source": most_linked(Source, AIUse.sources.through.objects.all(), "source"),
        "rule": most_linked(Rule, RuleLink.objects.all(), "rule"),
    }
    urls = {"home": "/", "tags": "/tags/", "timeline": "/timeline/"}
    for record_type in registry.LISTED:
        urls[f"{record_type.plural} list"] = f"/{record_type.plural}/"
        urls[f"{record_type.plural} last page"] = f"/{record_type.plural}/?page=100000"
    for kind, record in records.items():
        urls[f"{kind} detail"] = record.get_absolute_url()
    urls["stage"] = "/stages/post-production/"
    urls["ai uses"] = "/ai-uses/"
    urls["ai uses, last page"] = "/ai-uses/?page=100000"
    urls["ai uses, likeness, consent unknown, by technique"] = (
        "/ai-uses/?likeness=yes&consent=unknown&by=technique"
    )
    urls["ai uses, busiest tool"] = f"/ai-uses/?tool={records['tool'].slug}"
    urls["tag"] = f"/tags/{tag.slug}/"
    urls["search"] = f"/search/?q={tag.name}"
    return urls


def query_counts(client):
    counts = {}
    for name, url in pages().items():
        bump()  # cold: as right after an editor's change
        for state in ("cold", "warm"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            counts[f"{name} ({state})"] = len(queries)
    return counts


# Record pages, search and the cold stage and tag pages skip a prefetch query when a record
# has none of that kind of link (Django does not query for an empty parent list), so their
# cold counts depend on which kinds of links a record has, not on how many: they are pinned to
# a ceiling here instead of an exact number. Cold counts include the page cache's version read.
# Related records cost one query per record type among them, so a new tagged type adds one; the
# tag page and search read each type's matches (records, their tags, a count): a few per type;
# the tag page first reads how many records of each type carry the tag (one query).
# Likeness records, responses and rule links add a query each for their rows, two more for
# the rule links beneath a production's uses and likeness records; the citations of every
# claim on a page, with their sources, are one query (models.prefetch_citations); the AI uses
# that listed responses and rule links name, one more (views.with_use). A record's
# (or stage's) graph of its links is two more: its links in one query, their names in another
# (catalog/graph.py). A search turns a planner setting off for itself and back
# (catalog/search.py): four more inside a test's transaction (a savepoint, two settings, the
# release). The timeline reads the AI uses its responses answer in one more query, when a page
# has such a response (views.with_answered_uses).
COLD_CEILINGS = {
    "production detail": 30,
    "studio detail": 26,
    "tool detail": 20,
    "controversy detail": 26,
    "person detail": 23,
    "source detail": 23,
    "rule detail": 18,
    "stage": 16,
    "tag": 24,
    "search": 22,
    "timeline": 17,
}


@pytest.mark.django_db
def test_each_page_runs_the_same_queries_at_the_seed_size_and_at_scale(client, seed):
    # The article names no rule: one here, so that the rules pages have a record to show.
    rule = Rule.objects.create(slug="a-rule", title="A rule", kind="law", summary="s")
    rule.sources.add(Source.objects.first())
    rule.tags.add("generative AI")
    # Nor a likeness record: one here, so that the explorer's likeness filter finds a use.
    irishman = AIUse.objects.get(tool__slug="deepfake", production__slug="the-irishman")
    Likeness.objects.create(
        person=Person.objects.create(slug="a-performer", name="A Performer"),
        production=irishman.production,
        ai_use=irishman,
        kind=Likeness.Kind.ALTERATION,
    ).sources.add(Source.objects.first())
    at_seed = query_counts(client)
    call_command("generate_catalog", productions=300, seed=2, append=True, verbosity=0)
    assert Production.objects.count() > 300
    at_scale = query_counts(client)
    differ, over = {}, {}
    for page, count in at_seed.items():
        name, state = page.rsplit(" (", 1)
        if state == "cold)" and name in COLD_CEILINGS:
            if max(count, at_scale[page]) > COLD_CEILINGS[name]:
                over[page] = (count, at_scale[page], COLD_CEILINGS[name])
        elif at_scale[page] != count:
            differ[page] = (count, at_scale[page])
    assert not differ, f"query counts (seed, generated) that differ: {differ}"
    assert not over, f"query counts (seed, generated, ceiling) over the ceiling: {over}"
    # A repeat visit is one query at any size: the catalog version, then the cached page.
    warm = {page: count for page, count in at_scale.items() if page.endswith("(warm)")}
    assert set(warm.values()) == {1}, warm
