"""The Editors group and the create_editor command: catalog access, nothing else."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from catalog.models import AITool, AIUse, Production, Source, Stage, Studio

pytestmark = pytest.mark.django_db

PASSWORD = "frame-by-frame-42"
CATALOG = [
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
    "likeness",
    "response",
    "rulelink",
]


@pytest.fixture
def editor(db):
    call_command("create_editor", "editor", "editor@example.com", password=PASSWORD, verbosity=0)
    return get_user_model().objects.get(username="editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# The command -----------------------------------------------------------------------------------


def test_create_editor_makes_a_staff_user_in_the_editors_group(client, editor):
    assert editor.is_staff and not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
    assert editor.email == "editor@example.com"
    assert client.login(username="editor", password=PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200


def test_create_editor_reads_the_password_from_the_environment(client, monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", PASSWORD)
    call_command("create_editor", "ana", "ana@example.com", "--no-input", verbosity=0)
    assert client.login(username="ana", password=PASSWORD)


def test_create_editor_asks_for_the_password_twice(client, monkeypatch):
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    call_command("create_editor", "ana", "ana@example.com", verbosity=0)
    assert client.login(username="ana", password=PASSWORD)


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        (["ana", "ana@example.com"], {"password": "123"}, "Password refused"),
        (["ana", "not-an-email"], {"password": PASSWORD}, "is not an email address"),
        (["ana", "ana@example.com", "--no-input"], {}, "No password"),
    ],
)
def test_create_editor_refuses_bad_input_and_creates_nobody(args, kwargs, message, monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match=message):
        call_command("create_editor", *args, verbosity=0, **kwargs)
    assert not get_user_model().objects.filter(username="ana").exists()


@pytest.mark.parametrize(
    "username, email, message",
    [
        ("a" * 151, "ana@example.com", "at most 150 characters"),
        ("ana smith!", "ana@example.com", "Enter a valid username"),
        ("ana", "a" * 250 + "@example.com", "at most 254 characters"),
    ],
)
def test_create_editor_checks_what_the_user_table_holds(username, email, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_editor", username, email, password=PASSWORD, verbosity=0)
    assert not get_user_model().objects.exists()


def test_create_editor_refuses_mismatched_passwords(monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="differ"):
        call_command("create_editor", "ana", "ana@example.com", verbosity=0)
    assert not get_user_model().objects.filter(username="ana").exists()


def test_create_editor_refuses_an_existing_username(editor):
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_editor", "editor", "other@example.com", password=PASSWORD)


def test_create_editor_makes_a_deleted_editors_group_again_as_the_migrations_made_it(capsys):
    made = Group.objects.get(name="Editors")
    granted = set(made.permissions.values_list("content_type__app_label", "codename"))
    made.delete()
    call_command("create_editor", "ana", "ana@example.com", password=PASSWORD)
    again = Group.objects.get(name="Editors")
    assert set(again.permissions.values_list("content_type__app_label", "codename")) == granted
    assert list(get_user_model().objects.get(username="ana").groups.all()) == [again]
    assert "“Editors” group was missing" in capsys.readouterr().out


def test_create_editor_without_the_group_or_its_permissions_says_to_migrate():
    Group.objects.filter(name="Editors").delete()
    Permission.objects.filter(codename__in=["view_correction", "change_correction"]).delete()
    with pytest.raises(
        CommandError, match=r"2 of the permissions it needs.*change_correction.*migrate"
    ):
        call_command("create_editor", "ana", "ana@example.com", password=PASSWORD)
    assert not get_user_model().objects.filter(username="ana").exists()
    assert not Group.objects.filter(name="Editors").exists()


# The group -------------------------------------------------------------------------------------


def test_editors_may_add_change_and_view_every_catalog_model_and_tags():
    perms = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    for model in CATALOG:
        assert {f"add_{model}", f"change_{model}", f"view_{model}"} <= perms, model
        assert f"view_historical{model}" in perms
    assert {"add_tag", "change_tag", "view_tag"} <= perms
    assert {p for p in perms if p.startswith("delete_")} == {
        "delete_aiuse",
        "delete_quote",
        "delete_figure",
        "delete_productionstudio",
        "delete_personrole",
        "delete_credit",
        "delete_source",
        # Claims nothing else links to (a likeness record with a rule link is refused: PROTECT).
        "delete_likeness",
        "delete_response",
        "delete_rulelink",
    }
    assert (
        not Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="auth")
        .exists()
    )


def test_editor_sees_the_catalog_and_tags_on_the_admin_index(editor_client):
    page = editor_client.get(reverse("admin:index")).content.decode()
    for label in ["Productions", "Studios", "AI uses", "AI tools", "Sources", "Tags"]:
        assert label in page
    assert "Users" not in page and "Groups" not in page


@pytest.mark.parametrize(
    "url",
    [
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:auth_user_add",
        "admin:auth_group_add",
    ],
)
def test_editor_cannot_open_users_or_groups(editor_client, url):
    assert editor_client.get(reverse(url)).status_code == 403


def test_editor_cannot_make_themself_a_superuser(editor_client, editor):
    response = editor_client.post(
        reverse("admin:auth_user_change", args=[editor.pk]),
        {"username": "editor", "is_superuser": "on", "is_staff": "on"},
    )
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_editor_cannot_delete_a_production_but_can_delete_an_ai_use(editor_client):
    production = Production.objects.create(title="P", slug="p")
    tool = AITool.objects.create(name="T", slug="t", technique="other")
    use = AIUse.objects.create(
        tool=tool, production=production, stage=Stage.objects.first(), description="d"
    )
    production_delete = reverse("admin:catalog_production_delete", args=[production.pk])
    assert editor_client.post(production_delete, {"post": "yes"}).status_code == 403
    assert Production.objects.filter(pk=production.pk).exists()
    use_delete = reverse("admin:catalog_aiuse_delete", args=[use.pk])
    assert editor_client.post(use_delete, {"post": "yes"}).status_code == 302
    assert not AIUse.objects.exists()


# A staff user outside the group ----------------------------------------------------------------


@pytest.fixture
def outsider_client(client, django_user_model):
    outsider = django_user_model.objects.create_user("staff", password=PASSWORD, is_staff=True)
    client.force_login(outsider)
    return client


def test_staff_outside_the_group_sees_nothing_of_the_catalog(outsider_client):
    Studio.objects.create(name="Netflix", slug="netflix")
    index = outsider_client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert index.context["app_list"] == []
    assert "Netflix" not in index.content.decode()
    for model in CATALOG:
        url = reverse(f"admin:catalog_{model}_changelist")
        assert outsider_client.get(url).status_code == 403, model
    studio = Studio.objects.get()
    assert (
        outsider_client.get(reverse("admin:catalog_studio_change", args=[studio.pk])).status_code
        == 403
    )
    assert (
        outsider_client.get(reverse("admin:catalog_studio_history", args=[studio.pk])).status_code
        == 403
    )
    assert outsider_client.get(reverse("admin:taggit_tag_changelist")).status_code == 403


def test_staff_outside_the_group_gets_no_autocomplete_answers(outsider_client):
    Source.objects.create(title="Secret report", slug="secret")
    response = outsider_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "catalog", "model_name": "aiuse", "field_name": "sources", "term": "sec"},
    )
    assert response.status_code == 403
