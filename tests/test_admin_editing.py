"""Entering linked records in the admin: one screen per production, clear refusals, no half save."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.forms import SOURCE_REQUIRED
from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Figure,
    Person,
    Production,
    Quote,
    Source,
    Stage,
    Studio,
    latest_allowed_year,
)
from tests.factories import make_catalog

pytestmark = pytest.mark.django_db

PRODUCTION_INLINES = ["cites", "studio_roles", "ai_uses", "figures", "likenesses"]


@pytest.fixture
def editor(db):
    call_command(
        "create_editor", "editor", "editor@example.com", password="frame-by-frame-42", verbosity=0
    )
    return get_user_model().objects.get(username="editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def source():
    return Source.objects.create(title="Report on the film", slug="report", publisher="Guardian")


@pytest.fixture
def tool():
    return AITool.objects.create(name="Runway Gen-4", slug="runway-gen-4", technique="generative")


@pytest.fixture
def studio():
    return Studio.objects.create(name="Netflix", slug="netflix", kind="streamer")


def stage(slug):
    return Stage.objects.get(slug=slug)


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def citations(*sources, prefix="cites", initial=0):
    """A record's citations inline as a browser posts it: one row per source."""
    data = management(prefix, total=len(sources), initial=initial)
    for index, source in enumerate(sources):
        data[f"{prefix}-{index}-source"] = str(source.pk)
    return data


def production_post(title="El Eternauta", slug="el-eternauta", year="2025", **extra):
    data = {"title": title, "slug": slug, "kind": "series", "year": year, "tags": ""}
    for prefix in PRODUCTION_INLINES:
        data.update(management(prefix))
    data.update(extra)
    return data


def ai_use_rows(*rows):
    data = management("ai_uses", total=len(rows))
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"ai_uses-{index}-{field}"] = value
    return data


def assert_saved(response):
    """A redirect after saving; otherwise fail with the errors the page showed."""
    if response.status_code != 302:
        form_errors = response.context["adminform"].form.errors
        inline_errors = [
            (inline.formset.prefix, inline.formset.errors, inline.formset.non_form_errors())
            for inline in response.context["inline_admin_formsets"]
        ]
        pytest.fail(f"not saved: {form_errors} {inline_errors}")


def errors_of(response):
    """The text of every error shown on an admin form page."""
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# An editor enters a production with its AI uses on one screen --------------------------------


def test_editor_adds_a_production_with_two_ai_uses_and_tags_and_it_is_published(
    editor_client, editor, source, tool, studio
):
    data = production_post(tags="generative ai, streaming", **citations(source))
    data.update(
        ai_use_rows(
            {
                "tool": tool.pk,
                "studio": studio.pk,
                "stage": stage("post-production").pk,
                "status": "confirmed",
                "description": "A building collapse in Buenos Aires made with generative AI.",
                "sources": [source.pk],
            },
            {
                "tool": tool.pk,
                "stage": stage("production").pk,
                "status": "reported",
                "description": "Backgrounds for crowd scenes.",
                "sources": [source.pk],
            },
        )
    )
    assert_saved(editor_client.post(reverse("admin:catalog_production_add"), data))

    production = Production.objects.get(slug="el-eternauta")
    uses = list(production.ai_uses.order_by("stage__position"))
    assert [use.stage.slug for use in uses] == ["production", "post-production"]
    assert all(list(use.sources.all()) == [source] for use in uses)
    assert sorted(production.tags.names()) == ["generative ai", "streaming"]
    assert production.history.get().history_user == editor

    public = editor_client.get(production.get_absolute_url())
    assert public.status_code == 200
    assert "El Eternauta" in public.content.decode()


def test_editor_adds_a_studio_with_an_ai_use_and_a_figure_on_one_screen(
    editor_client, source, tool
):
    data = {"name": "CraveFX", "slug": "cravefx", "kind": "vfx", "tags": ""}
    data.update(citations() | management("ai_uses", total=1) | management("figures", total=1))
    data.update(management("responses"))
    data.update(
        {
            "ai_uses-0-tool": tool.pk,
            "ai_uses-0-stage": stage("post-production").pk,
            "ai_uses-0-status": "reported",
            "ai_uses-0-description": "Effects for a series.",
            "ai_uses-0-sources": [source.pk],
            "figures-0-label": "Staff",
            "figures-0-value": "12",
            "figures-0-unit": "people",
            "figures-0-sources": [source.pk],
        }
    )
    assert_saved(editor_client.post(reverse("admin:catalog_studio_add"), data))
    studio = Studio.objects.get(slug="cravefx")
    assert studio.ai_uses.get().production is None
    assert studio.figures.get().label == "Staff"
    assert "CraveFX" in editor_client.get(studio.get_absolute_url()).content.decode()


def test_change_page_links_to_the_record_on_the_site(editor_client, source):
    production = Production.objects.create(title="The Frame", slug="the-frame")
    page = editor_client.get(reverse("admin:catalog_production_change", args=[production.pk]))
    assert "View on site" in page.content.decode()
    shortcut = page.context["adminform"].form.instance.get_absolute_url()
    assert editor_client.get(shortcut).status_code == 200
    assert "The Frame" in editor_client.get(shortcut).content.decode()


def test_timestamps_are_shown_but_cannot_be_edited(editor_client):
    production = Production.objects.create(title="The Frame", slug="the-frame")
    page = editor_client.get(reverse("admin:catalog_production_change", args=[production.pk]))
    form = page.context["adminform"].form
    assert "created" not in form.fields and "updated" not in form.fields
    assert "Created" in page.content.decode() and "Updated" in page.content.decode()


def test_inline_rows_keep_their_autocomplete_widgets(editor_client, tool):
    page = editor_client.get(reverse("admin:catalog_production_add")).content.decode()
    # The empty row Django copies when "Add another AI use" is clicked, and its select boxes.
    for field in ["tool", "studio", "stage", "sources"]:
        assert f'name="ai_uses-__prefix__-{field}"' in page
    assert page.count(f'data-ajax--url="{reverse("admin:autocomplete")}"') >= 8
    answer = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "catalog", "model_name": "aiuse", "field_name": "tool", "term": "runw"},
    )
    assert answer.status_code == 200
    assert [r["text"] for r in json.loads(answer.content)["results"]] == ["Runway Gen-4"]


# Validation: a message that says what is wrong, nothing saved --------------------------------


def test_ai_use_without_production_or_studio_is_refused_with_a_message(editor_client, tool, source):
    response = editor_client.post(
        reverse("admin:catalog_aiuse_add"),
        {
            "tool": tool.pk,
            "stage": stage("production").pk,
            "status": "reported",
            "description": "Floating claim.",
            "sources": [source.pk],
        },
    )
    assert "An AI use needs a production or a studio" in errors_of(response)
    assert not AIUse.objects.exists()


@pytest.mark.parametrize("model", ["aiuse", "controversy", "quote", "figure"])
def test_a_claim_without_a_source_is_refused_with_a_message(editor_client, model, tool, studio):
    person = Person.objects.create(name="Ted Sarandos", slug="ted-sarandos")
    data = {
        "aiuse": {
            "tool": tool.pk,
            "studio": studio.pk,
            "stage": stage("production").pk,
            "status": "reported",
            "description": "Used.",
        },
        "controversy": {"title": "Strike", "slug": "strike", "summary": "Actors struck."},
        "quote": {"person": person.pk, "text": "We are using AI."},
        "figure": {"label": "Revenue", "value": "11079000000", "unit": "USD", "studio": studio.pk},
    }[model]
    data["tags"] = ""
    data |= citations()  # the citations inline, with no row
    if model == "aiuse":
        data |= citations(prefix="disclosure_cites")
    response = editor_client.post(reverse(f"admin:catalog_{model}_add"), data)
    assert "Cite at least one source for this claim" in errors_of(response)
    model_class = {"aiuse": AIUse, "controversy": Controversy, "quote": Quote, "figure": Figure}
    assert not model_class[model].objects.exists()


def test_figure_about_nothing_is_refused_with_a_message(editor_client, source):
    response = editor_client.post(
        reverse("admin:catalog_figure_add"),
        {"label": "Revenue", "value": "1", "unit": "USD", "sources": [source.pk]},
    )
    assert "A figure is about a production or a studio" in errors_of(response)
    assert not Figure.objects.exists()


def test_far_future_release_year_is_refused_with_a_message(editor_client):
    response = editor_client.post(
        reverse("admin:catalog_production_add"), production_post(year="2999")
    )
    page = errors_of(response)
    assert f"2999 is too far in the future: enter a year up to {latest_allowed_year()}" in page
    assert not Production.objects.exists()


def test_a_slug_differing_only_in_capitals_is_refused_with_a_message(editor_client):
    Production.objects.create(title="Logan", slug="logan")
    response = editor_client.post(
        reverse("admin:catalog_production_add"), production_post(title="LOGAN", slug="LOGAN")
    )
    assert "Another record has this slug, apart from capitals and small letters" in errors_of(
        response
    )
    assert list(Production.objects.values_list("slug", flat=True)) == ["logan"]


def test_a_source_slug_differing_only_in_capitals_is_refused_with_a_message(editor_client):
    Source.objects.create(title="Report", slug="report")
    response = editor_client.post(
        reverse("admin:catalog_source_add"), {"title": "Other report", "slug": "Report"}
    )
    assert "Another record has this slug" in errors_of(response)
    assert Source.objects.count() == 1


def test_an_imdb_id_with_digits_of_another_script_is_refused_with_a_message(editor_client):
    response = editor_client.post(
        reverse("admin:catalog_production_add"),
        production_post(imdb_id="tt\u0661\u0662\u0663\u0664\u0665\u0666\u0667"),
    )
    assert "An IMDb title ID looks like tt1234567." in errors_of(response)
    assert not Production.objects.exists()


@pytest.mark.parametrize(
    "url, data, field",
    [
        (
            "admin:catalog_source_add",
            {"title": "Bad link", "slug": "bad-link", "url": "not a link"},
            "url",
        ),
        (
            "admin:catalog_studio_add",
            {"name": "S", "slug": "s", "kind": "studio", "website": "www example", "tags": ""},
            "website",
        ),
    ],
)
def test_invalid_urls_are_refused_with_a_message(editor_client, url, data, field):
    if url == "admin:catalog_studio_add":
        data.update(management("ai_uses") | management("figures") | management("responses"))
    response = editor_client.post(reverse(url), data)
    assert "Enter a valid URL." in errors_of(response)
    assert response.context["adminform"].form.errors[field] == ["Enter a valid URL."]
    assert not Source.objects.filter(slug="bad-link").exists()
    assert not Studio.objects.filter(slug="s").exists()


def test_a_bad_inline_row_saves_nothing_not_even_the_production(editor_client, tool, studio):
    data = production_post()
    data.update(
        ai_use_rows(
            {
                "tool": tool.pk,
                "stage": stage("production").pk,
                "status": "reported",
                "description": "No source given.",
            }
        )
    )
    response = editor_client.post(reverse("admin:catalog_production_add"), data)
    assert str(SOURCE_REQUIRED) in response.content.decode().replace("&#x27;", "'")
    assert not Production.objects.exists()
    assert not AIUse.objects.exists()


def test_a_bad_inline_row_leaves_the_existing_production_unchanged(editor_client, tool, source):
    production = Production.objects.create(title="Old title", slug="old-title")
    data = production_post(title="New title", slug="old-title")
    data.update(
        ai_use_rows(
            {
                "tool": tool.pk,
                "stage": stage("production").pk,
                "status": "reported",
                "description": "Dated far ahead.",
                "year": "2999",
                "sources": [source.pk],
            }
        )
    )
    response = editor_client.post(
        reverse("admin:catalog_production_change", args=[production.pk]), data
    )
    assert "2999 is too far in the future" in errors_of(response)
    production.refresh_from_db()
    assert production.title == "Old title"
    assert production.history.count() == 1


def test_same_studio_role_twice_on_one_screen_is_refused(editor_client, studio):
    data = production_post()
    data.update(management("studio_roles", total=2))
    for index in range(2):
        data[f"studio_roles-{index}-studio"] = studio.pk
        data[f"studio_roles-{index}-role"] = "producer"
    response = editor_client.post(reverse("admin:catalog_production_add"), data)
    assert "Please correct the duplicate data" in errors_of(response)
    assert not Production.objects.exists()


# Deleting what others link to is refused, with the list of what links to it -------------------


def test_deleting_a_studio_others_link_to_is_refused_with_the_list(
    admin_client_logged_in, studio, tool, source
):
    use = AIUse.objects.create(
        tool=tool, studio=studio, stage=stage("production"), description="Used it."
    )
    url = reverse("admin:catalog_studio_delete", args=[studio.pk])
    page = admin_client_logged_in.get(url).content.decode()
    assert "Cannot delete studio" in page
    assert str(use) in page.replace("&#x27;", "'")
    response = admin_client_logged_in.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert Studio.objects.filter(pk=studio.pk).exists()


def test_deleting_a_cited_source_is_refused_with_what_cites_it(editor_client, source, studio):
    figure = Figure.objects.create(label="Revenue", value=1, unit="USD", studio=studio)
    figure.sources.add(source)
    url = reverse("admin:catalog_source_delete", args=[source.pk])
    page = editor_client.get(url).content.decode()
    assert "Cannot delete source" in page
    assert "Figure: <a" in page and "Revenue" in page
    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "Cannot delete source" in response.content.decode()
    assert Source.objects.filter(pk=source.pk).exists()
    assert list(figure.sources.all()) == [source]


def test_bulk_delete_of_sources_is_refused_while_one_is_cited(editor_client, source, studio):
    unused = Source.objects.create(title="Unused", slug="unused")
    Figure.objects.create(label="Revenue", value=1, unit="USD", studio=studio).sources.add(source)
    response = editor_client.post(
        reverse("admin:catalog_source_changelist"),
        {"action": "delete_selected", "_selected_action": [source.pk, unused.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert "Figure: <a" in response.content.decode()
    assert Source.objects.count() == 2


def test_an_uncited_source_can_be_deleted_by_an_editor(editor_client):
    unused = Source.objects.create(title="Unused", slug="unused")
    response = editor_client.post(
        reverse("admin:catalog_source_delete", args=[unused.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Source.objects.exists()


# Lists run a fixed number of queries ----------------------------------------------------------


CHANGELISTS = [
    "source",
    "studio",
    "production",
    "productionstudio",
    "stage",
    "aitool",
    "aiuse",
    "person",
    "personrole",
    "credit",
    "controversy",
    "quote",
    "figure",
]


def test_changelists_run_the_same_queries_for_3_rows_as_for_30(admin_client_logged_in):
    def queries_per_list():
        counts = {}
        for model in CHANGELISTS:
            url = reverse(f"admin:catalog_{model}_changelist")
            with CaptureQueriesContext(connection) as queries:
                response = admin_client_logged_in.get(url)
            assert response.status_code == 200
            counts[model] = (len(queries), response.context["cl"].result_count)
        return counts

    make_catalog(3, prefix="few")
    admin_client_logged_in.get(reverse("admin:index"))  # warm the session and caches
    few = queries_per_list()
    make_catalog(27, prefix="more")
    many = queries_per_list()
    assert all(rows >= 30 for model, (_, rows) in many.items() if model != "stage")
    grew = {model: (few[model][0], many[model][0]) for model in CHANGELISTS}
    assert {model: counts for model, counts in grew.items() if counts[1] > counts[0]} == {}
    assert max(queries for queries, _ in many.values()) <= 15
