"""Editors record likeness records, responses and rule links in the admin: on the screens of the
records they belong to, each citing a source, refused with a message when wrong, kept in the
history."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from catalog.forms import SOURCE_REQUIRED
from catalog.models import (
    AIUse,
    Controversy,
    Likeness,
    Person,
    Production,
    Quote,
    Response,
    Rule,
    RuleLink,
    Source,
    Stage,
    Studio,
)
from tests.factories import make_seed_likeness, make_seed_rule
from tests.pages import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, db):
    call_command(
        "create_editor", "editor", "editor@example.com", password="frame-by-frame-42", verbosity=0
    )
    client.force_login(get_user_model().objects.get(username="editor"))
    return client


def management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def rows(prefix, *items):
    data = management(prefix, total=len(items))
    for index, item in enumerate(items):
        data.update({f"{prefix}-{index}-{name}": value for name, value in item.items()})
    return data


def cites_as_shown(record):
    """A record's citations inline as its change page shows and posts them."""
    cites = list(record.cites.order_by("pk"))
    data = management("cites", total=len(cites)) | {"cites-INITIAL_FORMS": str(len(cites))}
    for index, cite in enumerate(cites):
        for name in ("id", "source", "locator", "note", "passage_start", "passage_end"):
            value = (
                cite.pk
                if name == "id"
                else getattr(cite, "source_id" if name == "source" else name)
            )
            data[f"cites-{index}-{name}"] = value
    return data


def change_form(production):
    """The production's own fields as its change page posts them, with no inline rows."""
    data = {
        "title": production.title,
        "slug": production.slug,
        "kind": production.kind,
        "tags": ", ".join(production.tags.names()),
        **cites_as_shown(production),
    }
    for prefix in ("studio_roles", "ai_uses", "figures", "likenesses"):
        data.update(management(prefix))
    return data


def saved(response):
    if response.status_code != 302:
        inline_errors = [
            (inline.formset.prefix, inline.formset.errors)
            for inline in response.context["inline_admin_formsets"]
        ]
        pytest.fail(f"not saved: {response.context['adminform'].form.errors} {inline_errors}")
    return True


def refused(response):
    assert response.status_code == 200, "saved, though it should have been refused"
    return text(response)


# Likeness records, on the production's screen ------------------------------------------------


def test_an_editor_records_a_likeness_on_the_production_screen_and_readers_see_it(
    editor_client, seed
):
    irishman = Production.objects.get(slug="the-irishman")
    perry = Person.objects.get(slug="tyler-perry")
    use = irishman.ai_uses.get()
    article = Source.objects.get(slug="khanh-linh-article")
    data = change_form(irishman) | rows(
        "likenesses",
        {
            "person": perry.pk,
            "ai_use": use.pk,
            "kind": "alteration",
            "description": "De-aged for flashbacks.",
            "sources": [article.pk],
        },
    )
    url = reverse("admin:catalog_production_change", args=[irishman.pk])

    assert saved(editor_client.post(url, data))

    likeness = Likeness.objects.get()
    # What the editor did not say stays unknown.
    assert (likeness.consent, likeness.paid, likeness.performer_living) == ("unknown",) * 3
    assert likeness.history.get().history_user.username == "editor"
    assert likeness.history.get().history_links["sources"] == [article.pk]
    page = text(editor_client.get(irishman.get_absolute_url()))
    assert "Likeness and consent Tyler Perry Digital alteration" in page
    assert "Consent Unknown" in page and "De-aged for flashbacks." in page


def test_a_likeness_without_a_source_is_refused_with_a_message(editor_client, seed):
    irishman = Production.objects.get(slug="the-irishman")
    data = change_form(irishman) | rows(
        "likenesses", {"person": Person.objects.get(slug="tyler-perry").pk, "kind": "alteration"}
    )
    url = reverse("admin:catalog_production_change", args=[irishman.pk])

    assert str(SOURCE_REQUIRED) in refused(editor_client.post(url, data))
    assert not Likeness.objects.exists()


def test_a_likeness_on_another_productions_use_is_refused_with_a_message(editor_client, seed):
    irishman = Production.objects.get(slug="the-irishman")
    logan_use = AIUse.objects.get(production__slug="logan")
    data = change_form(irishman) | rows(
        "likenesses",
        {
            "person": Person.objects.get(slug="tyler-perry").pk,
            "ai_use": logan_use.pk,
            "kind": "alteration",
            "sources": [Source.objects.get(slug="khanh-linh-article").pk],
        },
    )
    url = reverse("admin:catalog_production_change", args=[irishman.pk])

    assert "This AI use belongs to another production" in refused(editor_client.post(url, data))
    assert not Likeness.objects.exists()


def test_the_same_performer_production_and_kind_twice_is_refused(editor_client, seed):
    likeness = make_seed_likeness()
    data = {
        "person": likeness.person_id,
        "production": likeness.production_id,
        "kind": likeness.kind,
        "consent": "unknown",
        "paid": "unknown",
        "performer_living": "unknown",
        "sources": [Source.objects.get(slug="khanh-linh-article").pk],
    } | management("rule_links")

    page = refused(editor_client.post(reverse("admin:catalog_likeness_add"), data))

    assert "already exists" in page
    assert Likeness.objects.count() == 1


# Responses, on the person's, studio's, controversy's and AI use's screens ----------------------


def response_row(**fields):
    return {
        "stance": "clarifies",
        "summary": "Said the effects were made by artists.",
        "sources": [Source.objects.get(slug="khanh-linh-article").pk],
        **fields,
    }


def test_an_editor_records_a_response_on_the_controversy_screen(editor_client, seed):
    strike = Controversy.objects.get(slug="ai-in-the-2023-hollywood-strike")
    data = {
        "title": strike.title,
        "slug": strike.slug,
        "summary": strike.summary,
        "studios": [s.pk for s in strike.studios.all()],
        "tags": ", ".join(strike.tags.names()),
        **cites_as_shown(strike),
    }
    data |= rows(
        "responses", response_row(studio=Studio.objects.get(slug="netflix").pk)
    ) | management("rule_links")
    url = reverse("admin:catalog_controversy_change", args=[strike.pk])

    assert saved(editor_client.post(url, data))

    response = strike.responses.get()
    assert response.studio.slug == "netflix" and response.stance == "clarifies"
    page = text(editor_client.get(strike.get_absolute_url()))
    assert "Responses Netflix Clarifies Said the effects were made by artists." in page


def test_a_response_with_no_speaker_is_refused_with_a_message(editor_client, seed):
    use = AIUse.objects.get(production__slug="el-eternauta")
    data = response_row(ai_use=use.pk)

    page = refused(editor_client.post(reverse("admin:catalog_response_add"), data))

    assert "A response is made by a studio or a person: choose one." in page
    assert Response.objects.count() == 2  # the seed's


def test_a_response_about_nothing_is_refused_with_a_message(editor_client, seed):
    data = response_row(person=Person.objects.get(slug="ted-sarandos").pk)

    page = refused(editor_client.post(reverse("admin:catalog_response_add"), data))

    assert "A response is about an AI use or a controversy" in page


def test_a_response_quoting_someone_else_is_refused_with_a_message(editor_client, seed):
    yoon_quote = Quote.objects.filter(person__slug="davier-yoon").first()
    data = response_row(
        person=Person.objects.get(slug="ted-sarandos").pk,
        ai_use=AIUse.objects.get(production__slug="el-eternauta").pk,
        quote=yoon_quote.pk,
    )

    page = refused(editor_client.post(reverse("admin:catalog_response_add"), data))

    assert "This quote is someone else's words: choose one of theirs." in page


def test_a_response_on_the_person_screen_without_a_source_is_refused(editor_client, seed):
    sarandos = Person.objects.get(slug="ted-sarandos")
    data = {"name": sarandos.name, "slug": sarandos.slug, "bio": sarandos.bio, "tags": ""}
    data |= cites_as_shown(sarandos)
    for prefix in ("roles", "credits", "quotes", "likenesses"):
        data |= management(prefix)
    data |= rows(
        "responses",
        {
            "stance": "denies",
            "summary": "Denied it.",
            "controversy": Controversy.objects.first().pk,
        },
    )
    url = reverse("admin:catalog_person_change", args=[sarandos.pk])

    assert str(SOURCE_REQUIRED) in refused(editor_client.post(url, data))
    assert sarandos.responses.count() == 1  # the seed's


# Rule links, on the rule's screen ---------------------------------------------------------------


def rule_form(rule):
    return {
        "title": rule.title,
        "slug": rule.slug,
        "kind": rule.kind,
        "summary": rule.summary,
        "issuer": rule.issuer_id,
        "effective_on": rule.effective_on,
        "tags": "",
        **cites_as_shown(rule),
    }


def test_an_editor_links_a_rule_to_an_ai_use_on_the_rule_screen(editor_client, seed):
    rule = make_seed_rule()
    use = AIUse.objects.get(production__slug="el-eternauta")
    article = Source.objects.get(slug="khanh-linh-article")
    existing = rule.links.get()
    data = rule_form(rule) | rows(
        "links",
        {
            "id": existing.pk,
            "relation": existing.relation,
            "controversy": existing.controversy_id,
            "sources": [article.pk],
        },
        {"relation": "governs", "ai_use": use.pk, "sources": [article.pk]},
    )
    data["links-INITIAL_FORMS"] = "1"
    url = reverse("admin:catalog_rule_change", args=[rule.pk])

    assert saved(editor_client.post(url, data))

    assert rule.links.get(ai_use=use).relation == "governs"
    page = text(editor_client.get(rule.get_absolute_url()))
    assert "What it bears on" in page
    assert "Governs: AI use Generative AI on El Eternauta · Post-production" in page
    assert "Was cited in the dispute: Controversy AI in the 2023 Hollywood strike" in page
    production_page = text(editor_client.get(use.production.get_absolute_url()))
    assert "Rules that bear on it: A guild agreement (governs)" in production_page


@pytest.mark.parametrize(
    "subjects, message",
    [
        ({}, "A rule link points at exactly one AI use, likeness record or controversy"),
        ("both", "A rule link points at exactly one AI use, likeness record or controversy"),
        ("again", "This rule is already linked to it in this way: edit that link instead."),
    ],
    ids=["none", "two", "duplicate"],
)
def test_a_wrong_rule_link_is_refused_with_a_message(editor_client, seed, subjects, message):
    rule = make_seed_rule()
    strike = Controversy.objects.get(slug="ai-in-the-2023-hollywood-strike")
    use = AIUse.objects.get(production__slug="el-eternauta")
    fields = {
        "rule": rule.pk,
        "relation": "cited-in-dispute",
        "sources": [Source.objects.get(slug="khanh-linh-article").pk],
    }
    if subjects == "both":
        fields |= {"ai_use": use.pk, "controversy": strike.pk}
    elif subjects == "again":  # the link make_seed_rule() made already
        fields |= {"controversy": strike.pk}

    page = refused(editor_client.post(reverse("admin:catalog_rulelink_add"), fields))

    assert message in page
    assert RuleLink.objects.count() == 1


def test_each_new_claim_has_its_admin_screens_and_history(editor_client, seed):
    likeness = make_seed_likeness()
    link = make_seed_rule().links.get()
    response = Response.objects.get(person__slug="davier-yoon")
    for record in (likeness, link, response):
        name = record._meta.model_name
        assert editor_client.get(reverse(f"admin:catalog_{name}_changelist")).status_code == 200
        change = editor_client.get(reverse(f"admin:catalog_{name}_change", args=[record.pk]))
        assert change.status_code == 200
        history = editor_client.get(reverse(f"admin:catalog_{name}_history", args=[record.pk]))
        assert history.status_code == 200
    # The AI use's screen holds the responses to it, its likeness records and its rule links.
    use = AIUse.objects.get(production__slug="el-eternauta")
    page = editor_client.get(reverse("admin:catalog_aiuse_change", args=[use.pk])).content
    for prefix in ("responses", "likenesses", "rule_links"):
        assert f'name="{prefix}-TOTAL_FORMS"'.encode() in page
    assert Stage.objects.exists()


def test_rule_links_go_with_their_rule_but_a_linked_use_cannot_be_deleted(editor_client, seed):
    rule = make_seed_rule()
    use = AIUse.objects.get(production__slug="el-eternauta")
    RuleLink.objects.create(rule=rule, relation="governs", ai_use=use)

    page = editor_client.get(reverse("admin:catalog_aiuse_delete", args=[use.pk]))

    assert "Cannot delete AI use" in page.content.decode()
    assert isinstance(Rule.objects.get(pk=rule.pk), Rule)
