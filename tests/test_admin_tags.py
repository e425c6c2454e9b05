"""Merging duplicate tags in the admin keeps every tagged record, and search follows."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from catalog.models import AITool, Production, Studio

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:taggit_tag_changelist"


@pytest.fixture
def editor_client(client, db):
    call_command(
        "create_editor", "editor", "editor@example.com", password="frame-by-frame-42", verbosity=0
    )
    client.force_login(get_user_model().objects.get(username="editor"))
    return client


@pytest.fixture
def tagged():
    film = Production.objects.create(title="The Congress", slug="the-congress")
    film.tags.add("deep fake")
    studio = Studio.objects.create(name="CraveFX", slug="cravefx")
    studio.tags.add("deep fake", "deepfake", "vfx")
    tool = AITool.objects.create(name="FaceSwap", slug="faceswap", technique="face-swap")
    tool.tags.add("Deep-fake", "deepfake")
    return film, studio, tool


def merge(client, tag_names, into):
    ids = [Tag.objects.get(name=name).pk for name in tag_names]
    return client.post(
        reverse(CHANGELIST),
        {"action": "merge_tags", "_selected_action": ids, "merge_into": into},
        follow=True,
    )


def test_merging_tags_keeps_every_record_tagged(editor_client, tagged):
    film, studio, tool = tagged
    response = merge(editor_client, ["deep fake", "Deep-fake", "deepfake"], into="deepfake")
    assert response.status_code == 200
    assert "Merged “deep fake”, “Deep-fake” into “deepfake”" in response.content.decode()

    assert sorted(Tag.objects.values_list("name", flat=True)) == ["deepfake", "vfx"]
    assert list(film.tags.names()) == ["deepfake"]
    assert sorted(studio.tags.names()) == ["deepfake", "vfx"]
    assert list(tool.tags.names()) == ["deepfake"]
    assert TaggedItem.objects.filter(tag__name="deepfake").count() == 3


def test_merged_records_are_found_by_the_kept_tag(editor_client, tagged):
    film, _, _ = tagged
    assert film not in Production.objects.search("deepfake")
    merge(editor_client, ["deep fake"], into="deepfake")
    assert list(Production.objects.search("deepfake")) == [film]


def test_merging_into_a_new_name_creates_the_tag(editor_client, tagged):
    film, studio, tool = tagged
    merge(editor_client, ["deep fake", "deepfake", "Deep-fake"], into="Deepfakes")
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Deepfakes", "vfx"]
    for record in tagged:
        assert "Deepfakes" in record.tags.names()


def test_merge_without_a_name_changes_nothing_and_says_why(editor_client, tagged):
    before = sorted(TaggedItem.objects.values_list("tag__name", "object_id"))
    response = merge(editor_client, ["deep fake", "deepfake"], into="  ")
    assert "type the tag to keep" in response.content.decode()
    assert sorted(TaggedItem.objects.values_list("tag__name", "object_id")) == before
    assert Tag.objects.count() == 4


def test_tag_list_shows_how_many_records_carry_each_tag(editor_client, tagged):
    response = editor_client.get(reverse(CHANGELIST))
    rows = {tag.name: tag.records for tag in response.context["cl"].result_list}
    assert rows == {"deep fake": 2, "Deep-fake": 1, "deepfake": 2, "vfx": 1}
