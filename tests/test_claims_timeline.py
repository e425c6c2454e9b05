"""The timeline dates rules coming into force and responses, beside releases and AI uses."""

import pytest

from catalog.models import Response, Rule
from tests.factories import make_seed_rule
from tests.pages import text

pytestmark = pytest.mark.django_db


def test_a_rule_taking_effect_and_a_dated_response_are_timeline_entries(client, seed):
    rule = make_seed_rule()  # in force from 9 November 2023
    yoon = Response.objects.get(person__slug="davier-yoon")
    yoon.said_on = "2025-07-20"
    yoon.save()

    page = client.get("/timeline/")
    shown = text(page)

    assert "2025 response 20 July Davier Yoon defends · about Criticism of AI" in shown
    assert "2023 rule in force 9 November A guild agreement" in shown
    body = page.content.decode()
    assert f'href="{rule.get_absolute_url()}"' in body
    assert f'href="{yoon.get_absolute_url()}"' in body


def test_undated_responses_and_rules_stay_off_the_timeline(client, seed):
    Rule.objects.create(slug="undated", title="An undated rule", kind="law", summary="s")
    shown = text(client.get("/timeline/"))
    assert "An undated rule" not in shown
    # The seed's responses carry no date (the article gives none).
    assert " response " not in shown
