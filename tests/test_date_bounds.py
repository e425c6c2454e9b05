"""Dates hold to the years' bounds: in the admin's forms, in the database, in the admin's lists."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from catalog.admin import admin
from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Person,
    Production,
    Quote,
    Source,
    Stage,
    Studio,
    latest_allowed_year,
)

pytestmark = pytest.mark.django_db

LATEST = f"{latest_allowed_year()}-12-31"


@pytest.fixture
def linked():
    """What a claim links to: a source, a tool, a studio, a person."""
    return {
        "source": Source.objects.create(title="Report", slug="report"),
        "tool": AITool.objects.create(name="Runway", slug="runway", technique="generative"),
        "studio": Studio.objects.create(name="Netflix", slug="netflix", kind="streamer"),
        "person": Person.objects.create(name="Ted Sarandos", slug="ted-sarandos"),
    }


def management(*prefixes):
    data = {}
    for prefix in prefixes:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def add_form(model, field, value, linked):
    """A valid admin add form for `model`, with `field` set to `value`."""
    # A claim's own page takes its citations as inline rows (prefix "cites").
    claim = {
        "tags": "",
        "cites-TOTAL_FORMS": "1",
        "cites-INITIAL_FORMS": "0",
        "cites-0-source": str(linked["source"].pk),
    }
    data = {
        Production: {
            "title": "El Eternauta",
            "slug": "el-eternauta",
            "kind": "series",
            "tags": "",
            **management("cites", "studio_roles", "ai_uses", "figures", "likenesses"),
        },
        AIUse: {
            **claim,
            "tool": linked["tool"].pk,
            "studio": linked["studio"].pk,
            "stage": Stage.objects.get(slug="production").pk,
            "status": "reported",
            "description": "Used.",
            **management("disclosure_cites", "responses", "likenesses", "rule_links"),
        },
        Controversy: {
            **claim,
            "title": "Strike",
            "slug": "strike",
            "summary": "Actors struck.",
            **management("responses", "rule_links"),
        },
        Quote: {**claim, "person": linked["person"].pk, "text": "We are using AI."},
        Source: {"title": "Another report", "slug": "another-report"},
    }[model]
    data[field] = value
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_add"), data


DATE_FIELDS = [
    (Production, "release_date"),
    (AIUse, "date"),
    (Controversy, "date"),
    (Quote, "said_on"),
    (Source, "published"),
    (Source, "accessed"),
]


@pytest.mark.parametrize(("model", "field"), DATE_FIELDS)
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9999-12-31", f"9999-12-31 is too far in the future: enter a date up to {LATEST}."),
        ("2999-06-01", f"2999-06-01 is too far in the future: enter a date up to {LATEST}."),
        ("0001-01-01", "0001-01-01 is too early: enter a date from 1870-01-01 on."),
        ("1869-12-31", "1869-12-31 is too early: enter a date from 1870-01-01 on."),
    ],
)
def test_an_implausible_date_is_refused_with_a_message(
    admin_client_logged_in, linked, model, field, value, message
):
    before = model.objects.count()
    url, data = add_form(model, field, value, linked)
    response = admin_client_logged_in.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert model.objects.count() == before


@pytest.mark.parametrize(("model", "field"), DATE_FIELDS)
def test_a_plausible_date_is_saved(admin_client_logged_in, linked, model, field):
    url, data = add_form(model, field, "1895-12-28", linked)
    response = admin_client_logged_in.post(url, data)
    assert response.status_code == 302, response.content.decode()
    assert model.objects.filter(**{field: date(1895, 12, 28)}).exists()


def row_values(model, linked):
    return {
        Production: {"title": "X", "slug": "x"},
        AIUse: {
            "tool": linked["tool"],
            "studio": linked["studio"],
            "stage": Stage.objects.get(slug="production"),
            "description": "Used.",
        },
        Controversy: {"title": "X", "slug": "x", "summary": "X"},
        Quote: {"person": linked["person"], "text": "X"},
        Source: {"title": "X", "slug": "x"},
    }[model]


@pytest.mark.parametrize(("model", "field"), [*DATE_FIELDS, (AIUse, "year"), (Controversy, "year")])
@pytest.mark.parametrize("bound", ["low", "high"])
def test_the_database_refuses_an_implausible_date_or_year_saved_around_the_forms(
    linked, model, field, bound
):
    if field == "year":
        value = 1869 if bound == "low" else 2101
    else:
        value = date(1, 1, 1) if bound == "low" else date(9999, 12, 31)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**row_values(model, linked), **{field: value})
    assert not model.objects.filter(**{field: value}).exists()


HIERARCHIES = [
    (model, model_admin.date_hierarchy)
    for model, model_admin in admin.site._registry.items()
    if getattr(model_admin, "date_hierarchy", None)
]


def test_every_catalog_date_hierarchy_is_covered():
    assert {(model, field) for model, field in HIERARCHIES} >= {
        (Production, "release_date"),
        (AIUse, "date"),
        (Controversy, "date"),
        (Quote, "said_on"),
        (Source, "published"),
    }


@pytest.mark.parametrize(("model", "field"), HIERARCHIES)
@pytest.mark.parametrize(
    "query",
    [
        "{f}__year=9999",
        "{f}__year=9999&{f}__month=12",
        "{f}__year=9999&{f}__month=12&{f}__day=31",
        "{f}__year=10000",
        "{f}__year=abc",
        "{f}__year=2025&{f}__month=13",
    ],
)
def test_a_crafted_date_filter_in_the_admin_is_refused_not_a_500(
    admin_client_logged_in, model, field, query
):
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    response = admin_client_logged_in.get(f"{url}?{query.format(f=field)}")
    # Django's answer to a filter it cannot apply: back to the whole list, flagged.
    assert response.status_code == 302
    assert response["Location"] == f"{url}?e=1"
    assert admin_client_logged_in.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(("model", "field"), HIERARCHIES)
def test_a_plausible_date_filter_in_the_admin_lists_the_records(
    admin_client_logged_in, model, field
):
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    query = f"{field}__year=2100&{field}__month=12&{field}__day=31"
    assert admin_client_logged_in.get(f"{url}?{query}").status_code == 200
