"""A row's check constraints are validated in one query (`ChecksInOneQuery` in catalog/models.py),
with the errors Django's own validation gives, which asks one query per constraint."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from catalog.models import Correction, Production, Rule, Source

pytestmark = pytest.mark.django_db


def errors(validate):
    try:
        validate()
    except ValidationError as error:
        return error.message_dict
    return {}


def bad_source():
    return Source(
        slug="bad-source",
        title="A report",
        url="https://example.org/report",
        published=date(1700, 1, 1),
        accessed=date(1800, 5, 5),
        archived_on=date(2020, 1, 1),
        archive_url="",
        link_status="lost",
        link_http_status=42,
    )


CASES = {
    "a source breaking five of its six": (bad_source, None),
    "the same, two fields left out": (bad_source, {"published", "archive_url"}),
    "a correction breaking four": (
        lambda: Correction(
            record_type="film", record_id=0, status="rejected", reason="", claim_kind="quote"
        ),
        None,
    ),
    "a rule ending before it starts": (
        lambda: Rule(slug="r", title="R", effective_on=date(2024, 6, 1), ends_on=date(2023, 1, 1)),
        None,
    ),
    "a production breaking none": (lambda: Production(slug="p", title="P", year=2020), None),
}


@pytest.mark.parametrize("make,exclude", CASES.values(), ids=CASES.keys())
def test_the_errors_are_those_django_gives(make, exclude):
    record = make()
    ours = errors(lambda: record.validate_constraints(exclude=exclude))
    djangos = errors(lambda: models.Model.validate_constraints(record, exclude=exclude))
    assert ours == djangos
    if make is bad_source and exclude is None:
        assert "A date archived needs the archived copy's URL." in ours["__all__"]
        assert len(ours["__all__"]) == 5


def test_a_source_asks_about_its_six_checks_once():
    record = bad_source()
    with CaptureQueriesContext(connection) as ours:
        errors(record.validate_constraints)
    with CaptureQueriesContext(connection) as djangos:
        errors(lambda: models.Model.validate_constraints(record))
    checks = [q["sql"] for q in ours if "_check" in q["sql"]]
    assert len(checks) == 1 and checks[0].count("_check_") == 6
    assert len([q for q in djangos if "_check" in q["sql"]]) == 6
    assert len(ours) < len(djangos) - 10  # each of Django's six also sets a savepoint
