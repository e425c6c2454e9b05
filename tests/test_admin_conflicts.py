"""Two editors on one record: the second save is refused, not a silent overwrite of the first.

Each editor is a logged-in client that opens the change page and posts back what the page's form
holds, as a browser does (`opened`), with the fields the editor changes.
"""

import threading
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from catalog.admin_conflicts import VERSION_FIELD, EditConflictAdmin
from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Figure,
    FormerAddress,
    Person,
    Production,
    ProductionStudio,
    Source,
    Stage,
    Studio,
)

pytestmark = pytest.mark.django_db

PASSWORD = "frame-by-frame-42"


class FormReader(HTMLParser):
    """The fields a browser would post from the form with this id."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields = []
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append(
                (attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select = {"name": attrs["name"], "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self.select is not None:
            self.select["options"].append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # Browsers drop the newline Django's widget puts after the opening tag.
            self.fields.append((name, text.removeprefix("\r\n").removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            options = self.select["options"]
            chosen = [value for value, selected in options if selected]
            if not chosen and not self.select["multiple"] and options:
                chosen = [options[0][0]]
            self.fields.extend((self.select["name"], value) for value in chosen)
            self.select = None


class Editor:
    """One editor's browser: opens a change page, edits its fields, saves."""

    def __init__(self, user):
        self.user = user
        self.client = Client()
        self.client.force_login(user)

    def open(self, record):
        url = change_url(record)
        response = self.client.get(url)
        assert response.status_code == 200, response.status_code
        reader = FormReader(f"{record._meta.model_name}_form")
        reader.feed(response.content.decode())
        data = {}
        for name, value in reader.fields:
            data.setdefault(name, []).append(value)
        return Page(self, url, data)


class Page:
    def __init__(self, editor, url, data):
        self.editor, self.url, self.data = editor, url, data

    def set(self, **values):
        for name, value in values.items():
            self.data[name] = value if isinstance(value, list) else [str(value)]
        return self

    def save(self):
        return self.editor.client.post(self.url, {**self.data, "_save": "Save"})


def change_url(record):
    return reverse(f"admin:catalog_{record._meta.model_name}_change", args=[record.pk])


def make_editor(username):
    call_command(
        "create_editor", username, f"{username}@example.com", password=PASSWORD, verbosity=0
    )
    return Editor(get_user_model().objects.get(username=username))


@pytest.fixture
def ana():
    return make_editor("ana")


@pytest.fixture
def ben():
    return make_editor("ben")


@pytest.fixture
def source():
    return Source.objects.create(title="Report on the film", slug="report", publisher="Guardian")


@pytest.fixture
def production(source):
    production = Production.objects.create(
        title="El Eternauta", slug="el-eternauta", kind="series", year=2025, synopsis="First."
    )
    production.sources.add(source)
    production.tags.add("streaming")
    return production


@pytest.fixture
def ai_use(production, source):
    tool = AITool.objects.create(name="Runway Gen-4", slug="runway-gen-4", technique="generative")
    use = AIUse.objects.create(
        tool=tool,
        production=production,
        stage=Stage.objects.get(slug="post-production"),
        status="confirmed",
        description="A building collapse made with generative AI.",
    )
    use.sources.add(source)
    return use


def refused(response):
    """The conflict page's text, after checking the save was refused."""
    assert response.status_code == 409, (response.status_code, response.content[:2000])
    return response.content.decode()


def differences(response):
    """The conflict page's table: (what, saved now, yours) per row."""
    return [(row.what, row.saved, row.yours) for row in response.context["differences"]]


def changed_by(response):
    """The conflict page's table: who changed each field since the page was opened."""
    return {row.what: row.by for row in response.context["differences"]}


def saved(response):
    assert response.status_code == 302, response.content.decode()[:3000]


# The record's own fields -----------------------------------------------------------------------


def test_second_editor_gets_the_conflict_page_and_the_first_editors_values_stay(
    ana, ben, production
):
    page_a = ana.open(production)
    page_b = ben.open(production)
    saved(page_a.set(synopsis="Ana's synopsis.").save())

    response = page_b.set(synopsis="Ben's synopsis.", year=2024).save()

    text = refused(response)
    assert "Not saved" in text
    assert "ana changed the production" in text
    assert "Your changes were not saved, and theirs were not overwritten" in text
    assert ("Synopsis", "Ana's synopsis.", "Ben's synopsis.") in differences(response)
    assert ("Year", "2025", "2024") in differences(response)
    assert changed_by(response) == {"Synopsis": "ana and you", "Year": "you"}
    assert not any(row[0] == "Title" for row in differences(response))  # the same on both
    production.refresh_from_db()
    assert (production.synopsis, production.year) == ("Ana's synopsis.", 2025)
    assert [version.history_user.username for version in production.history.all()[:1]] == ["ana"]


def test_after_a_conflict_the_editor_reloads_reapplies_and_saves(ana, ben, production):
    page_b = ben.open(production)
    saved(ana.open(production).set(synopsis="Ana's synopsis.").save())
    reload_link = f'href="{change_url(production)}"'
    assert reload_link in refused(page_b.set(synopsis="Ben's synopsis.").save())

    saved(ben.open(production).set(synopsis="Ben's synopsis, after reading Ana's.").save())

    production.refresh_from_db()
    assert production.synopsis == "Ben's synopsis, after reading Ana's."


def test_a_save_with_no_change_in_between_is_saved(ana, production):
    saved(ana.open(production).set(synopsis="A new synopsis.").save())
    saved(ana.open(production).set(synopsis="A newer one.").save())
    production.refresh_from_db()
    assert production.synopsis == "A newer one."


def test_a_page_shown_again_with_an_error_keeps_the_version_it_was_opened_at(ana, ben, production):
    page_b = ben.open(production)
    response = page_b.set(title="").save()
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    saved(ana.open(production).set(synopsis="Ana's synopsis.").save())

    # Ben corrects the error on the page he was shown, which still holds the old synopsis.
    refused(page_b.set(title="El Eternauta").save())
    production.refresh_from_db()
    assert production.synopsis == "Ana's synopsis."


def test_a_form_posted_without_a_version_saves_as_before(ana, production):
    page = ana.open(production).set(synopsis="From a script.")
    del page.data[VERSION_FIELD]
    saved(page.save())
    production.refresh_from_db()
    assert production.synopsis == "From a script."


def test_a_tampered_version_is_refused(ana, production):
    page = ana.open(production).set(synopsis="Mine.", **{VERSION_FIELD: "not-a-version"})
    text = refused(page.save())
    assert "The version of the page you saved from cannot be read" in text
    production.refresh_from_db()
    assert production.synopsis == "First."


# Links and tags --------------------------------------------------------------------------------


def test_a_tag_change_alone_is_a_conflict(ana, ben, production):
    page_b = ben.open(production)
    updated = Production.objects.get(pk=production.pk).updated
    saved(ana.open(production).set(tags="streaming, generative AI").save())
    # Saved in the admin, the record is saved too: its `updated` moves with the tags.
    assert Production.objects.get(pk=production.pk).updated > updated

    response = page_b.set(synopsis="Ben's synopsis.").save()

    assert "ana changed the production" in refused(response)
    assert ("Tags", "generative AI, streaming", "streaming") in differences(response)
    assert changed_by(response)["Tags"] == "ana"
    assert sorted(Production.objects.get(pk=production.pk).tags.names()) == [
        "generative AI",
        "streaming",
    ]


def test_tags_changed_without_a_save_do_not_move_updated_and_are_still_a_conflict(ben, production):
    """As the tag merge does: the tag rows change, the record is not saved, no version is made."""
    page_b = ben.open(production)
    updated = Production.objects.get(pk=production.pk).updated
    Production.objects.get(pk=production.pk).tags.add("deepfake")
    assert Production.objects.get(pk=production.pk).updated == updated

    text = refused(page_b.set(synopsis="Ben's synopsis.").save())

    assert "its history does not say who" in text
    assert "deepfake" in Production.objects.get(pk=production.pk).tags.names()


def test_a_citation_another_editor_removed_is_a_conflict(ana, ben, production, source):
    page_b = ben.open(production)
    saved(ana.open(production).set(**{"cites-0-DELETE": "on"}).save())
    assert not production.sources.exists()

    refused(page_b.set(synopsis="Ben's synopsis.").save())
    production.refresh_from_db()
    assert not production.sources.exists() and production.synopsis != "Ben's synopsis."


def test_a_citation_another_editor_added_is_kept_by_a_later_save(ana, ben, production, source):
    other = Source.objects.create(title="Another report", slug="another", publisher="Forbes")
    page_b = ben.open(production)
    added = ana.open(production)
    added.set(**{"cites-TOTAL_FORMS": "2", "cites-1-source": str(other.pk)})
    saved(added.save())

    # A row the other editor added is not a conflict: the later save leaves it as it is.
    saved(page_b.set(synopsis="Ben's synopsis.").save())
    production.refresh_from_db()
    assert set(production.sources.all()) == {source, other}
    assert production.synopsis == "Ben's synopsis."


def test_a_controversys_links_changed_by_another_editor_are_a_conflict(ana, ben, source):
    studio = Studio.objects.create(name="Netflix", slug="netflix", kind="streamer")
    controversy = Controversy.objects.create(title="Backlash", slug="backlash", summary="x")
    controversy.sources.add(source)
    page_b = ben.open(controversy)
    saved(ana.open(controversy).set(studios=[str(studio.pk)]).save())

    refused(page_b.set(summary="Ben's summary.").save())
    controversy.refresh_from_db()
    assert list(controversy.studios.all()) == [studio] and controversy.summary == "x"


# Inline rows ---------------------------------------------------------------------------------


def test_an_inline_row_changed_by_another_editor_is_a_conflict(ana, ben, production, ai_use):
    page_b = ben.open(production)
    assert page_b.data["ai_uses-0-id"] == [str(ai_use.pk)]
    saved(ana.open(ai_use).set(description="Ana's description.").save())

    response = page_b.set(title="El Eternauta (series)").save()

    assert "ana changed AI use" in refused(response)
    rows = {row[0]: row[1:] for row in differences(response)}
    use_row = next(what for what in rows if what.endswith(": Description"))
    assert rows[use_row] == ("Ana's description.", "A building collapse made with generative AI.")
    assert rows["Title"] == ("El Eternauta", "El Eternauta (series)")
    assert changed_by(response)[use_row] == "ana"  # Ben's page still held the old description
    assert changed_by(response)["Title"] == "you"
    ai_use.refresh_from_db()
    production.refresh_from_db()
    assert ai_use.description == "Ana's description."
    assert production.title == "El Eternauta"


def test_an_inline_row_changed_on_the_parents_page_is_a_conflict(ana, ben, production, ai_use):
    page_b = ben.open(production)
    saved(ana.open(production).set(**{"ai_uses-0-status": "reported"}).save())

    response = page_b.set(**{"ai_uses-0-description": "Ben's description."}).save()

    refused(response)
    ai_use.refresh_from_db()
    assert (ai_use.status, ai_use.description) == (
        "reported",
        "A building collapse made with generative AI.",
    )


def test_an_inline_row_deleted_by_another_editor_is_a_conflict_and_stays_deleted(
    ana, ben, production, ai_use
):
    page_b = ben.open(production)
    response = ana.client.post(
        reverse("admin:catalog_aiuse_delete", args=[ai_use.pk]), {"post": "yes"}
    )
    assert response.status_code == 302 and not AIUse.objects.exists()

    response = page_b.set(**{"ai_uses-0-description": "Ben's description."}).save()

    text = refused(response)
    assert "ana deleted AI use “Runway Gen-4 on El Eternauta" in text
    kept = (f"AI use #{ai_use.pk}", "deleted or moved elsewhere", "keep it, with what you entered")
    assert kept in differences(response)
    assert not AIUse.objects.exists()


def test_a_row_another_editor_added_is_no_conflict(ana, ben, production, source):
    page_b = ben.open(production)
    figure = Figure.objects.create(production=production, label="Budget", value=1000, unit="USD")
    figure.sources.add(source)

    saved(page_b.set(synopsis="Ben's synopsis.").save())

    production.refresh_from_db()
    assert production.synopsis == "Ben's synopsis."
    assert list(production.figures.all()) == [figure]


def test_a_studio_role_without_timestamps_is_covered_too(ana, ben, production):
    studio = Studio.objects.create(name="Netflix", slug="netflix", kind="streamer")
    role = ProductionStudio.objects.create(production=production, studio=studio, role="producer")
    page_b = ben.open(production)
    saved(ana.open(role).set(role="distributor").save())

    assert "ana changed" in refused(page_b.set(synopsis="Ben's synopsis.").save())
    role.refresh_from_db()
    assert role.role == "distributor"


def test_a_persons_quote_changed_by_another_editor_is_a_conflict(ana, ben, source):
    person = Person.objects.create(name="Ana Ros", slug="ana-ros")
    quote = person.quotes.create(text="We used it for the snow.")
    quote.sources.add(source)
    page_b = ben.open(person)
    saved(ana.open(quote).set(text="We used it for the snow, and the ruins.").save())

    refused(page_b.set(bio="Ben's bio.").save())
    quote.refresh_from_db()
    assert quote.text == "We used it for the snow, and the ruins."


# Every record admin ----------------------------------------------------------------------------


def test_every_catalog_admin_refuses_a_save_over_a_newer_version():
    catalog_admins = {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "catalog"
    }
    assert Production in catalog_admins and ProductionStudio in catalog_admins
    # Former addresses are read-only in the admin: nothing to save over.
    editable = {m: a for m, a in catalog_admins.items() if m is not FormerAddress}
    missing = [
        model.__name__
        for model, model_admin in editable.items()
        if not isinstance(model_admin, EditConflictAdmin)
    ]
    assert not missing, f"admins without the edit conflict check: {missing}"


@pytest.mark.usefixtures("seed")
def test_every_catalog_change_page_carries_its_version(ana):
    for model in admin.site._registry:
        if model._meta.app_label != "catalog":
            continue
        record = model._default_manager.first()
        if record is None:
            continue
        page = ana.open(record)
        assert page.data.get(VERSION_FIELD), f"{model.__name__}'s change page has no version"


# Two saves at the same moment ---------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's test database is shared in memory, where a second writer fails at once "
    "instead of waiting as it does on a database file (lock_record)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_waits_for_one_in_progress_and_then_is_refused(ben, production):
    """The first save holds the record's lock until it commits; the second, checked only once
    it has the lock, sees the first's values and is refused."""
    page_b = ben.open(production)
    locked, release = threading.Event(), threading.Event()
    responses = []

    def first_save():
        try:
            with transaction.atomic():
                record = Production.objects.select_for_update().get(pk=production.pk)
                record.synopsis = "Saved while Ben was saving."
                record.save()
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    def second_save():
        try:
            responses.append(page_b.set(synopsis="Ben's synopsis.").save())
        finally:
            connections.close_all()

    first = threading.Thread(target=first_save)
    first.start()
    assert locked.wait(10)
    second = threading.Thread(target=second_save)
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second save did not wait for the first"
    release.set()
    first.join(10)
    second.join(10)

    refused(responses[0])
    production.refresh_from_db()
    assert production.synopsis == "Saved while Ben was saving."
