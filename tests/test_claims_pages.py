"""Likeness records, responses and rule links where readers look: beside the claims they concern,
on the pages of the people and studios involved, and on the rule's own page."""

import pytest

from catalog.models import AIUse, Controversy, Likeness, Response, RuleLink, Source
from tests.factories import make_catalog, make_seed_likeness, make_seed_rule
from tests.pages import links, text

pytestmark = pytest.mark.django_db


def test_a_production_page_shows_responses_beside_the_use_they_answer(client, seed):
    page = client.get("/productions/el-eternauta/")
    shown = text(page)

    use = shown.index("Generative AI by Netflix at Post-production")
    answers = shown.index("Responses Ted Sarandos for Netflix Confirms")
    likeness = shown.index("Likeness and consent")
    assert use < answers < likeness
    assert "Davier Yoon Defends and Criticism of AI as “devaluing artistic merit”" not in shown
    assert "Davier Yoon Defends about Criticism of AI as “devaluing artistic merit”" in shown
    # Each response links to the words it quotes, on its speaker's page.
    quote = Response.objects.get(person__slug="ted-sarandos").quote
    assert quote.get_absolute_url() in page.content.decode()
    assert "/people/davier-yoon/" in links(page)


def test_a_production_with_no_likeness_record_says_so(client, seed):
    shown = text(client.get("/productions/the-irishman/"))
    assert "Likeness and consent No performer's likeness recorded as replicated or altered." in (
        shown
    )


def test_a_likeness_record_shows_on_the_production_and_the_person_page(client, seed):
    likeness = make_seed_likeness()
    likeness.consent = Likeness.Consent.DISPUTED
    likeness.save()

    production = text(client.get("/productions/the-irishman/"))
    person = client.get("/people/tyler-perry/")

    assert "Likeness and consent Tyler Perry Digital alteration" in production
    assert "Consent Disputed" in production
    assert "Likeness and consent The Irishman Digital alteration" in text(person)
    assert "/productions/the-irishman/" in links(person)
    # Its link leads to its place on the production's page.
    assert likeness.get_absolute_url() == f"/productions/the-irishman/#likeness-{likeness.pk}"
    assert (
        f'id="likeness-{likeness.pk}"' in client.get("/productions/the-irishman/").content.decode()
    )


def test_a_person_page_lists_the_responses_they_made(client, seed):
    shown = text(client.get("/people/ted-sarandos/"))
    assert "Responses they made Netflix Confirms about Generative AI on El Eternauta" in shown


def test_a_studio_page_lists_the_responses_it_made(client, seed):
    shown = text(client.get("/studios/netflix/"))
    assert "Responses it made Ted Sarandos Confirms about Generative AI on El Eternauta" in shown
    assert "Responses it made" not in text(client.get("/studios/warner-bros/"))


def test_a_controversy_page_shows_its_responses_and_the_rules_that_bear_on_it(client, seed):
    make_seed_rule()  # cited in the strike's dispute

    merit = text(client.get("/controversies/ai-devaluing-artistic-merit/"))
    strike = client.get("/controversies/ai-in-the-2023-hollywood-strike/")

    assert "Responses Davier Yoon Defends about Generative AI on El Eternauta" in merit
    assert "Rules that bear on it A guild agreement · was cited in the dispute" in text(strike)
    assert "/rules/a-guild-agreement/" in links(strike)


def test_a_rule_page_lists_what_it_bears_on_with_the_relation(client, seed):
    rule = make_seed_rule()
    likeness = make_seed_likeness()
    use = AIUse.objects.get(production__slug="el-eternauta")
    source = Source.objects.get(slug="khanh-linh-article")
    for relation, subject in (
        ("governs", {"ai_use": use}),
        ("alleged-breach", {"likeness": likeness}),
    ):
        RuleLink.objects.create(rule=rule, relation=relation, **subject).sources.add(source)

    page = client.get(rule.get_absolute_url())
    shown = text(page)

    assert "Governs: AI use Generative AI on El Eternauta · Post-production" in shown
    assert "Allegedly breached: Likeness of Tyler Perry in The Irishman" in shown
    assert "Was cited in the dispute: Controversy AI in the 2023 Hollywood strike" in shown
    assert {"/productions/el-eternauta/", "/people/tyler-perry/"} <= links(page)
    # The likeness record's own page section shows the rule too.
    irishman = text(client.get("/productions/the-irishman/"))
    assert "Rules that bear on it: A guild agreement (allegedly breached)" in irishman


def test_a_rule_linked_to_nothing_says_so(client, seed):
    rule = make_seed_rule()
    rule.links.all().delete()
    assert "What it bears on Nothing linked to this rule yet." in text(
        client.get(rule.get_absolute_url())
    )


def test_a_source_page_lists_the_new_claims_that_cite_it(client, seed):
    make_seed_rule()
    make_seed_likeness()
    shown = text(client.get("/sources/khanh-linh-article/"))
    assert "Likeness records" in shown and "Tyler Perry in The Irishman" in shown
    assert "Responses" in shown and "Ted Sarandos confirms" in shown
    assert "Rule links" in shown


def test_a_rule_bearing_on_more_than_a_page_shows_how_many(client, db):
    catalog = make_catalog(3, prefix="few")
    rule = RuleLink.objects.first().rule
    source = Source.objects.first()
    uses = AIUse.objects.exclude(rule_links__rule=rule)
    for use in uses:
        RuleLink.objects.create(rule=rule, relation="governs", ai_use=use).sources.add(source)
    from catalog import views

    total = rule.links.count()
    limit, views.LIMIT = views.LIMIT, 2
    try:
        shown = text(client.get(rule.get_absolute_url()))
    finally:
        views.LIMIT = limit
    assert f"Showing 2 of {total}." in shown
    assert catalog["productions"]


def test_responses_without_a_date_come_after_dated_ones(db):
    catalog = make_catalog(2, prefix="few")
    controversy = Controversy.objects.first()
    person = catalog["people"][0]
    undated = Response.objects.create(
        person=person, controversy=controversy, stance="declines", summary="No comment."
    )
    assert list(Response.objects.filter(controversy=controversy))[-1] == undated
