"""The benchmark's reference page (tests/bench/reference.py) costs what its rows say it costs:
as many queries as its address names, a line per production read, and nothing from the page
cache; and the site itself has no such address."""

import pytest
from django.test import override_settings

from tests.factories import make_catalog

pytestmark = pytest.mark.django_db


@override_settings(ROOT_URLCONF="tests.bench.urls")
@pytest.mark.parametrize("queries", [1, 5, 15])
def test_the_reference_page_runs_as_many_queries_as_its_address_names(
    client, queries, django_assert_num_queries
):
    from catalog.models import Production

    make_catalog(20)
    first = Production.objects.order_by("pk").first()
    url = f"/bench/reference/{queries}/{first.pk}/"
    for _ in range(2):  # a repeat visit is not answered from a cache
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert body.count("<li>") == queries
        assert f'<a href="/productions/{first.slug}/">' in body


@override_settings(ROOT_URLCONF="tests.bench.urls")
def test_the_reference_page_lists_fewer_lines_past_the_last_production(client):
    from catalog.models import Production

    make_catalog(3)
    last = Production.objects.order_by("pk").last()
    response = client.get(f"/bench/reference/5/{last.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count("<li>") == 1


def test_the_site_has_no_reference_page(client):
    assert client.get("/bench/reference/1/1/").status_code == 404


def test_the_bench_settings_are_the_sites_but_for_the_addresses():
    from config import settings as site
    from tests.bench import settings as bench

    differ = {
        name
        for name in dir(site)
        if name.isupper()
        and not name.startswith("_")
        and getattr(site, name) != getattr(bench, name, object())
    }
    assert differ == {"ROOT_URLCONF"}
