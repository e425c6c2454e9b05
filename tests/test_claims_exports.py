"""Likeness records, responses and rule links in the open data: each record's JSON, the list
CSVs and the snapshot, read in a fixed number of queries."""

import csv
import io
import json

import pytest

from catalog.models import AIUse, Likeness, RuleLink, Source
from tests.factories import make_catalog, make_seed_likeness, make_seed_rule

pytestmark = pytest.mark.django_db


def get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_an_ai_use_carries_its_responses_and_rules(client, seed):
    rule = make_seed_rule()
    use = AIUse.objects.get(production__slug="el-eternauta")
    RuleLink.objects.create(rule=rule, relation="governs", ai_use=use).sources.add(
        Source.objects.get(slug="khanh-linh-article")
    )

    data = get_json(client, "/productions/el-eternauta.json")
    (exported,) = data["links"]["ai_uses"]

    stances = {(r["person"]["slug"], r["stance"]) for r in exported["responses"]}
    assert stances == {("ted-sarandos", "confirms"), ("davier-yoon", "defends")}
    sarandos = next(r for r in exported["responses"] if r["person"]["slug"] == "ted-sarandos")
    assert sarandos["studio"]["slug"] == "netflix"
    assert (
        sarandos["quote"]["url"].endswith("/people/ted-sarandos/#quote-1")
        or "#quote-" in (sarandos["quote"]["url"])
    )
    assert sarandos["sources"][0]["slug"] == "khanh-linh-article"
    assert sarandos["said_on"] is None
    (link,) = exported["rules"]
    assert link["rule"]["slug"] == "a-guild-agreement" and link["relation"] == "governs"
    assert link["ai_use"]["url"].endswith(f"#use-{use.pk}")


def test_likeness_records_are_in_the_production_and_person_json(client, seed):
    likeness = make_seed_likeness()

    production = get_json(client, "/productions/the-irishman.json")
    person = get_json(client, "/people/tyler-perry.json")

    (exported,) = production["links"]["likenesses"]
    assert exported["person"]["slug"] == "tyler-perry"
    assert (exported["kind"], exported["consent"], exported["paid"]) == (
        "alteration",
        "unknown",
        "unknown",
    )
    assert exported["url"].endswith(f"/productions/the-irishman/#likeness-{likeness.pk}")
    assert person["links"]["likenesses"][0]["production"]["slug"] == "the-irishman"


def test_a_rule_json_lists_what_it_bears_on_and_a_controversy_json_its_rules(client, seed):
    make_seed_rule()

    rule = get_json(client, "/rules/a-guild-agreement.json")
    strike = get_json(client, "/controversies/ai-in-the-2023-hollywood-strike.json")

    (link,) = rule["links"]["bears_on"]
    assert link["relation"] == "cited-in-dispute"
    assert link["controversy"]["slug"] == "ai-in-the-2023-hollywood-strike"
    assert (link["ai_use"], link["likeness"]) == (None, None)
    assert strike["links"]["rules"][0]["rule"]["slug"] == "a-guild-agreement"
    merit = get_json(client, "/controversies/ai-devaluing-artistic-merit.json")
    assert [r["person"]["slug"] for r in merit["links"]["responses"]] == ["davier-yoon"]


def test_the_csv_has_a_column_for_each_new_link_list(client, seed):
    make_seed_likeness()

    rows = list(
        csv.DictReader(io.StringIO(b"".join(client.get("/people.csv").streaming_content).decode()))
    )
    perry = next(row for row in rows if row["slug"] == "tyler-perry")
    sarandos = next(row for row in rows if row["slug"] == "ted-sarandos")

    assert (
        perry["likenesses"]
        == "Tyler Perry in The Irishman: Digital alteration (e.g. de-ageing, expression edits)"
    )
    assert sarandos["responses"].startswith("Ted Sarandos confirms: Generative AI on El Eternauta")
    studios = list(
        csv.DictReader(io.StringIO(b"".join(client.get("/studios.csv").streaming_content).decode()))
    )
    netflix = next(row for row in studios if row["slug"] == "netflix")
    assert netflix["responses"].startswith("Ted Sarandos confirms")


def test_the_snapshot_holds_them(client, seed):
    make_seed_rule()
    make_seed_likeness()

    data = get_json(client, "/catalog.json")

    rules = {r["slug"]: r for r in data["rules"]}
    assert rules["a-guild-agreement"]["links"]["bears_on"][0]["relation"] == "cited-in-dispute"
    people = {p["slug"]: p for p in data["people"]}
    assert people["tyler-perry"]["links"]["likenesses"][0]["consent"] == "unknown"
    assert people["davier-yoon"]["links"]["responses"][0]["stance"] == "defends"


def test_exports_read_the_new_claims_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_catalog(3, prefix="few")
    with CaptureQueriesContext(connection) as few:
        b"".join(client.get("/catalog.json").streaming_content)
    make_catalog(12, prefix="more")
    assert Likeness.objects.count() == 15
    with django_assert_max_num_queries(len(few)):
        b"".join(client.get("/catalog.json").streaming_content)
