"""The Spanish catalogue (locale/es/LC_MESSAGES/django.po) is complete, current and compiles.

Complete: no message untranslated or fuzzy. Current: `makemessages`, run over a copy of the
sources, finds exactly the messages the catalogue holds, so a string marked (or changed) in a
template or in the code without `make messages` and a translation fails here. Compiles:
`msgfmt --check` accepts it (placeholders match, plural forms are well formed). Needs gettext
(`apt-get install gettext`), as `make test` does to compile the catalogue.
"""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

PO = settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"
# What makemessages reads: the same options as `make messages`.
SOURCES = ("catalog", "config", "templates", "manage.py")
MAKEMESSAGES = [
    "makemessages",
    "--locale",
    "es",
    "--no-obsolete",
    "--add-location=file",
    "--ignore=.venv",
    "--ignore=tests",
    "--ignore=staticfiles",
    "--ignore=build",
]


FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


def gettext_tool(name):
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: install gettext (apt-get install gettext).")
    return path


def entries(path):
    """Each message of a .po file as (context, msgid, msgid_plural, [msgstr...], flags)."""
    found = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, flags, key = {}, set(), None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := FIELD.match(line):
                key = match[1]
                fields[key] = json.loads(match[2])
            elif line.startswith('"') and key:
                fields[key] += json.loads(line)
        if fields.get("msgid"):
            strings = [value for name, value in sorted(fields.items()) if name.startswith("msgstr")]
            found.append(
                (
                    fields.get("msgctxt"),
                    fields["msgid"],
                    fields.get("msgid_plural"),
                    strings,
                    flags,
                )
            )
    return found


def test_every_message_is_translated_and_none_is_fuzzy():
    messages = entries(PO)
    assert len(messages) > 400
    untranslated = [msgid for _, msgid, _, strings, _ in messages if not all(strings)]
    fuzzy = [msgid for _, msgid, _, _, flags in messages if "fuzzy" in flags]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
    # Plurals have both Spanish forms (the header's nplurals=2).
    assert all(len(strings) == 2 for _, _, plural, strings, _ in messages if plural)


def test_the_catalogue_compiles_with_msgfmt_check():
    result = subprocess.run(
        [gettext_tool("msgfmt"), "--check", "--statistics", "-o", os.devnull, str(PO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr


def fresh_catalogue(tmp_path, change=None):
    """makemessages over a copy of the sources and the catalogue: the catalogue it writes."""
    gettext_tool("xgettext")
    copy = tmp_path / "project"
    copy.mkdir()
    for name in SOURCES:
        source = settings.BASE_DIR / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)
    po = copy / "locale" / "es" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    shutil.copy2(PO, po)
    if change:
        change(copy)
    environment = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return {entry[:3] for entry in entries(po)}


def test_the_catalogue_holds_every_marked_string_and_no_other(tmp_path):
    current = {entry[:3] for entry in entries(PO)}
    fresh = fresh_catalogue(tmp_path)
    missing = fresh - current
    assert not missing, f"marked but not in the catalogue (run make messages): {missing}"
    assert not current - fresh, f"in the catalogue but no longer marked: {current - fresh}"


def test_a_string_marked_without_make_messages_is_caught(tmp_path):
    """The comparison above can fail: a newly marked string is seen as missing."""

    def mark_a_new_string(copy):
        page = copy / "templates" / "catalog" / "tag_list.html"
        source = page.read_text(encoding="utf-8")
        page.write_text(source + '{% translate "Nobody translated this" %}\n', encoding="utf-8")

    new = (None, "Nobody translated this", None)
    assert new in fresh_catalogue(tmp_path, mark_a_new_string)
    assert new not in {entry[:3] for entry in entries(PO)}
