"""Tag names in any script get a web address that works, and names that cannot are refused.

Editors type tags in many languages. Each new tag gets a slug made of the name's letters and
digits (accents, Cyrillic, Japanese... kept), its pages and exports answer at the percent-encoded
address that links point to, and a name with no letter or digit, or too long for the database,
is refused with a message before anything is saved. Renaming, re-addressing or deleting a tag
refreshes the search entries of the records that carry it.
"""

import importlib
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from catalog.models import Production, Studio
from tests.pages import links, text

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:taggit_tag_changelist"
INLINES = ["cites", "studio_roles", "ai_uses", "figures", "likenesses"]
NAMES = ["Amélie", "Пиноккио", "映画", "فيلم ٣"]


def production_post(tags, title="Frame Test", slug="frame-test"):
    data = {"title": title, "slug": slug, "kind": "film", "tags": tags}
    for prefix in INLINES:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def add_production(client, tags, **kwargs):
    return client.post(reverse("admin:catalog_production_add"), production_post(tags, **kwargs))


def errors_of(response):
    assert response.status_code == 200, response.status_code
    return text(response)


def merge(client, tag_names, into):
    ids = [Tag.objects.get(name=name).pk for name in tag_names]
    return client.post(
        reverse(CHANGELIST),
        {"action": "merge_tags", "_selected_action": ids, "merge_into": into},
        follow=True,
    )


@pytest.fixture
def reader():
    """A reader who is not signed in, served from the page cache like any visitor."""
    return Client()


# Names in any script -------------------------------------------------------------------------


@pytest.fixture
def tagged_in_many_scripts(admin_client_logged_in, seed):
    response = add_production(admin_client_logged_in, ", ".join([*NAMES, "🎬 premiere"]))
    assert response.status_code == 302, errors_of(response)
    return Production.objects.get(slug="frame-test")


def test_tags_in_any_script_get_an_address_that_keeps_their_letters(tagged_in_many_scripts):
    slugs = dict(Tag.objects.filter(name__in=NAMES).values_list("name", "slug"))
    assert slugs == {"Amélie": "amélie", "Пиноккио": "пиноккио", "映画": "映画", "فيلم ٣": "فيلم-٣"}
    assert Tag.objects.get(name="🎬 premiere").slug == "premiere"


def test_every_public_page_works_with_tags_in_any_script(reader, tagged_in_many_scripts):
    production_url = tagged_in_many_scripts.get_absolute_url()
    for url in ["/", "/productions/", "/tags/", "/search/?q=frame+test", "/sitemap.xml"]:
        assert reader.get(url).status_code == 200, url
    record_page = reader.get(production_url)
    assert record_page.status_code == 200
    for name in [*NAMES, "🎬 premiere"]:
        tag = Tag.objects.get(name=name)
        address = reverse("tag_detail", args=[tag.slug])
        # Links are percent-encoded, as a browser sends them back.
        assert address.isascii() and "%" in address or name == "🎬 premiere"
        assert address in links(record_page)
        assert name in text(reader.get("/tags/"))
        assert address in links(reader.get("/tags/"))  # its address made as reverse() makes it
        assert name in text(reader.get("/search/?q=frame+test"))
        tag_page = reader.get(address)
        assert tag_page.status_code == 200, name
        assert f"tagged “{name}”" in text(tag_page)
        assert production_url in links(tag_page)
        assert address in reader.get("/sitemap-tags.xml").content.decode()
        for fmt in ["json", "csv"]:
            export = reader.get(reverse("tag_export", args=[tag.slug, fmt]))
            assert export.status_code == 200, (name, fmt)
            assert "Frame Test" in b"".join(export.streaming_content).decode()
        # The CSV download is named after the tag, as RFC 6266 spells names beyond ASCII.
        disposition = export["Content-Disposition"]
        assert disposition.isascii()
        named = unquote(disposition.split("filename")[-1]).rstrip('"')
        assert named.endswith(f"tag-{tag.slug}.csv")
        feed = reader.get(reverse("tag_feed", args=[tag.slug]))
        assert feed.status_code == 200 and name in feed.content.decode()


def test_narrowing_a_tag_page_by_a_tag_in_another_script(reader, tagged_in_many_scripts):
    page = reader.get(reverse("tag_detail", args=["amélie"]))
    narrowed = next(link for link in links(page) if "?and=" in link)
    assert narrowed.isascii()
    response = reader.get(narrowed)
    assert response.status_code == 200
    assert "Frame Test" in text(response)
    assert "There is no other tag" not in text(response)
    assert "remove “" in text(response)


def test_a_tag_list_filter_in_another_script_filters(reader, tagged_in_many_scripts):
    response = reader.get("/productions/", {"tag": "пиноккио"})
    assert response.status_code == 200
    assert "Frame Test" in text(response)
    assert "There is no tag" not in text(response)


@pytest.mark.parametrize("name", ["🎬", "🎬🎞️", "!!!", "— · —"])
def test_a_name_with_no_letter_or_digit_is_refused_and_nothing_is_saved(
    admin_client_logged_in, name
):
    response = add_production(admin_client_logged_in, f"{name}, vfx")
    assert "has no letter or digit" in errors_of(response)
    assert not Production.objects.filter(slug="frame-test").exists()
    assert not Tag.objects.exists()


def test_an_emoji_tag_given_an_address_in_the_tag_admin_can_then_be_used(admin_client_logged_in):
    response = admin_client_logged_in.post(
        reverse("admin:taggit_tag_add"), {"name": "🎬", "slug": "clapperboard"}
    )
    assert response.status_code == 302
    response = add_production(admin_client_logged_in, "🎬")
    assert response.status_code == 302, errors_of(response)
    assert list(Production.objects.get(slug="frame-test").tags.names()) == ["🎬"]
    page = admin_client_logged_in.get(reverse("tag_detail", args=["clapperboard"]))
    assert "Frame Test" in text(page)


def test_the_tag_admin_explains_that_an_emoji_name_needs_an_address(admin_client_logged_in):
    response = admin_client_logged_in.post(
        reverse("admin:taggit_tag_add"), {"name": "🎬", "slug": ""}
    )
    assert "Give the tag a web address" in errors_of(response)
    assert not Tag.objects.exists()


def test_a_slug_typed_in_another_script_in_the_tag_admin_works(admin_client_logged_in, reader):
    film = Production.objects.create(title="Stalker", slug="stalker")
    film.tags.add("cinema")
    tag = Tag.objects.get(name="cinema")
    response = admin_client_logged_in.post(
        reverse("admin:taggit_tag_change", args=[tag.pk]), {"name": "cinema", "slug": "Кино"}
    )
    assert response.status_code == 302, errors_of(response)
    assert reader.get("/productions/").status_code == 200
    page = reader.get(reverse("tag_detail", args=["Кино"]))
    assert page.status_code == 200 and "Stalker" in text(page)


def test_merging_into_a_new_name_in_another_script(admin_client_logged_in, reader):
    studio = Studio.objects.create(name="Mosfilm", slug="mosfilm")
    studio.tags.add("film studio", "studio")
    response = merge(admin_client_logged_in, ["film studio", "studio"], into="Киностудия")
    assert "Merged" in text(response)
    tag = Tag.objects.get(name="Киностудия")
    assert reader.get("/studios/").status_code == 200
    page = reader.get(reverse("tag_detail", args=[tag.slug]))
    assert page.status_code == 200 and "Mosfilm" in text(page)


def test_merging_into_a_name_with_no_letter_or_digit_is_refused(admin_client_logged_in):
    studio = Studio.objects.create(name="Mosfilm", slug="mosfilm")
    studio.tags.add("film studio", "studio")
    response = merge(admin_client_logged_in, ["film studio", "studio"], into="🎬")
    assert "has no letter or digit" in text(response)
    assert sorted(studio.tags.names()) == ["film studio", "studio"]
    assert Tag.objects.count() == 2


def test_tags_saved_without_a_usable_address_get_one(reader):
    """Tags stored before addresses had to route: the migration gives them one."""
    film = Production.objects.create(title="Stalker", slug="stalker")
    film.tags.add("zone")
    empty = Tag.objects.create(name="🎬", slug="placeholder-1")
    bad = Tag.objects.create(name="a b", slug="placeholder-2")
    # As older versions stored them: an emoji's empty slug, a slug typed with a slash.
    Tag.objects.filter(pk=empty.pk).update(slug="")
    Tag.objects.filter(pk=bad.pk).update(slug="a b/c")
    TaggedItem.objects.create(tag=empty, content_object=film)
    TaggedItem.objects.create(tag=bad, content_object=film)
    migration = importlib.import_module("catalog.migrations.0014_tag_slugs_and_record_slug_case")
    migration.give_tags_usable_slugs(apps, None)
    assert Tag.objects.get(pk=empty.pk).slug == f"tag-{empty.pk}"
    assert Tag.objects.get(pk=bad.pk).slug == "a-b"
    assert Tag.objects.get(name="zone").slug == "zone"
    page = reader.get(film.get_absolute_url())
    assert page.status_code == 200
    assert f"/tags/tag-{empty.pk}/" in links(page)


# Lengths the database enforces ---------------------------------------------------------------


def test_a_tag_longer_than_the_database_allows_is_refused_with_a_message(admin_client_logged_in):
    response = add_production(admin_client_logged_in, "x" * 101 + ", vfx")
    assert "a tag can have at most 100 characters" in errors_of(response)
    assert not Production.objects.exists()
    assert not Tag.objects.exists()


def test_a_tag_of_exactly_the_longest_length_is_kept(admin_client_logged_in, reader):
    response = add_production(admin_client_logged_in, "x" * 100)
    assert response.status_code == 302, errors_of(response)
    assert reader.get(reverse("tag_detail", args=["x" * 100])).status_code == 200


def test_long_names_sharing_an_address_get_distinct_addresses_that_fit(admin_client_logged_in):
    first, second = "a" * 49 + " " + "b" * 50, "a" * 49 + "-" + "b" * 50
    # NFKC turns one "㍿" into four letters: 30 of them make a 120-letter address.
    widened = "㍿" * 30
    response = add_production(admin_client_logged_in, f"{first}, {second}, {widened}")
    assert response.status_code == 302, errors_of(response)
    slugs = list(Tag.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 3
    assert all(0 < len(slug) <= 100 for slug in slugs)
    for slug in slugs:
        assert admin_client_logged_in.get(reverse("tag_detail", args=[slug])).status_code == 200


def test_merging_into_a_name_longer_than_the_database_allows_is_refused(admin_client_logged_in):
    studio = Studio.objects.create(name="Mosfilm", slug="mosfilm")
    studio.tags.add("film studio", "studio")
    response = merge(admin_client_logged_in, ["film studio", "studio"], into="y" * 101)
    assert "at most 100 characters" in text(response)
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["film studio", "studio"]


def test_the_tag_admin_refuses_a_name_or_slug_too_long(admin_client_logged_in):
    response = admin_client_logged_in.post(
        reverse("admin:taggit_tag_add"), {"name": "n" * 101, "slug": "s" * 101}
    )
    page = errors_of(response)
    assert page.count("at most 100 characters") == 2
    assert not Tag.objects.exists()


# Search follows tag changes ------------------------------------------------------------------


@pytest.fixture
def science_fiction():
    film = Production.objects.create(title="Solaris", slug="solaris")
    film.tags.add("science fiction")
    studio = Studio.objects.create(name="Mosfilm", slug="mosfilm")
    studio.tags.add("science fiction")
    return film, studio, Tag.objects.get(name="science fiction")


def test_renaming_a_tag_in_the_admin_updates_search(admin_client_logged_in, science_fiction):
    film, studio, tag = science_fiction
    assert list(Production.objects.search("xenofiction")) == []
    response = admin_client_logged_in.post(
        reverse("admin:taggit_tag_change", args=[tag.pk]),
        {"name": "xenofiction", "slug": "science-fiction"},
    )
    assert response.status_code == 302, errors_of(response)
    assert list(Production.objects.search("xenofiction")) == [film]
    assert list(Studio.objects.search("xenofiction")) == [studio]
    assert list(Production.objects.search("science")) == []


def test_deleting_a_tag_in_the_admin_updates_search(admin_client_logged_in, science_fiction):
    film, studio, tag = science_fiction
    assert list(Production.objects.search("science")) == [film]
    response = admin_client_logged_in.post(
        reverse("admin:taggit_tag_delete", args=[tag.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Tag.objects.exists()
    assert list(Production.objects.search("science")) == []
    assert list(Studio.objects.search("science")) == []


def test_deleting_tags_with_the_bulk_action_updates_search(admin_client_logged_in, science_fiction):
    film, _, tag = science_fiction
    response = admin_client_logged_in.post(
        reverse(CHANGELIST),
        {"action": "delete_selected", "_selected_action": [tag.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert list(Production.objects.search("science")) == []


def test_a_records_tags_read_alone_or_prefetched_with_others_are_its_own(django_assert_num_queries):
    first = Production.objects.create(slug="first", title="First")
    first.tags.add("映画", "vfx")
    Production.objects.create(slug="second", title="Second").tags.add("vfx", "labor")
    Studio.objects.create(slug="first", name="Same id elsewhere").tags.add("streaming")
    assert sorted(tag.name for tag in first.tags.all()) == ["vfx", "映画"]
    assert [tag.name for tag in first.tags.filter(slug="vfx")] == ["vfx"]
    assert first.tags.count() == 2
    records = list(Production.objects.order_by("slug").prefetch_related("tags"))
    with django_assert_num_queries(0):
        shown = {record.slug: sorted(tag.name for tag in record.tags.all()) for record in records}
    assert shown == {"first": ["vfx", "映画"], "second": ["labor", "vfx"]}
