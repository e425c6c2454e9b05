"""Every change is kept with who made it and when; an editor can see the versions and revert."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.forms import BooleanField
from django.test import Client
from django.urls import reverse
from taggit.forms import TagField
from taggit.utils import edit_string_for_tags

from catalog.models import AITool, AIUse, Production, Source, Stage, Studio

pytestmark = pytest.mark.django_db


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


def form_data(form):
    """What a browser submits for a form as the page shows it: every field's shown value."""
    data = {}
    for field in form:
        value = field.value()
        if isinstance(field.field, BooleanField):
            if value:
                data[field.html_name] = "on"
        elif isinstance(field.field, TagField):
            data[field.html_name] = value if isinstance(value, str) else edit_string_for_tags(value)
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(item) for item in value]
        elif value is not None:
            data[field.html_name] = str(value)
    return data


def inline_management(response):
    data = {}
    for inline in response.context.get("inline_admin_formsets", []):
        management = inline.formset.management_form
        for field in management:
            data[field.html_name] = str(field.value())
        for form in inline.formset.initial_forms:
            data.update(form_data(form))
    return data


def test_a_change_can_be_reverted_and_the_old_values_come_back(editor_client, editor):
    source = Source.objects.create(title="Report", slug="report")
    production = Production.objects.create(
        title="El Eternauta", slug="el-eternauta", kind="series", synopsis="An alien snowfall."
    )
    production.sources.add(source)
    change_url = reverse("admin:catalog_production_change", args=[production.pk])

    page = editor_client.get(change_url)
    data = form_data(page.context["adminform"].form) | inline_management(page)
    data.update(title="The Eternaut", synopsis="Rewritten by mistake.", year="2025")
    assert editor_client.post(change_url, data).status_code == 302
    production.refresh_from_db()
    assert (production.title, production.year) == ("The Eternaut", 2025)

    history_page = editor_client.get(
        reverse("admin:catalog_production_history", args=[production.pk])
    )
    assert history_page.status_code == 200
    assert "editor" in history_page.content.decode()
    versions = production.history.order_by("history_date")
    assert [v.title for v in versions] == ["El Eternauta", "The Eternaut"]
    assert versions.last().history_user == editor

    first = versions.first()
    revert_url = reverse(
        "admin:catalog_production_simple_history", args=[production.pk, first.history_id]
    )
    revert_page = editor_client.get(revert_url)
    assert revert_page.status_code == 200
    assert "Revert" in revert_page.content.decode()
    response = editor_client.post(revert_url, form_data(revert_page.context["adminform"].form))
    assert response.status_code == 302

    production.refresh_from_db()
    assert production.title == "El Eternauta"
    assert production.synopsis == "An alien snowfall."
    assert production.year is None
    assert list(production.sources.all()) == [source]
    latest = production.history.latest("history_date")
    assert latest.history_user == editor and latest.title == "El Eternauta"
    assert production.history.count() == 3  # the revert is itself a kept change
    assert "El Eternauta" in editor_client.get(production.get_absolute_url()).content.decode()


def test_a_deleted_ai_use_can_be_restored_from_its_history(editor_client, editor):
    source = Source.objects.create(title="Report", slug="report")
    studio = Studio.objects.create(name="Netflix", slug="netflix")
    tool = AITool.objects.create(name="Runway", slug="runway", technique="generative")
    use = AIUse.objects.create(
        tool=tool, studio=studio, stage=Stage.objects.get(slug="production"), description="VFX"
    )
    use.sources.add(source)
    use_id = use.pk
    delete_url = reverse("admin:catalog_aiuse_delete", args=[use_id])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not AIUse.objects.exists()

    history_page = editor_client.get(reverse("admin:catalog_aiuse_history", args=[use_id]))
    assert history_page.status_code == 200
    kept = AIUse.history.filter(id=use_id).earliest("history_date")
    revert_url = reverse("admin:catalog_aiuse_simple_history", args=[use_id, kept.history_id])
    form = editor_client.get(revert_url).context["adminform"].form
    data = form_data(form) | {"sources": [str(source.pk)]}
    assert editor_client.post(revert_url, data).status_code == 302

    restored = AIUse.objects.get(pk=use_id)
    assert (restored.description, restored.studio, restored.tool) == ("VFX", studio, tool)
    deleted = AIUse.history.filter(id=use_id, history_type="-").get()
    assert deleted.history_user == editor


def test_ai_uses_added_inline_are_kept_with_who_added_them(editor_client, editor):
    """Every save in a request is recorded for the signed-in editor, inline rows included."""
    source = Source.objects.create(title="Report", slug="report")
    tool = AITool.objects.create(name="Runway", slug="runway", technique="generative")
    production = Production.objects.create(title="P", slug="p")
    change_url = reverse("admin:catalog_production_change", args=[production.pk])
    page = editor_client.get(change_url)
    data = form_data(page.context["adminform"].form) | inline_management(page)
    data.update(
        {
            "ai_uses-TOTAL_FORMS": "1",
            "ai_uses-0-tool": str(tool.pk),
            "ai_uses-0-stage": str(Stage.objects.get(slug="production").pk),
            "ai_uses-0-status": "reported",
            "ai_uses-0-description": "Backgrounds.",
            "ai_uses-0-sources": [str(source.pk)],
        }
    )
    assert editor_client.post(change_url, data).status_code == 302
    use = production.ai_uses.get()
    assert use.history.get().history_user == editor
    assert use.history.get().history_date is not None


@pytest.mark.parametrize(
    "model",
    ["production", "studio", "aitool", "person", "source", "stage", "productionstudio"],
)
def test_editor_can_open_the_history_of_any_record(editor_client, model, seed):
    from django.apps import apps

    record = apps.get_model("catalog", model).objects.first()
    url = reverse(f"admin:catalog_{model}_history", args=[record.pk])
    assert editor_client.get(url).status_code == 200


def test_a_stale_save_drops_links_and_revert_brings_the_tag_and_source_back(editor_client, editor):
    """Two editors open a production; the first adds a tag and a source, the second saves the
    page opened before. The stale page's citation rows leave the added one alone; its tags drop
    the added tag, and the first editor's version keeps it: its Revert brings it back."""
    first_source = Source.objects.create(title="First report", slug="first-report")
    added_source = Source.objects.create(title="Added report", slug="added-report")
    production = Production.objects.create(title="El Eternauta", slug="el-eternauta")
    production.sources.add(first_source)
    change_url = reverse("admin:catalog_production_change", args=[production.pk])
    call_command(
        "create_editor", "second", "second@example.com", password="frame-by-frame-42", verbosity=0
    )
    second_client = Client()
    second_client.force_login(get_user_model().objects.get(username="second"))

    first_page = editor_client.get(change_url)
    stale_page = second_client.get(change_url)
    data = form_data(first_page.context["adminform"].form) | inline_management(first_page)
    data.update(
        {"tags": "snowfall-vfx", "cites-TOTAL_FORMS": "2", "cites-1-source": added_source.pk}
    )
    assert editor_client.post(change_url, data).status_code == 302
    assert editor.pk == production.history.latest("history_date").history_user_id
    assert production.history.latest("history_date").history_links["sources"] == sorted(
        [first_source.pk, added_source.pk]
    )
    stale = form_data(stale_page.context["adminform"].form) | inline_management(stale_page)
    stale.update(synopsis="An alien snowfall.")
    assert second_client.post(change_url, stale).status_code == 302

    public = editor_client.get(production.get_absolute_url()).content.decode()
    assert "snowfall-vfx" not in public and "Added report" in public

    kept = production.history.get(history_user=editor)
    revert_url = reverse(
        "admin:catalog_production_simple_history", args=[production.pk, kept.history_id]
    )
    revert_page = editor_client.get(revert_url)
    assert (
        editor_client.post(revert_url, form_data(revert_page.context["adminform"].form)).status_code
        == 302
    )

    public = editor_client.get(production.get_absolute_url()).content.decode()
    assert "snowfall-vfx" in public and "Added report" in public and "First report" in public
    latest = production.history.latest("history_date")
    assert latest.history_user == editor
    assert latest.history_links["tags"] == ["snowfall-vfx"]


def edits_of_a_load(prefix):
    """Edits as a load makes them: records created, linked, tagged, saved again, one deleted."""
    first = Source.objects.create(title="First", slug=f"{prefix}-first")
    second = Source.objects.create(title="Second", slug=f"{prefix}-second")
    maker = Studio.objects.create(name="Maker", slug=f"{prefix}-maker")
    tool = AITool.objects.create(name="Loom", slug=f"{prefix}-loom", vendor=maker)
    tool.sources.add(first)
    tool.tags.add("weaving")
    tool.name = "Loom Two"
    tool.save()
    tool.sources.add(second)
    tool.tags.add("looms")
    gone = Production.objects.create(title="Gone", slug=f"{prefix}-gone", year=2020)
    gone.sources.add(first)
    gone.tags.add("lost")
    gone.delete()


def what_the_load_left(prefix):
    """Each record's versions with the links each kept (sources by slug), and the tool's
    search entry, as an editor and a search would find them."""
    slugs = {
        source.pk: source.slug.removeprefix(f"{prefix}-")
        for source in Source.objects.filter(slug__startswith=f"{prefix}-")
    }

    def versions(history):
        return [
            (
                version.history_type,
                {
                    name: [slugs.get(value, value) for value in values]
                    for name, values in version.history_links.items()
                },
            )
            for version in history.order_by("history_id")
        ]

    tool = AITool.objects.get(slug=f"{prefix}-loom")
    return {
        "tool": versions(tool.history),
        "gone": versions(Production.history.filter(slug=f"{prefix}-gone")),
        "vector": AITool.objects.values_list("search_vector", flat=True).get(pk=tool.pk),
    }


def test_a_batched_load_leaves_the_versions_and_search_entries_one_edit_at_a_time_leaves(db):
    """The seed and the tests' catalogs load in signals.batched(), which gives versions their
    links once per record at the end instead of at every add(): each version keeps the same
    links, the deleted record's last version included, and the same search entry."""
    from catalog import signals

    edits_of_a_load("single")
    with signals.batched():
        edits_of_a_load("batch")
    batched = what_the_load_left("batch")
    assert batched == what_the_load_left("single")
    assert [kind for kind, _ in batched["tool"]] == ["+", "~"]
    assert batched["tool"][0][1] == {"sources": ["first"], "tags": ["weaving"]}
    assert batched["tool"][1][1] == {"sources": ["first", "second"], "tags": ["looms", "weaving"]}
    assert [kind for kind, _ in batched["gone"]] == ["+", "-"]
    assert batched["gone"][1][1] == {"sources": ["first"], "tags": ["lost"]}
