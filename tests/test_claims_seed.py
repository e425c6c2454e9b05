"""What the seed says about likeness, responses and rules: only what the article says.

The article presents Ted Sarandos' remarks as Netflix's own word on its use of generative AI in
"El Eternauta", and Davier Yoon's as an answer to the controversy ("Despite the controversy, some
experts believe..."). It names no performer whose face was altered (FaceDirector in "Avengers:
Infinity War", the de-ageing in "The Irishman") and no rule or agreement, so the seed holds no
likeness record and no rule link.
"""

import json

import pytest
from django.conf import settings
from django.core.management import call_command

from catalog.management.commands.seed import SEED_FIXTURE
from catalog.models import Likeness, Quote, Response, RuleLink

pytestmark = pytest.mark.django_db


def test_the_seed_records_the_two_responses_the_article_reports(seed):
    sarandos = Response.objects.get(person__slug="ted-sarandos")
    yoon = Response.objects.get(person__slug="davier-yoon")

    assert Response.objects.count() == 2
    # Netflix's co-CEO, for Netflix, on its use of generative AI in "El Eternauta".
    assert sarandos.studio.slug == "netflix" and sarandos.stance == "confirms"
    assert sarandos.ai_use.production.slug == "el-eternauta" and sarandos.controversy is None
    assert sarandos.quote.text.startswith("This technology marks a significant step")
    # An expert answering the controversy, in his own words; not speaking for his studio.
    assert yoon.studio is None and yoon.stance == "defends"
    assert yoon.controversy.slug == "ai-devaluing-artistic-merit"
    assert (
        yoon.quote.text
        == "Ultimately, it is the artist who decides what is in the frame, not the AI"
    )
    assert not yoon.quote.is_paraphrase
    # The article gives no date for either, and each cites it.
    for response in (sarandos, yoon):
        assert response.said_on is None and response.said_note == ""
        assert [s.slug for s in response.sources.all()] == ["khanh-linh-article"]
        response.full_clean()


def test_the_seed_invents_no_likeness_record_and_no_rule_link(seed):
    assert not Likeness.objects.exists()
    assert not RuleLink.objects.exists()


def test_each_response_quotes_words_the_seed_already_holds(seed):
    rows = json.loads((settings.BASE_DIR / "fixtures" / "seed.json").read_text())
    quotes = {row["pk"]: row["fields"] for row in rows if row["model"] == "catalog.quote"}
    for row in rows:
        if row["model"] == "catalog.response":
            fields = row["fields"]
            assert quotes[fields["quote"]]["person"] == fields["person"]
    assert Quote.objects.filter(responses__isnull=False).count() == 2


def test_seeding_again_adds_no_second_response(seed, capsys):
    call_command("seed", str(SEED_FIXTURE))
    assert "0 records created" in capsys.readouterr().out
    assert Response.objects.count() == 2
    assert Response.history.count() == 2  # one version each, from the first load
