"""The catalog stays honest: every claim cites a source, every citation of the sourced catalog
says what its source states and links to the passage, every source has a URL, every production
of the sourced catalog has a year, and loading the fixtures again changes nothing."""

import json
import re
from collections import defaultdict

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.validators import URLValidator

from catalog.management.commands.seed import CATALOG_FIXTURE, SEED_FIXTURE
from catalog.models import AIUse, Citation, Production, Source, text_fragment
from tests.factories import load_seed

CLAIMS = {"aiuse", "controversy", "quote", "figure", "rule", "likeness", "response", "rulelink"}
# A passage link: the source's URL, then one or two percent-encoded runs of words.
PASSAGE = re.compile(r"^https?://[^#\s]+#:~:text=[^,&\s#-]+(,[^,&\s#-]+)?$")


def rows(path):
    return json.loads(path.read_text(encoding="utf-8"))


def citations(fixture):
    """(claim model, claim pk) -> its citation rows, for a fixture's citation models."""
    cited = defaultdict(list)
    for row in fixture:
        model = apps.get_model(row["model"])
        if issubclass(model, Citation):
            owner = model._meta.get_field("record").related_model._meta.model_name
            cited[(owner, row["fields"]["record"])].append(row["fields"])
    return cited


@pytest.mark.parametrize("path", [SEED_FIXTURE, CATALOG_FIXTURE], ids=["seed", "catalog"])
def test_every_claim_in_the_fixtures_cites_a_source(path):
    fixture = rows(path)
    cited = citations(fixture)
    claims = [row for row in fixture if row["model"].split(".")[1] in CLAIMS]
    assert claims
    for row in claims:
        key = (row["model"].split(".")[1], row["pk"])
        assert row["fields"].get("sources") or cited[key], (
            f"{row['model']} {row['pk']} cites nothing"
        )


def test_every_citation_of_the_sourced_catalog_has_a_note_and_a_passage_link():
    fixture = rows(CATALOG_FIXTURE)
    urls = {row["pk"]: row["fields"]["url"] for row in fixture if row["model"] == "catalog.source"}
    cited = [fields for group in citations(fixture).values() for fields in group]
    assert len(cited) > 300
    for fields in cited:
        assert fields["note"].strip(), fields
        words = text_fragment(fields["passage_start"])
        if fields["passage_end"]:
            words += "," + text_fragment(fields["passage_end"])
        link = f"{urls[fields['source']]}#:~:text={words}"
        assert PASSAGE.match(link), link


def test_every_source_has_a_valid_url():
    """The sourced catalog's sources link to the page; the article's seed gives none for its
    own (the article names them without links), and stays as it is."""
    valid = URLValidator(schemes=["http", "https"])
    for path, required in [(CATALOG_FIXTURE, True), (SEED_FIXTURE, False)]:
        for row in rows(path):
            url = row["fields"].get("url")
            if row["model"] != "catalog.source" or (not required and not url):
                continue
            try:
                valid(url)
            except ValidationError:
                pytest.fail(f"{path.name}: source {row['fields']['slug']} has no valid URL")


def test_every_production_of_the_sourced_catalog_has_a_year_and_a_cited_ai_use():
    fixture = rows(CATALOG_FIXTURE)
    cited = citations(fixture)
    productions = [row for row in fixture if row["model"] == "catalog.production"]
    uses = defaultdict(list)
    for row in fixture:
        if row["model"] == "catalog.aiuse" and cited[("aiuse", row["pk"])]:
            uses[row["fields"]["production"]].append(row["fields"]["stage"][0])
    assert len(productions) >= 40
    for row in productions:
        assert row["fields"]["year"], f"{row['fields']['title']} has no year"
        assert uses[row["pk"]], f"{row['fields']['title']} has no cited AI use"
    stages = {stage for found in uses.values() for stage in found}
    assert stages == {
        "development",
        "pre-production",
        "production",
        "post-production",
        "distribution",
    }


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_leaves_the_article_seed_as_it_was():
    load_seed()  # the article's seed, as `make run` loaded it before the sourced catalog existed
    eternauta = Production.objects.get(slug="el-eternauta")
    call_command("seed", verbosity=0)  # the default: the seed, then the sourced catalog
    counted = [apps.get_model(label) for label in ("catalog.production", "catalog.source")]
    first = {
        model: list(model.objects.order_by("pk").values())
        for model in [*counted, AIUse, *apps.get_app_config("catalog").get_models()]
        if model._meta.model_name != "catalogversion"
    }
    assert Production.objects.count() >= 40
    assert Source.objects.filter(publisher="The Guardian").exists()

    call_command("seed", verbosity=0)
    assert {model: list(model.objects.order_by("pk").values()) for model in first} == first
    # The article's records the other tests rely on are as the seed made them.
    again = Production.objects.get(slug="el-eternauta")
    assert (again.year, again.episodes, again.updated) == (None, 6, eternauta.updated)
    use = AIUse.objects.get(tool__slug="generative-ai", production__slug="el-eternauta")
    assert use.sources.filter(publisher="The Guardian").exists()
    # A citation from the research shows what it states and links to its passage.
    cite = AIUse.objects.get(
        production__slug="the-brutalist", tool__slug="respeecher"
    ).cites.first()
    assert cite.note and cite.passage_url.startswith(cite.source.url + "#:~:text=")
