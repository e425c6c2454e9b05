"""Rules: guild agreements, award rules, laws and deals, entered by editors and read by all."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from catalog.models import Rule, Source, Studio
from tests.open_data import body
from tests.pages import links, text
from tests.test_admin_editing import citations
from tests.test_structured_data import jsonld

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, db):
    call_command("create_editor", "editor", "e@example.com", password="frame-by-frame-42")
    client.force_login(get_user_model().objects.get(username="editor"))
    return client


@pytest.fixture
def guild():
    return Studio.objects.create(slug="sag-aftra", name="SAG-AFTRA", kind="guild")


@pytest.fixture
def source():
    return Source.objects.create(slug="guild-summary", title="Agreement summary")


def rule_post(source, issuer, **extra):
    return {
        "title": "TV/Theatrical agreement: digital replicas",
        "slug": "tv-theatrical-digital-replicas",
        "kind": "agreement",
        "issuer": str(issuer.pk),
        "jurisdiction": "United States",
        "effective_on": "2023-11-09",
        "ends_on": "2026-06-30",
        "summary": "Consent and pay for each use of a performer's digital replica.",
        "clause": "Digital replicas",
        "tags": "digital replica, consent",
        **citations(*([source] if source else [])),
        # The inline of what the rule bears on (rule links), with no rows.
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        **extra,
    }


def test_an_editor_adds_a_rule_and_readers_find_it_everywhere(client, editor_client, guild, source):
    response = editor_client.post("/admin/catalog/rule/add/", rule_post(source, guild))
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()

    assert "/rules/tv-theatrical-digital-replicas/" in links(client.get("/rules/"))
    page = client.get("/rules/tv-theatrical-digital-replicas/")
    words = text(page)
    assert "Guild or union agreement" in words
    assert "Issued by SAG-AFTRA" in words and "Applies in United States" in words
    assert "In force from 9 November 2023 until 30 June 2026" in words
    assert "/studios/sag-aftra/" in links(page)
    assert "Agreement summary" in words  # the cited source
    assert "Home Rules TV/Theatrical agreement" in words  # breadcrumbs

    data = json.loads(client.get("/rules/tv-theatrical-digital-replicas.json").content)
    assert data["type"] == "rule"
    assert data["fields"]["effective_on"] == "2023-11-09"
    assert data["links"]["issuer"][0]["slug"] == "sag-aftra"
    assert data["tags"] == ["consent", "digital replica"]

    assert "/rules/tv-theatrical-digital-replicas/" in links(client.get("/search/?q=replica"))
    assert "/rules/tv-theatrical-digital-replicas/" in links(client.get("/tags/consent/"))
    assert "tv-theatrical-digital-replicas" in body(client.get("/rules.csv"))
    assert (
        "/rules/tv-theatrical-digital-replicas/"
        in client.get("/sitemap-rules.xml").content.decode()
    )
    assert "TV/Theatrical agreement" in body(client.get("/catalog.json"))
    # One of a kind is named in the singular, on the home page and the list.
    assert re.search(r"\b1 Rule\b", text(client.get("/")))
    assert re.search(r"\b1 rule\b", text(client.get("/rules/")))


def test_a_rule_without_a_source_or_ending_before_it_starts_is_refused(
    editor_client, guild, source
):
    no_source = editor_client.post("/admin/catalog/rule/add/", rule_post(None, guild))
    assert "Cite at least one source" in no_source.content.decode()
    backwards = editor_client.post(
        "/admin/catalog/rule/add/", rule_post(source, guild, ends_on="2020-01-01")
    )
    assert "A rule cannot end before it comes into force." in backwards.content.decode()
    assert not Rule.objects.exists()


def test_rules_list_filters_by_kind_and_year(client, guild, source):
    for slug, kind, effective in [
        ("eu-ai-act-article-50", "law", "2026-08-02"),
        ("academy-rules", "award-rule", "2025-04-21"),
    ]:
        rule = Rule.objects.create(
            slug=slug, title=slug, kind=kind, summary="s", effective_on=effective
        )
        rule.sources.add(source)
    laws = links(client.get("/rules/?kind=law"))
    assert "/rules/eu-ai-act-article-50/" in laws and "/rules/academy-rules/" not in laws
    in_2025 = links(client.get("/rules/?year=2025"))
    assert "/rules/academy-rules/" in in_2025 and "/rules/eu-ai-act-article-50/" not in in_2025
    newest = text(client.get("/rules/?sort=effective"))
    assert newest.index("eu-ai-act-article-50") < newest.index("academy-rules")


def test_a_law_is_legislation_in_structured_data(client, guild, source):
    rule = Rule.objects.create(
        slug="eu-ai-act",
        title="EU AI Act",
        kind="law",
        summary="s",
        issuer=guild,
        jurisdiction="European Union",
        effective_on="2026-08-02",
    )
    rule.sources.add(source)
    data = jsonld(client, rule)
    assert data["@type"] == "Legislation"
    assert data["spatialCoverage"] == "European Union"
    assert data["temporalCoverage"] == "2026-08-02/.."


def test_an_issuer_with_rules_cannot_be_deleted(guild, source):
    from django.db.models import ProtectedError

    rule = Rule.objects.create(slug="r", title="r", kind="law", summary="s", issuer=guild)
    rule.sources.add(source)
    with pytest.raises(ProtectedError):
        guild.delete()
    assert Studio.objects.filter(pk=guild.pk).exists()
