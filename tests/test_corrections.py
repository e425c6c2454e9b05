"""Readers suggest corrections; editors moderate them.

The form behind "Suggest a correction" on every record page and beside every claim, its
protections (CSRF, honeypot, a limit per address, size limits), that nothing public changes
until an editor edits the record, and the editors' side: the queue, its actions, the count on
the admin index, the feed, and accepting from the record's own change page.
"""

import logging
import re
import socket
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog import registry
from catalog.cache import version
from catalog.corrections import CLAIMS, window
from catalog.models import (
    AITool,
    AIUse,
    Controversy,
    Correction,
    Credit,
    Figure,
    PersonRole,
    Production,
    ProductionStudio,
    Quote,
    Response,
    Studio,
)
from config.settings import caches_from_url
from tests.pages import text
from tests.test_admin_conflicts import FormReader

pytestmark = pytest.mark.django_db

PASSWORD = "frame-by-frame-42"
HOSTILE = '<script>alert("x")</script><b>bold</b> & “quoted”'
ELSEWHERE = "Ñandú 東宝 Ελληνικά"


def form_url(record, claim=None):
    record_type = registry.of(record)
    url = reverse("suggest", args=[record_type.id_prefix, record.pk])
    return f"{url}?claim={claim}" if claim else url


def suggest(client, record, claim=None, follow=False, REMOTE_ADDR="127.0.0.1", **fields):
    data = {"wrong": "The year is wrong.", "should_say": "", "source_url": "", "email": ""}
    data.update(fields)
    return client.post(form_url(record, claim), data, follow=follow, REMOTE_ADDR=REMOTE_ADDR)


def reference_in(response):
    match = re.search(r"#([2-9A-Z]{8})", text(response))
    assert match, "the confirmation shows no reference"
    return match[1]


@pytest.fixture
def eternauta(seed):
    return Production.objects.get(slug="el-eternauta")


@pytest.fixture
def use(eternauta):
    return eternauta.ai_uses.order_by("pk").first()


@pytest.fixture
def editor(db):
    call_command("create_editor", "editor", "editor@example.com", password=PASSWORD, verbosity=0)
    return get_user_model().objects.get(username="editor")


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


# The links on record pages ---------------------------------------------------------------------


CLAIM_PAGES = [
    # (the page's record, the claim kind, how to find one claim it shows)
    (Production, "el-eternauta", "ai_use", lambda r: r.ai_uses.first()),
    (Production, "el-eternauta", "quote", lambda r: r.quotes.first()),
    (Production, "el-eternauta", "studio_role", lambda r: r.studio_roles.first()),
    (Production, "el-eternauta", "credit", lambda r: r.credits.first()),
    (Studio, "netflix", "figure", lambda r: r.figures.first()),
    (Studio, "netflix", "person_role", lambda r: r.people_roles.first()),
    (Studio, "netflix", "response", lambda r: r.responses.first()),
    (Studio, "netflix", "controversy", lambda r: r.controversies.first()),
]


@pytest.mark.parametrize("model, slug, kind, find", CLAIM_PAGES, ids=[c[2] for c in CLAIM_PAGES])
def test_every_claim_on_a_record_page_has_its_link(client, seed, model, slug, kind, find):
    record = model.objects.get(slug=slug)
    claim = find(record)
    assert claim is not None, f"the seed has no {kind} on {slug}"
    page = client.get(record.get_absolute_url())
    html = unescape(page.content.decode())
    assert f'href="{form_url(record, f"{kind}-{claim.pk}")}"' in html


@pytest.mark.parametrize(
    "model, slug",
    [(Production, "el-eternauta"), (Studio, "netflix"), (AITool, "generative-ai")],
)
def test_record_pages_link_the_form_and_stay_publicly_cacheable(client, seed, model, slug):
    record = model.objects.get(slug=slug)
    page = client.get(record.get_absolute_url())
    assert page.status_code == 200
    label = registry.of(record).label
    assert f'href="{form_url(record)}"' in page.content.decode()
    assert f"Suggest a correction to this {label}" in text(page)
    assert page["Cache-Control"].startswith("public")
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert not page.cookies


def test_every_claim_kind_has_a_model_with_an_admin_page():
    assert set(CLAIMS) == set(Correction.Claim.values)
    for kind in CLAIMS.values():
        assert reverse(f"admin:catalog_{kind.model._meta.model_name}_change", args=[1])


def test_the_model_knows_every_public_record_type():
    assert set(Correction.Subject.values) == set(registry.BY_KEY)


# The form --------------------------------------------------------------------------------------


def test_the_form_shows_what_the_suggestion_is_about_and_is_private(client, eternauta, use):
    page = client.get(form_url(eternauta, f"ai_use-{use.pk}"))
    assert page.status_code == 200
    shown = text(page)
    assert "El Eternauta" in shown and f"P{eternauta.pk}" in shown
    assert "AI use" in shown and use.description[:40] in shown
    assert page["Cache-Control"] == "private, no-store"
    assert "csrfmiddlewaretoken" in page.content.decode()
    assert "ETag" not in page


def test_a_claim_that_is_gone_leaves_a_note_and_the_form_is_about_the_record(client, eternauta):
    page = client.get(form_url(eternauta, "quote-999999"))
    assert page.status_code == 200
    assert "not in the catalog any more" in text(page)
    suggest(client, eternauta, "quote-999999")
    stored = Correction.objects.get()
    assert (stored.claim_kind, stored.claim_id) == ("", None)


@pytest.mark.parametrize(
    "path", ["/suggest/P999999/", "/suggest/Q1/", "/suggest/P0/", "/suggest/p1/"]
)
def test_an_unknown_record_is_a_404(client, seed, path):
    assert client.get(path).status_code == 404


def test_a_submission_is_stored_and_the_confirmation_shows_its_reference(client, eternauta, use):
    response = suggest(
        client,
        eternauta,
        f"ai_use-{use.pk}",
        wrong=f"The tool is misnamed. {ELSEWHERE}",
        should_say="It should name the studio's own tool.",
        source_url="https://example.org/report",
        email="reader@example.org",
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert confirmation["Cache-Control"] == "private, no-store"
    reference = reference_in(confirmation)
    stored = Correction.objects.get()
    assert stored.reference == reference
    assert (stored.record_type, stored.record_id) == ("production", eternauta.pk)
    assert (stored.claim_kind, stored.claim_id) == ("ai_use", use.pk)
    assert use.description[:40] in stored.claim_text
    assert stored.record_name == str(eternauta)
    assert stored.wrong == f"The tool is misnamed. {ELSEWHERE}"
    assert stored.should_say == "It should name the studio's own tool."
    assert stored.source_url == "https://example.org/report"
    assert stored.email == "reader@example.org"
    assert stored.status == Correction.Status.NEW
    assert len(stored.client_hash) == 64 and "203.0.113.9" not in stored.client_hash
    assert "El Eternauta" in text(confirmation)


def test_a_confirmation_link_that_was_tampered_with_is_a_404(client, seed):
    assert client.get("/suggest/received/not-a-receipt/").status_code == 404


def test_a_submission_changes_nothing_on_the_public_site(client, eternauta, use):
    url = eternauta.get_absolute_url()
    before_version = version()
    caches["pages"].clear()
    before = client.get(url).content
    assert suggest(client, eternauta, f"ai_use-{use.pk}", wrong=HOSTILE).status_code == 302
    assert version() == before_version
    caches["pages"].clear()
    after = client.get(url)
    assert after.content == before
    assert "alert" not in after.content.decode()


@pytest.mark.parametrize(
    "fields",
    [
        {"website": "http://spam.example"},
        {"website": "z" * 5000, "wrong": ""},  # whatever else the bot sends
    ],
)
def test_the_honeypot_drops_the_submission_but_shows_the_usual_confirmation(
    client, eternauta, fields
):
    response = suggest(client, eternauta, follow=True, **fields)
    assert response.status_code == 200
    assert response.redirect_chain and "/suggest/received/" in response.redirect_chain[0][0]
    reference_in(response)
    assert "Thank you" in text(response)
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("wrong", "x" * 2001, "at most 2000 characters"),
        ("wrong", "   ", "Say what is wrong"),
        ("should_say", "y" * 2001, "at most 2000 characters"),
        ("source_url", "https://example.org/" + "a" * 490, "at most 500 characters"),
        ("source_url", "javascript:alert(1)", "Enter a web address"),
        ("email", "not an address", "Enter an email address"),
        ("email", "a" * 250 + "@example.org", "at most 254 characters"),
    ],
)
def test_each_field_has_a_size_limit_and_a_clear_error(client, eternauta, field, value, message):
    response = suggest(client, eternauta, **{field: value})
    assert response.status_code == 200
    assert message in text(response)
    assert not Correction.objects.exists()


def test_text_is_stored_as_plain_text(client, eternauta):
    suggest(client, eternauta, wrong="line one\r\nline two\x07\x1b", should_say=HOSTILE)
    stored = Correction.objects.get()
    assert stored.wrong == "line one\nline two"
    assert stored.should_say == HOSTILE


def test_csrf_is_enforced(eternauta):
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post(form_url(eternauta), {"wrong": "The year is wrong."})
    assert refused.status_code == 403
    assert not Correction.objects.exists()
    browser.get(form_url(eternauta))
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(
        form_url(eternauta), {"wrong": "The year is wrong.", "csrfmiddlewaretoken": token}
    )
    assert accepted.status_code == 302
    assert Correction.objects.count() == 1


def test_a_flood_from_one_address_is_refused_and_others_still_get_through(
    client, eternauta, settings
):
    settings.CORRECTION_LIMIT = 3
    settings.CORRECTION_WINDOW_MINUTES = 10
    for _ in range(3):
        assert suggest(client, eternauta, REMOTE_ADDR="198.51.100.7").status_code == 302
    refused = suggest(client, eternauta, REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 600
    assert refused["Cache-Control"] == "private, no-store"
    assert "Too many suggestions" in text(refused)
    assert "at most 3 suggestions from one address in 10 minutes" in text(refused)
    # Still refused before the form is read, with a valid form or not.
    assert suggest(client, eternauta, REMOTE_ADDR="198.51.100.7", wrong="").status_code == 429
    assert Correction.objects.count() == 3
    assert suggest(client, eternauta, REMOTE_ADDR="198.51.100.8").status_code == 302
    assert Correction.objects.count() == 4


def test_a_senders_later_suggestions_add_to_the_count_without_a_failed_write(client, eternauta):
    """The sender's count is made by the first suggestion in a window and only added to after:
    making it again was a failed INSERT in the database cache (an error in PostgreSQL's log)."""
    assert suggest(client, eternauta, REMOTE_ADDR="198.51.100.20").status_code == 302
    with CaptureQueriesContext(connection) as queries:
        assert suggest(client, eternauta, REMOTE_ADDR="198.51.100.20").status_code == 302
    made_again = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("INSERT") and "catalog_cache" in q["sql"]
    ]
    assert made_again == []
    assert Correction.objects.count() == 2


def test_an_ipv6_client_counts_per_64(client, eternauta, settings):
    settings.CORRECTION_LIMIT = 2
    assert suggest(client, eternauta, REMOTE_ADDR="2001:db8:1:2::1").status_code == 302
    assert suggest(client, eternauta, REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 302
    assert suggest(client, eternauta, REMOTE_ADDR="2001:db8:1:2:aaaa::9").status_code == 429
    assert suggest(client, eternauta, REMOTE_ADDR="2001:db8:1:3::1").status_code == 302


def test_the_window_says_how_long_is_left(settings):
    settings.CORRECTION_WINDOW_MINUTES = 60
    current = window("someone")
    assert 1 <= current.retry_after <= 3600
    assert current.key.startswith("corrections:someone:")


def test_the_limit_comes_from_the_environment_with_a_strict_parse(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import config.settings as project_settings

    monkeypatch.setenv("CORRECTION_LIMIT", "five")
    with pytest.raises(ImproperlyConfigured, match="CORRECTION_LIMIT must be a whole number"):
        importlib.reload(project_settings)
    monkeypatch.setenv("CORRECTION_LIMIT", "0")
    with pytest.raises(ImproperlyConfigured, match="CORRECTION_LIMIT must be a whole number"):
        importlib.reload(project_settings)
    monkeypatch.setenv("CORRECTION_LIMIT", "12")
    monkeypatch.setenv("CORRECTION_WINDOW_MINUTES", "90")
    importlib.reload(project_settings)
    assert (project_settings.CORRECTION_LIMIT, project_settings.CORRECTION_WINDOW_MINUTES) == (
        12,
        90,
    )
    monkeypatch.delenv("CORRECTION_LIMIT")
    monkeypatch.delenv("CORRECTION_WINDOW_MINUTES")
    importlib.reload(project_settings)


# What the public never sees ------------------------------------------------------------------


def test_the_email_is_never_shown_on_public_pages_or_in_exports(client, eternauta, use):
    secret = "reader-secret@example.org"
    response = suggest(client, eternauta, f"ai_use-{use.pk}", email=secret)
    caches["pages"].clear()
    public = [
        client.get(response["Location"]),
        client.get(eternauta.get_absolute_url()),
        client.get(form_url(eternauta, f"ai_use-{use.pk}")),
        client.get(reverse("production_json", args=[eternauta.slug])),
        client.get(reverse("production_list_export", args=["csv"])),
        client.get(reverse("snapshot")),
        client.get(reverse("latest_feed")),
    ]
    for page in public:
        assert page.status_code == 200
        body = b"".join(page.streaming_content) if page.streaming else page.content
        assert secret.encode() not in body
        assert b"The year is wrong." not in body


def test_the_database_keeps_the_rules(eternauta):
    base = {
        "record_type": "production",
        "record_id": eternauta.pk,
        "record_name": "El Eternauta",
        "wrong": "x",
        "client_hash": "h",
    }
    original = Correction.objects.create(reference="AAAAAAAA", **base)
    for bad in [
        {"status": "maybe"},
        {"status": "rejected"},
        {"status": "duplicate"},
        {"duplicate_of": original},
        {"record_type": "planet"},
        {"record_id": 0},
        {"claim_kind": "quote"},
        {"claim_kind": "opinion", "claim_id": 3},
        {"claim_id": 3},
        {"wrong": ""},
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Correction.objects.create(reference="BBBBBBBB", **{**base, **bad})
    Correction.objects.create(
        reference="CCCCCCCC", **{**base, "status": "rejected", "reason": "Not so."}
    )
    Correction.objects.create(
        reference="DDDDDDDD", **{**base, "status": "duplicate", "duplicate_of": original}
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Correction.objects.filter(pk=original.pk).update(status="duplicate", duplicate_of=original)


def test_a_correction_about_a_deleted_record_is_kept(client, seed, superuser):
    tool = AITool.objects.create(slug="short-lived", name="Short-lived Tool", technique="other")
    suggest(client, tool, wrong="This tool does not exist.")
    tool.delete()
    kept = Correction.objects.get()
    assert (kept.record_type, kept.record_id, kept.record_name) == (
        "tool",
        tool.pk if tool.pk else kept.record_id,
        "Short-lived Tool",
    )
    client.force_login(superuser)
    queue = client.get(reverse("admin:catalog_correction_changelist"))
    assert "Short-lived Tool" in text(queue)
    assert client.get(f"/id/T{kept.record_id}").status_code == 410


def test_deleting_a_suggestion_that_others_repeat_is_refused(eternauta):
    from django.db.models import ProtectedError

    common = {"record_type": "production", "record_id": eternauta.pk, "wrong": "x"}
    original = Correction.objects.create(reference="AAAAAAAA", **common)
    Correction.objects.create(
        reference="BBBBBBBB", status="duplicate", duplicate_of=original, **common
    )
    with pytest.raises(ProtectedError):
        original.delete()


# The editors' side -----------------------------------------------------------------------------


def test_editors_view_and_moderate_but_neither_add_nor_delete(editor):
    assert editor.has_perm("catalog.view_correction")
    assert editor.has_perm("catalog.change_correction")
    assert not editor.has_perm("catalog.add_correction")
    assert not editor.has_perm("catalog.delete_correction")
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert {"view_correction", "change_correction"} <= codenames


def test_reader_text_is_escaped_in_the_admin(client, editor_client, eternauta, use):
    suggest(client, eternauta, f"ai_use-{use.pk}", wrong=HOSTILE, source_url="https://e.org/?a=<b>")
    stored = Correction.objects.get()
    queue = editor_client.get(reverse("admin:catalog_correction_changelist"))
    change = editor_client.get(reverse("admin:catalog_correction_change", args=[stored.pk]))
    for page in (queue, change):
        assert page.status_code == 200
        html = page.content.decode()
        assert "<script>alert" not in html and "<b>bold</b>" not in html
        assert "&lt;script&gt;alert(" in html
    assert stored.reference in text(queue)


def test_the_queue_filters_searches_and_links_the_record_and_the_claim(
    client, editor_client, eternauta, use
):
    suggest(client, eternauta, f"ai_use-{use.pk}", wrong="Wrong stage.")
    suggest(client, eternauta, wrong=f"Wrong year. {ELSEWHERE}")
    claim, whole = Correction.objects.order_by("pk")
    url = reverse("admin:catalog_correction_changelist")
    queue = editor_client.get(url)
    html = unescape(queue.content.decode())
    assert f'href="/id/P{eternauta.pk}"' in html
    assert f'href="{reverse("admin:catalog_production_change", args=[eternauta.pk])}"' in html
    assert f'href="{reverse("admin:catalog_aiuse_change", args=[use.pk])}"' in html
    use_url = reverse("admin:catalog_aiuse_change", args=[use.pk])
    assert f'href="{use_url}?correction={claim.pk}"' in html
    searched = editor_client.get(url, {"q": "東宝"})
    assert whole.reference in text(searched) and claim.reference not in text(searched)
    filtered = editor_client.get(url, {"claim_kind__exact": "ai_use"})
    assert claim.reference in text(filtered) and whole.reference not in text(filtered)
    by_type = editor_client.get(url, {"record_type__exact": "tool"})
    assert claim.reference not in text(by_type)
    by_status = editor_client.get(url, {"status__exact": "new"})
    assert claim.reference in text(by_status)


def test_reject_with_a_reason_and_mark_a_duplicate(client, editor_client, editor, eternauta):
    for words in ("First.", "Second.", "Third."):
        suggest(client, eternauta, wrong=words)
    first, second, third = Correction.objects.order_by("pk")
    url = reverse("admin:catalog_correction_changelist")
    no_reason = editor_client.post(
        url, {"action": "reject", "_selected_action": [first.pk], "reason": " "}, follow=True
    )
    assert "Nothing rejected" in text(no_reason)
    first.refresh_from_db()
    assert first.status == "new"
    editor_client.post(
        url, {"action": "reject", "_selected_action": [first.pk], "reason": "The source says 2025."}
    )
    first.refresh_from_db()
    assert (first.status, first.reason, first.decided_by) == (
        "rejected",
        "The source says 2025.",
        editor,
    )
    unknown = editor_client.post(
        url,
        {"action": "mark_duplicate", "_selected_action": [third.pk], "original": "ZZZZZZZZ"},
        follow=True,
    )
    assert "Nothing marked" in text(unknown)
    editor_client.post(
        url,
        {
            "action": "mark_duplicate",
            "_selected_action": [second.pk, third.pk],
            "original": f"#{second.reference.lower()}",
        },
    )
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == "new"  # not a duplicate of itself
    assert (third.status, third.duplicate_of) == ("duplicate", second)


def test_the_change_form_refuses_a_rejection_without_a_reason(client, editor_client, eternauta):
    suggest(client, eternauta)
    stored = Correction.objects.get()
    url = reverse("admin:catalog_correction_change", args=[stored.pk])
    response = editor_client.post(url, {"status": "rejected", "reason": "", "duplicate_of": ""})
    assert response.status_code == 200
    assert "Say why the suggestion is rejected." in text(response)
    stored.refresh_from_db()
    assert stored.status == "new"


def test_the_admin_index_counts_new_suggestions(client, editor_client, eternauta):
    index = reverse("admin:index")
    assert "No new suggestion waits" in text(editor_client.get(index))
    suggest(client, eternauta, wrong="One.")
    suggest(client, eternauta, wrong="Two.")
    page = editor_client.get(index)
    assert "2 new suggestions wait for an editor" in text(page)
    assert reverse("admin:catalog_correction_changelist") + "?status__exact=new" in unescape(
        page.content.decode()
    )
    Correction.objects.filter(wrong="One.").update(status="rejected", reason="No.")
    assert "1 new suggestion waits for an editor" in text(editor_client.get(index))


def test_the_feed_is_for_editors_only(client, editor_client, eternauta, django_user_model):
    suggest(client, eternauta, wrong=HOSTILE, email="reader-secret@example.org")
    feed = reverse("admin:catalog_correction_feed")
    anonymous = Client().get(feed)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    staff = django_user_model.objects.create_user("staff", password=PASSWORD, is_staff=True)
    outsider = Client()
    outsider.force_login(staff)
    assert outsider.get(feed).status_code == 403
    response = editor_client.get(feed)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert (
        response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    )
    body = response.content.decode()
    stored = Correction.objects.get()
    assert f"#{stored.reference}" in body
    assert "<script>" not in body and "<b>bold" not in body
    assert "&lt;script&gt;" in body or "&amp;lt;script&amp;gt;" in body
    assert "reader-secret@example.org" not in body
    staff.user_permissions.add(Permission.objects.get(codename="view_correction"))
    assert outsider.get(feed).status_code == 200


def test_the_queue_links_its_feed(editor_client):
    queue = editor_client.get(reverse("admin:catalog_correction_changelist"))
    assert reverse("admin:catalog_correction_feed") in queue.content.decode()


def open_change_form(client, url, form_id):
    page = client.get(url)
    assert page.status_code == 200
    reader = FormReader(form_id)
    reader.feed(page.content.decode())
    data = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value)
    return page, data


def test_accept_opens_the_edit_screen_with_the_suggestion_and_saving_accepts_it(
    client, editor_client, editor, eternauta, use
):
    suggest(
        client,
        eternauta,
        f"ai_use-{use.pk}",
        wrong=f"The description misses the studio. {HOSTILE}",
        should_say="Made with the studio's own tool.",
    )
    stored = Correction.objects.get()
    queue = editor_client.get(reverse("admin:catalog_correction_changelist"))
    accept = re.search(rf'href="([^"]*\?correction={stored.pk})"', queue.content.decode())
    assert accept, "the queue has no Accept link"
    url = unescape(accept[1])
    assert url == reverse("admin:catalog_aiuse_change", args=[use.pk]) + f"?correction={stored.pk}"
    page, data = open_change_form(editor_client, url, "aiuse_form")
    shown = text(page)
    assert f"Suggested correction #{stored.reference}" in shown
    assert "The description misses the studio." in shown
    assert "Made with the studio's own tool." in shown
    assert "<script>alert" not in page.content.decode()
    assert "saving it marks this suggestion accepted" in shown
    data["description"] = ["Made with the studio's own tool."]
    saved = editor_client.post(url, {**data, "_save": "Save"})
    assert saved.status_code == 302, text(saved)[:2000]
    use.refresh_from_db()
    stored.refresh_from_db()
    assert use.description == "Made with the studio's own tool."
    assert (stored.status, stored.decided_by) == ("accepted", editor)
    assert stored.decided is not None


def test_the_panel_shows_only_on_the_page_of_what_the_suggestion_is_about(
    client, editor_client, eternauta, use
):
    suggest(client, eternauta, f"ai_use-{use.pk}")
    stored = Correction.objects.get()
    other = AIUse.objects.exclude(pk=use.pk).first()
    elsewhere = editor_client.get(
        reverse("admin:catalog_aiuse_change", args=[other.pk]) + f"?correction={stored.pk}"
    )
    assert elsewhere.status_code == 200
    assert "Suggested correction" not in text(elsewhere)
    record = editor_client.get(
        reverse("admin:catalog_production_change", args=[eternauta.pk]) + f"?correction={stored.pk}"
    )
    assert "Suggested correction" not in text(record)
    bad = editor_client.get(
        reverse("admin:catalog_aiuse_change", args=[use.pk]) + "?correction=abc"
    )
    assert bad.status_code == 200 and "Suggested correction" not in text(bad)


def test_leaving_the_edit_screen_without_saving_changes_nothing(client, editor_client, eternauta):
    suggest(client, eternauta)
    stored = Correction.objects.get()
    url = reverse("admin:catalog_production_change", args=[eternauta.pk])
    page = editor_client.get(f"{url}?correction={stored.pk}")
    assert f"Suggested correction #{stored.reference}" in text(page)
    stored.refresh_from_db()
    assert stored.status == "new"


@pytest.mark.parametrize(
    "model, kind",
    [
        (Quote, "quote"),
        (Figure, "figure"),
        (Response, "response"),
        (ProductionStudio, "studio_role"),
        (PersonRole, "person_role"),
        (Credit, "credit"),
        (Controversy, "controversy"),
    ],
)
def test_a_suggestion_about_any_claim_kind_is_stored_with_the_claim(client, seed, model, kind):
    claim = model.objects.order_by("pk").first()
    record = Production.objects.get(slug="el-eternauta")
    response = suggest(client, record, f"{kind}-{claim.pk}")
    assert response.status_code == 302
    stored = Correction.objects.get()
    assert (stored.claim_kind, stored.claim_id) == (kind, claim.pk)
    assert stored.claim_text


def test_the_form_page_runs_a_fixed_number_of_queries(
    client, eternauta, use, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        assert client.get(form_url(eternauta, f"ai_use-{use.pk}")).status_code == 200


def test_the_queue_runs_a_fixed_number_of_queries(client, editor_client, eternauta, use):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:catalog_correction_changelist")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(url).status_code == 200
        return len(captured)

    suggest(client, eternauta, f"ai_use-{use.pk}", REMOTE_ADDR="192.0.2.1")
    few = queries()
    for i in range(12):
        suggest(
            client,
            eternauta,
            f"ai_use-{use.pk}",
            wrong=f"Number {i}.",
            REMOTE_ADDR=f"192.0.2.{i + 2}",
        )
    assert queries() == few


def test_two_editors_deciding_one_suggestion_get_a_conflict(client, editor_client, eternauta):
    suggest(client, eternauta)
    stored = Correction.objects.get()
    url = reverse("admin:catalog_correction_change", args=[stored.pk])
    other = get_user_model().objects.create_user("other", password=PASSWORD, is_staff=True)
    other.groups.add(Group.objects.get(name="Editors"))
    second = Client()
    second.force_login(other)
    _, first_data = open_change_form(editor_client, url, "correction_form")
    _, second_data = open_change_form(second, url, "correction_form")
    first_data.update(status=["rejected"], reason=["The source says otherwise."])
    assert editor_client.post(url, {**first_data, "_save": "Save"}).status_code == 302
    second_data.update(status=["accepted"], reason=["Fixed."])
    refused = second.post(url, {**second_data, "_save": "Save"})
    assert refused.status_code == 409
    stored.refresh_from_db()
    assert (stored.status, stored.reason) == ("rejected", "The source says otherwise.")


def test_a_suggestion_is_taken_while_the_shared_cache_does_not_answer(
    client, eternauta, settings, caplog
):
    """The count per sender lives in the cache; with CACHE_URL naming a Redis that does not
    answer, the suggestion is still stored (without a limit) and a warning says why."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.CACHES = caches_from_url(f"redis://127.0.0.1:{probe.getsockname()[1]}/0")
    with caplog.at_level(logging.WARNING, logger="catalog.corrections"):
        response = suggest(client, eternauta, REMOTE_ADDR="198.51.100.30")
    assert response.status_code == 302
    assert Correction.objects.get().wrong == "The year is wrong."
    warnings = [record.getMessage() for record in caplog.records]
    assert any("suggestions are not limited per sender" in text for text in warnings), warnings
