"""The admin holds the save of a likely duplicate: a source whose URL is already in the
catalog, a record spelt nearly like another. The editor sees the likely duplicates as links and
may save anyway; a normal edit that changes neither name nor URL is not held."""

import pytest
from django.db import connection
from django.urls import reverse

from catalog import duplicates
from catalog.models import AITool, Controversy, Person, Production, Source, Studio
from tests.test_addresses import admin_form_as_shown

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram similarity needs PostgreSQL's pg_trgm"
)
sqlite_only = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the fallback for SQLite only"
)

NAMES = {
    Production: "title",
    Studio: "name",
    AITool: "name",
    Person: "name",
    Controversy: "title",
    Source: "title",
}


def add(client, model, **values):
    """Post the admin's add form of `model` with `values` (the rest as the page shows it)."""
    url = reverse(f"admin:catalog_{model._meta.model_name}_add")
    data = admin_form_as_shown(client.get(url))
    data.update(values)
    return client.post(url, data)


def change(client, record, **values):
    url = reverse(f"admin:catalog_{record._meta.model_name}_change", args=[record.pk])
    data = admin_form_as_shown(client.get(url))
    data.update(values)
    return client.post(url, data)


def errors(response):
    return response.context["adminform"].form.errors


def test_a_source_citing_an_address_already_in_the_catalog_is_held(admin_client_logged_in):
    first = Source.objects.create(
        slug="netflix-ai", title="Netflix uses AI", url="https://www.variety.com/2025/netflix-ai/"
    )
    response = add(
        admin_client_logged_in,
        Source,
        slug="netflix-ai-again",
        title="Streamer confirms generative effects",
        url="http://variety.com/2025/netflix-ai?utm_source=feed",
    )
    assert response.status_code == 200
    message = " ".join(errors(response)["url"])
    assert "already in the catalog at this address" in message
    page = response.content.decode()
    assert f'href="/admin/catalog/source/{first.pk}/change/"' in page
    assert 'type="checkbox" name="not_a_duplicate"' in page
    assert not Source.objects.filter(slug="netflix-ai-again").exists()

    response = add(
        admin_client_logged_in,
        Source,
        slug="netflix-ai-again",
        title="Streamer confirms generative effects",
        url="http://variety.com/2025/netflix-ai?utm_source=feed",
        not_a_duplicate="on",
    )
    assert response.status_code == 302
    assert Source.objects.filter(slug="netflix-ai-again").exists()


@pytest.mark.parametrize("model", list(NAMES))
def test_a_record_named_like_another_is_held_until_confirmed(admin_client_logged_in, model):
    field = NAMES[model]
    values = {"slug": "nandu-original", field: "Ñandú Films"}
    if model is Controversy:
        values["summary"] = "A row."
    if model is AITool:
        values["technique"] = "generative"
    existing = model.objects.create(**values)
    form = {"slug": "nandu-again", field: "ÑANDÚ  Films"}
    if model is AITool:
        form["technique"] = "generative"
    if model is Controversy:
        form["summary"] = "Another row."
    response = add(admin_client_logged_in, model, **form)
    assert response.status_code == 200, response.get("Location")
    assert "spelt nearly like" in " ".join(errors(response)[field])
    assert str(existing) in response.content.decode()
    assert model.objects.count() == 1

    # A name nothing resembles is saved at once.
    form.update({"slug": "something-else", field: "東宝 Studios"})
    response = add(admin_client_logged_in, model, **form)
    if response.status_code == 200:  # a controversy still needs its citation
        assert field not in errors(response)
    else:
        assert model.objects.filter(slug="something-else").exists()


def test_an_edit_that_keeps_the_name_is_not_held_but_a_rename_is(admin_client_logged_in):
    Studio.objects.create(slug="cinelytic", name="Cinelytic")
    other = Studio.objects.create(slug="cinelytic-labs", name="Cinelytic")
    response = change(admin_client_logged_in, other, city="Los Angeles")
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.city == "Los Angeles"

    third = Studio.objects.create(slug="third", name="Warner")
    response = change(admin_client_logged_in, third, name="CINELYTIC", city="Burbank")
    assert response.status_code == 200
    assert "spelt nearly like" in " ".join(errors(response)["name"])
    third.refresh_from_db()
    assert (third.name, third.city) == ("Warner", "")  # nothing half-saved

    response = change(
        admin_client_logged_in, third, name="CINELYTIC", city="Burbank", not_a_duplicate="on"
    )
    assert response.status_code == 302
    third.refresh_from_db()
    assert (third.name, third.city) == ("CINELYTIC", "Burbank")


def test_a_record_is_never_its_own_duplicate():
    studio = Studio.objects.create(slug="lonely", name="Lonely Studio")
    assert duplicates.similar_names(Studio, "name", "Lonely Studio", exclude_pk=studio.pk) == []
    assert duplicates.similar_names(Studio, "name", "Lonely Studio") == [studio]


@postgresql_only
def test_postgresql_finds_typos_by_trigram_similarity():
    cinelytic = Studio.objects.create(slug="cinelytic", name="Cinelytic")
    netflix = Studio.objects.create(slug="netflix", name="Netflix")
    Studio.objects.create(slug="warner", name="Warner Bros.")
    assert duplicates.similar_names(Studio, "name", "Cinelitic") == [cinelytic]
    assert duplicates.similar_names(Studio, "name", "Netflix Inc") == [netflix]
    assert duplicates.similar_names(Studio, "name", "Pixar") == []


@postgresql_only
def test_postgresql_lists_at_most_a_few_closest_first():
    for n in range(8):
        Production.objects.create(slug=f"logan-{n}", title="Logan" + " I" * n)
    found = duplicates.similar_names(Production, "title", "Logan")
    assert len(found) == duplicates.SHOWN
    assert found[0].title == "Logan"


@sqlite_only
def test_sqlite_folds_case_and_accents_and_forgives_a_letter():
    nandu = Studio.objects.create(slug="nandu", name="Ñandú Films")
    cinelytic = Studio.objects.create(slug="cinelytic", name="Cinelytic")
    assert duplicates.similar_names(Studio, "name", "nandu films") == [nandu]
    assert duplicates.similar_names(Studio, "name", "Cinelitic") == [cinelytic]
    assert duplicates.similar_names(Studio, "name", "Pixar") == []
