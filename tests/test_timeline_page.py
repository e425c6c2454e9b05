"""The timeline: dated events grouped by year, newest first, each linking to its record."""

import datetime

import pytest
from django.core.cache import caches

from catalog import views
from catalog.models import AIUse, Production, Quote
from tests.factories import make_catalog
from tests.pages import links, text

pytestmark = pytest.mark.django_db


def test_seed_timeline_shows_the_2023_strike(client, seed):
    response = client.get("/timeline/")
    assert '<h2 id="year-2023">2023</h2>' in response.content.decode()
    assert "/controversies/ai-in-the-2023-hollywood-strike/" in links(response)


def test_events_of_each_kind_are_grouped_by_year_newest_first(client, seed):
    Production.objects.filter(slug="logan").update(release_date=datetime.date(2017, 3, 3))
    AIUse.objects.filter(tool__slug="deepfake").update(year=2019)
    first_quote = Quote.objects.filter(person__slug="ted-sarandos").order_by("pk").first()
    Quote.objects.filter(pk=first_quote.pk).update(said_on=datetime.date(2025, 7, 18))
    response = client.get("/timeline/")
    html = response.content.decode()
    positions = [html.index(f'id="year-{year}"') for year in (2025, 2023, 2019, 2017)]
    assert positions == sorted(positions)
    page = text(response)
    assert "release 3 March Logan" in page
    assert "AI use Deepfake on The Irishman" in page
    assert "quote 18 July Ted Sarandos" in page


def test_many_years_are_paginated(client, db):
    make_catalog(30)
    first = client.get("/timeline/")
    assert "Page 1 of" in text(first)
    assert client.get("/timeline/?page=2").status_code == 200


def test_the_years_are_every_year_any_kind_of_event_has(seed):
    """On PostgreSQL the years come from a walk down each kind's year index (one probe a
    year); they must be exactly the years of the rows, a date's year before a year."""
    from catalog.views import timeline_sources, timeline_years

    Production.objects.filter(slug="logan").update(release_date=datetime.date(1999, 3, 3))
    use = AIUse.objects.order_by("pk").first()
    AIUse.objects.filter(pk=use.pk).update(year=1987, date=None)
    AIUse.objects.exclude(pk=use.pk).filter(tool=use.tool).update(
        year=1961, date=datetime.date(1962, 1, 1)
    )
    expected = set()
    for _kind, queryset, _date in timeline_sources():
        expected.update(row.event_year for row in queryset)
    years = timeline_years()
    assert years == sorted(expected, reverse=True)
    assert {1999, 1987} <= set(years)
    assert all(isinstance(year, int) for year in years)


def test_the_timeline_made_again_from_its_kept_rows_is_the_same_page(client, seed, monkeypatch):
    """The years and a page's events are kept as rows of values until the next edit: the page
    made again from them, without reading the events again, is the same page, in English and
    in Spanish."""
    Production.objects.filter(slug="logan").update(release_date=datetime.date(2023, 3, 3))
    AIUse.objects.filter(tool__slug="deepfake").update(year=2023)
    Quote.objects.filter(person__slug="ted-sarandos").update(said_on=datetime.date(2023, 7, 18))
    first = client.get("/timeline/")
    first_es = client.get("/es/timeline/")
    read = []
    real = views.timeline_events
    monkeypatch.setattr(views, "timeline_events", lambda years: read.append(years) or real(years))
    caches["pages"].clear()  # the pages go; the years and event rows behind them stay
    again = client.get("/timeline/")
    again_es = client.get("/es/timeline/")
    assert read == []
    assert again.content == first.content
    assert again_es.content == first_es.content
    assert "release 3 March Logan" in text(again)
    assert "estreno 3 de marzo Logan" in text(again_es)


def test_every_kind_of_event_links_to_its_record_and_escapes_its_names(client, seed):
    """Each line is made in Python (views.timeline_lines): the links are the records' own
    addresses, and a name with markup in it shows as text."""
    from catalog.models import Response

    logan = Production.objects.get(slug="logan")
    Production.objects.filter(pk=logan.pk).update(
        title="Logan <b>& Co</b>", release_date=datetime.date(2017, 3, 3)
    )
    use = AIUse.objects.filter(tool__slug="deepfake").select_related("production").first()
    AIUse.objects.filter(pk=use.pk).update(date=datetime.date(2019, 5, 6))
    quote = Quote.objects.filter(person__slug="ted-sarandos").order_by("pk").first()
    Quote.objects.filter(pk=quote.pk).update(said_on=datetime.date(2025, 7, 18))
    answer = Response.objects.filter(controversy__isnull=True).first() or (
        Response.objects.order_by("pk").first()
    )
    Response.objects.filter(pk=answer.pk).update(said_on=datetime.date(2024, 2, 1))
    answer.refresh_from_db()
    page = client.get("/timeline/")
    body = page.content.decode()
    shown = text(page)
    assert "Logan &lt;b&gt;&amp; Co&lt;/b&gt; (2017)" in body
    assert "<b>" not in body.split('<ol class="timeline">', 1)[1]
    for record in (logan, use, quote, answer):
        record.refresh_from_db()
        assert f'href="{record.get_absolute_url()}"' in body
    assert "AI use 6 May Deepfake on The Irishman · " in shown
    assert f"quote 18 July Ted Sarandos: “{quote.text[:40]}" in shown
    assert "response 1 February" in shown
