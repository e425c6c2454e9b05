"""Create an editor: a staff account in the "Editors" group, which can edit the catalog only.

    python manage.py create_editor USERNAME EMAIL              # asks for the password twice
    python manage.py create_editor USERNAME EMAIL --password PASSWORD
    EDITOR_PASSWORD=... python manage.py create_editor USERNAME EMAIL --no-input

The password must pass the site's password rules. Editors can add, change and view every
catalog record and tag, see each record's history and revert it; they cannot open users or
groups. See README.md, "Editing".

The migrations make the group. If it is gone (deleted in the admin), the command makes it again
with the permissions those migrations give it (`EDITORS_MAY`), and says so.
"""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction

from catalog.management.commands._catalog import CatalogCommand

EDITORS = "Editors"
PASSWORD_ENV = "EDITOR_PASSWORD"

# What the migrations give the group (0003, 0019, 0023, 0029), as (app label, codenames).
# Editors add, change and view every catalog record, and view its history; they delete only
# rows nothing else links to; they merge tags but never delete one; they moderate readers'
# suggested corrections, which only a superuser deletes.
EDITED = [
    "source", "studio", "production", "productionstudio", "stage", "aitool", "aiuse", "person",
    "personrole", "credit", "controversy", "quote", "figure", "rule", "likeness", "response",
    "rulelink",
]  # fmt: skip
DELETED = [
    "aiuse", "quote", "figure", "productionstudio", "personrole", "credit", "source",
    "likeness", "response", "rulelink",
]  # fmt: skip
EDITORS_MAY = [
    (
        "catalog",
        [f"{action}_{model}" for model in EDITED for action in ("add", "change", "view")]
        + [f"view_historical{model}" for model in EDITED]
        + [f"delete_{model}" for model in DELETED]
        + ["view_correction", "change_correction"],
    ),
    ("taggit", ["add_tag", "change_tag", "view_tag"]),
]


class Command(CatalogCommand):
    help = "Create a staff user in the Editors group (catalog editing, history and revert)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("email")
        parser.add_argument(
            "--password",
            help=f"The password; otherwise ${PASSWORD_ENV}, otherwise asked for at the prompt.",
        )
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Never prompt: fail unless --password or ${PASSWORD_ENV} gives the password.",
        )

    def handle(self, *args, username, email, password=None, interactive=True, **options):
        User = get_user_model()
        # The model fields' own checks: their validators and the columns' lengths.
        try:
            User._meta.get_field(User.USERNAME_FIELD).clean(username, None)
        except ValidationError as error:
            raise CommandError("Username refused: " + " ".join(error.messages)) from None
        try:
            User._meta.get_field("email").clean(email, None)
        except ValidationError as error:
            message = " ".join(error.messages)
            raise CommandError(f"“{email[:60]}” is not an email address: {message}") from None
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named “{username}” already exists; choose another name.")
        group = Group.objects.filter(name=EDITORS).first()
        permissions = None if group else editors_permissions()

        password = password or os.environ.get(PASSWORD_ENV) or self.ask_password(interactive)
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None

        with transaction.atomic():
            if group is None:
                group = Group.objects.create(name=EDITORS)
                group.permissions.set(permissions)
                if options["verbosity"]:
                    self.stdout.write(
                        f"The “{EDITORS}” group was missing: made again, with the editors' "
                        "permissions."
                    )
            user.set_password(password)
            user.save()
            user.groups.add(group)
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(f"Editor “{username}” created; sign in at /admin/.")
            )

    def ask_password(self, interactive):
        if not interactive:
            raise CommandError(f"No password: pass --password or set ${PASSWORD_ENV}.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ; nothing was created.")
        if not password:
            raise CommandError("The password cannot be empty; nothing was created.")
        return password


def editors_permissions():
    """The permissions `EDITORS_MAY` names; a CommandError if the database lacks any (a
    database not migrated yet)."""
    found, wanted = [], set()
    for app_label, codenames in EDITORS_MAY:
        wanted |= {(app_label, codename) for codename in codenames}
        found += Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        ).select_related("content_type")
    missing = sorted(
        codename
        for _app, codename in wanted
        - {(permission.content_type.app_label, permission.codename) for permission in found}
    )
    if missing:
        named = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
        raise CommandError(
            f"The “{EDITORS}” group is missing, and so are {len(missing)} of the permissions "
            f"it needs ({named}): run `python manage.py migrate` first."
        )
    return found
