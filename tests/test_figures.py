"""A figure reads as entered, formatted for people, wherever it is shown; the exports stay exact."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from catalog.models import Figure, Production, Source, Studio
from catalog.numbers import format_figure
from tests.pages import text

# (value as entered, unit, what a reader sees)
CASES = [
    ("2500000000.00", "USD", "$2.5 billion"),
    ("11000000000", "USD", "$11 billion"),
    ("11079000000", "USD", "$11.079 billion"),
    ("800000000", "USD", "$800 million"),
    ("0.40", "%", "0.4%"),
    ("16", "%", "16%"),
    ("-1.50", "episodes", "\u22121.5 episodes"),
    ("-1.50", "USD", "\u2212$1.5"),
    ("-2500000000", "EUR", "\u2212€2.5 billion"),
    ("0", "USD", "$0"),
    ("0.00", "%", "0%"),
    ("0.01", "EUR", "€0.01"),
    ("999999.99", "GBP", "£999,999.99"),
    ("1000000", "USD", "$1 million"),
    ("1234567", "USD", "$1,234,567"),
    ("1234567.50", "episodes", "1,234,567.5 episodes"),
    ("123456789012345678.99", "USD", "$123,456,789,012,345,678.99"),
    ("2500000000", "CHF", "2.5 billion CHF"),
    ("12", "episodes", "12 episodes"),
    ("1000000", "%", "1,000,000%"),
]


@pytest.mark.parametrize(("value", "unit", "shown"), CASES)
def test_a_figure_is_formatted_exactly_for_people(value, unit, shown):
    assert format_figure(Decimal(value), unit) == shown


# SQLite keeps a decimal of more than 15 digits as a floating-point number, so the 20-digit
# value only survives a round trip through PostgreSQL.
STORED = [
    case
    for case in CASES
    if len(case[0].replace("-", "").replace(".", "")) <= 15 or connection.vendor == "postgresql"
]


def shows(page, label, shown):
    """The page reads "label : shown", and shown is not cut short ("$2.5" of "$2.5 billion")."""
    return re.search(re.escape(f"{label} : {shown}") + r"(?![\w.,%])", page) is not None


@pytest.fixture
def figures(db):
    studio = Studio.objects.create(name="Netflix", slug="netflix")
    source = Source.objects.create(title="Results", slug="results")
    made = []
    for index, (value, unit, shown) in enumerate(STORED):
        figure = Figure.objects.create(
            label=f"Figure {index:02}", value=Decimal(value), unit=unit, studio=studio
        )
        figure.sources.add(source)
        made.append((figure, value, shown))
    return studio, source, made


def test_the_studio_page_shows_each_figure_as_entered(client, figures):
    studio, _, made = figures
    page = text(client.get(studio.get_absolute_url()))
    for figure, _, shown in made:
        assert shows(page, figure.label, shown)


def test_a_production_page_shows_its_figures_the_same_way(client, db):
    production = Production.objects.create(title="El Eternauta", slug="el-eternauta")
    Figure.objects.create(label="Budget", value=Decimal("2.50"), unit="USD", production=production)
    Figure.objects.create(label="Share", value=Decimal("0.40"), unit="%", production=production)
    page = text(client.get(production.get_absolute_url()))
    assert shows(page, "Budget", "$2.5") and shows(page, "Share", "0.4%")


def test_the_source_page_names_each_figure_as_entered(client, figures):
    _, source, made = figures
    page = text(client.get(source.get_absolute_url()))
    for figure, _, shown in made:
        assert f"{figure.label}: {shown}" in page


def test_the_exports_keep_the_exact_value(client, figures):
    studio, _, made = figures
    data = client.get(studio.get_absolute_url().rstrip("/") + ".json").json()
    exported = {item["label"]: item for item in data["links"]["figures"]}
    for figure, value, shown in made:
        item = exported[figure.label]
        assert Decimal(item["value"]) == Decimal(value)
        assert item["unit"] == figure.unit
        assert item["name"] == f"{figure.label}: {shown}"


def test_the_admin_list_shows_each_figure_as_entered(admin_client_logged_in, figures):
    page = text(admin_client_logged_in.get(reverse("admin:catalog_figure_changelist")))
    for figure, _, shown in figures[2]:
        assert f"{figure.label} {shown} " in page
