"""A delete never drops what links to the record: it is refused, with the list of what links."""

import pytest
from django.apps import apps
from django.db.models import ProtectedError
from django.urls import reverse

from catalog.models import Citation, Controversy, Source, Studio
from tests.factories import make_seed_likeness, make_seed_rule

pytestmark = pytest.mark.django_db

# Every many-to-many link in the catalog, seen from the record it points at (a record's sources
# are citations, through a model of their own).
LINKS = [
    pytest.param(
        model,
        relation.field.name,
        relation.related_model,
        id=f"{relation.related_model._meta.model_name}.{relation.field.name}->"
        f"{model._meta.model_name}",
    )
    for model in apps.get_app_config("catalog").get_models()
    for relation in model._meta.related_objects
    if relation.many_to_many
    and (relation.through._meta.auto_created or issubclass(relation.through, Citation))
]


def own_links(record):
    return {
        field.name: set(getattr(record, field.name).values_list("pk", flat=True))
        for field in record._meta.many_to_many
    }


def test_every_kind_of_link_is_covered():
    names = {param.id for param in LINKS}
    assert "controversy.studios->studio" in names and "figure.sources->source" in names
    assert {"likeness.sources->source", "response.sources->source"} <= names
    assert "rulelink.sources->source" in names
    assert len(LINKS) >= 19


@pytest.mark.parametrize("model, field, linking_model", LINKS)
def test_deleting_a_linked_record_in_code_is_refused_and_nothing_is_deleted(
    seed, model, field, linking_model
):
    # The seed has no rule (nor a link from one) and no likeness record: made up on top of it.
    make_seed_rule()
    make_seed_likeness()
    target = model.objects.order_by("pk").first()
    linking = linking_model.objects.order_by("pk").first()
    assert target is not None and linking is not None, "no record to link: add one above"
    getattr(linking, field).add(target)
    kept_links = own_links(target)

    with pytest.raises(ProtectedError, match="Cannot delete"):
        target.delete()

    assert model.objects.filter(pk=target.pk).exists()
    assert target in getattr(linking, field).all()
    assert own_links(model.objects.get(pk=target.pk)) == kept_links


def test_deleting_a_studio_a_controversy_links_to_is_refused_in_the_admin(
    seed, admin_client_logged_in
):
    studio = Studio.objects.get(slug="sag-aftra")
    strike = Controversy.objects.get(slug="ai-in-the-2023-hollywood-strike")
    url = reverse("admin:catalog_studio_delete", args=[studio.pk])

    page = admin_client_logged_in.get(url).content.decode()
    assert "Cannot delete studio" in page
    assert f">{strike.title}</a>" in page
    assert "will be deleted" not in page

    response = admin_client_logged_in.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "Cannot delete studio" in response.content.decode()
    assert Studio.objects.filter(pk=studio.pk).exists()
    assert list(strike.studios.all()) == [studio]


def test_delete_selected_is_refused_while_a_controversy_links_to_one_of_them(
    seed, admin_client_logged_in
):
    studio = Studio.objects.get(slug="sag-aftra")
    unlinked = Studio.objects.create(name="Nobody links here", slug="nobody")
    response = admin_client_logged_in.post(
        reverse("admin:catalog_studio_changelist"),
        {"action": "delete_selected", "_selected_action": [studio.pk, unlinked.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert "Controversy: <a" in response.content.decode()
    assert Studio.objects.filter(pk__in=[studio.pk, unlinked.pk]).count() == 2
    assert Controversy.objects.get(slug="ai-in-the-2023-hollywood-strike").studios.get() == studio


def test_a_controversy_goes_with_its_own_links_and_leaves_the_linked_records(
    seed, admin_client_logged_in
):
    studio = Studio.objects.get(slug="sag-aftra")
    source = Source.objects.order_by("pk").first()
    controversy = Controversy.objects.create(slug="short-lived", title="Short-lived", summary="S")
    controversy.studios.add(studio)
    controversy.sources.add(source)
    controversy.tags.add("gone with it")

    url = reverse("admin:catalog_controversy_delete", args=[controversy.pk])
    assert admin_client_logged_in.post(url, {"post": "yes"}).status_code == 302

    assert not Controversy.objects.filter(pk=controversy.pk).exists()
    assert Studio.objects.filter(pk=studio.pk).exists()
    assert Source.objects.filter(pk=source.pk).exists()
