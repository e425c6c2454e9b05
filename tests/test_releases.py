"""Dataset releases: `manage.py release_dataset` writes a dated, immutable, citable release of
the public catalog (SQLite with full-text search, CSVs, a Frictionless Data Package, the
changes since the previous release, CITATION.cff, SHA256SUMS), and /data/ lists and serves
them."""

import asyncio
import csv
import hashlib
import io
import json
import sqlite3
import subprocess
import tracemalloc
from datetime import date
from pathlib import Path

import frictionless
import pytest
import yaml
from datasette.app import Datasette
from django.core.management import CommandError, call_command

from catalog import releases
from catalog.models import AITool, AIUse, Person, Production, Quote, QuoteCitation
from tests.test_settings import load_settings

pytestmark = pytest.mark.django_db

SITE = "https://inframe.example.org"
NAMES = "Ñandú 東宝 Ελληνικά"
FILES = {
    "in-the-frame.sqlite",
    "datapackage.json",
    "CHANGES.md",
    "changes.json",
    "CITATION.cff",
    "SHA256SUMS",
}


@pytest.fixture
def releases_dir(settings, tmp_path):
    settings.RELEASES_DIR = tmp_path / "releases"
    settings.SITE_URL = SITE
    return settings.RELEASES_DIR


def release(**options):
    out = io.StringIO()
    call_command("release_dataset", stdout=out, **options)
    return Path(out.getvalue().strip().splitlines()[-1]), out.getvalue()


def database(folder):
    connection = sqlite3.connect(f"{(folder / releases.DATABASE_FILE).as_uri()}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    return connection


def package(folder):
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def contents(folder):
    """Every file's bytes and modification time."""
    return {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in folder.iterdir()}


def datasette_get(path, url):
    async def get():
        app = Datasette([], immutables=[str(path)])
        return await app.client.get(url)

    return asyncio.run(get())


def test_a_release_of_the_seed_holds_every_file_and_checksums_match(seed, releases_dir):
    folder, output = release()
    today = date.today().isoformat()
    assert folder == releases_dir / today
    tables = [resource["name"] for resource in package(folder)["resources"]]
    assert set(tables) >= {"productions", "tools", "ai_uses", "production_studios", "tags"}
    assert {f"{model}_citations" for model in ("ai_use", "production", "rule_link")} <= set(tables)
    assert "ai_use_disclosure_citations" in tables
    assert {path.name for path in folder.iterdir()} == FILES | {f"{t}.csv" for t in tables}
    assert "productions: " in output  # the progress lines

    # SHA256SUMS lists every other file with its digest, as sha256sum -c reads it.
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ")
        listed[name] = digest
    assert set(listed) == {path.name for path in folder.iterdir()} - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    checked = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # CITATION.cff: the Citation File Format's required keys, the release as its version.
    cff = yaml.safe_load((folder / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["version"] == today
    assert cff["date-released"] == date.today()
    assert cff["url"] == f"{SITE}/data/releases/{today}/"
    assert cff["authors"] == [{"name": "In the Frame"}]
    assert cff["title"] and cff["message"] and cff["type"] == "dataset"

    # The first release's changes: every row added.
    changes = json.loads((folder / "changes.json").read_text())
    assert changes["previous"] is None
    assert changes["tables"]["productions"]["added"] == Production.objects.count()
    assert "(the first release)" in (folder / "CHANGES.md").read_text()


def test_the_database_searches_and_datasette_opens_it(seed, releases_dir):
    folder, _output = release(quiet=True)
    db = database(folder)
    found = db.execute(
        "SELECT p.id, p.name, p.page_url, p.permanent_url FROM productions p "
        "JOIN productions_fts ON productions_fts.rowid = p.rowid "
        "WHERE productions_fts MATCH 'Eternauta'"
    ).fetchall()
    eternauta = Production.objects.get(slug="el-eternauta")
    assert [tuple(row) for row in found] == [
        (
            f"P{eternauta.pk}",
            "El Eternauta",
            f"{SITE}/productions/el-eternauta/",
            f"{SITE}/id/P{eternauta.pk}",
        )
    ]
    # Keys are permanent ids: an AI use names its production's.
    uses = db.execute(
        "SELECT count(*) FROM ai_uses WHERE production_id = ?", (f"P{eternauta.pk}",)
    ).fetchone()[0]
    assert uses == eternauta.ai_uses.count() > 0

    path = folder / releases.DATABASE_FILE
    response = datasette_get(path, "/in-the-frame/productions.json?_search=Eternauta&_shape=array")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()] == ["El Eternauta"]
    response = datasette_get(path, "/in-the-frame/tools.json?_shape=array&_size=max")
    assert {row["id"] for row in response.json()} == {
        f"T{pk}" for pk in AITool.objects.values_list("pk", flat=True)
    }


def test_every_csv_matches_its_table_and_the_package_validates(seed, releases_dir):
    folder, _output = release(quiet=True)
    db = database(folder)
    described = package(folder)
    for resource in described["resources"]:
        table = resource["name"]
        with open(folder / resource["path"], encoding="utf-8", newline="") as file:
            rows = list(csv.reader(file))
        columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
        assert rows[0] == columns == [f["name"] for f in resource["schema"]["fields"]], table
        count = db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        assert len(rows) - 1 == count, table
    # No editor-only field, no e-mail address.
    everything = "".join(path.read_text(encoding="utf-8") for path in folder.glob("*.csv"))
    assert "link_note" not in everything and "search_vector" not in everything
    assert "@example.com" not in everything

    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "type", "note"])[:10]
    ai_uses = next(r for r in described["resources"] if r["name"] == "ai_uses")
    assert {"fields": ["tool_id"], "reference": {"resource": "tools", "fields": ["id"]}} in ai_uses[
        "schema"
    ]["foreignKeys"]


def test_names_in_other_scripts_survive_the_round_trip(seed, releases_dir):
    person = Person.objects.create(slug="nandu", name=NAMES, bio="映画 «Ñ» — Ελληνικά")
    folder, _output = release(quiet=True)
    row = database(folder).execute("SELECT * FROM people WHERE id = ?", (f"N{person.pk}",))
    assert tuple(row.fetchone())[2] == NAMES
    with open(folder / "people.csv", encoding="utf-8", newline="") as file:
        by_id = {row["id"]: row for row in csv.DictReader(file)}
    assert by_id[f"N{person.pk}"]["name"] == NAMES
    assert by_id[f"N{person.pk}"]["bio"] == "映画 «Ñ» — Ελληνικά"
    response = datasette_get(
        folder / releases.DATABASE_FILE, "/in-the-frame/people.json?_search=Ñandú&_shape=array"
    )
    assert [row["name"] for row in response.json()] == [NAMES]


def test_a_second_release_counts_what_changed_and_leaves_the_first_untouched(seed, releases_dir):
    first, _output = release(quiet=True)
    before = contents(first)

    production = Production.objects.get(slug="el-eternauta")
    production.synopsis += " Edited."
    production.save()
    Person.objects.create(slug="nandu", name=NAMES)
    quote = Quote.objects.filter(responses=None).order_by("pk").first()
    cited = QuoteCitation.objects.filter(record=quote).count()
    assert cited
    quote.delete()

    second, _output = release(quiet=True)
    assert second.name == f"{first.name}.2"
    assert contents(first) == before  # the first release is never touched

    changes = json.loads((second / "changes.json").read_text())
    assert changes["previous"] == first.name
    moved = {
        table: {k: counts[k] for k in ("added", "changed", "removed") if counts[k]}
        for table, counts in changes["tables"].items()
        if counts["added"] or counts["changed"] or counts["removed"]
    }
    assert moved == {
        "productions": {"changed": 1},
        "people": {"added": 1},
        "quotes": {"removed": 1},
        "quote_citations": {"removed": cited},
    }
    text = (second / "CHANGES.md").read_text()
    assert f"since release {first.name}" in text
    assert "| people | " in text

    # Another release the same day takes the next number.
    third, _output = release(quiet=True)
    assert third.name == f"{first.name}.3"
    assert contents(first) == before


def test_a_release_dir_that_is_a_file_is_refused_with_a_message(seed, settings, tmp_path):
    settings.RELEASES_DIR = tmp_path / "a-file"
    settings.RELEASES_DIR.write_text("")
    with pytest.raises(CommandError, match="is not a folder"):
        release(site_url=SITE)
    with pytest.raises(CommandError, match="site's public address"):
        settings.SITE_URL = ""
        release()


@pytest.mark.parametrize(
    ("value", "message"),
    [("pyproject.toml", "is a file"), ("no/such/parent/releases", "parent folder does not exist")],
)
def test_releases_dir_setting_fails_loudly(monkeypatch, value, message):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match=message):
        load_settings(monkeypatch, RELEASES_DIR=value)


def test_site_url_and_licence_settings_fail_loudly(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        load_settings(monkeypatch, SITE_URL="inframe.example.org/data")
    with pytest.raises(ImproperlyConfigured, match="DATA_LICENSE"):
        load_settings(monkeypatch, SITE_URL="", DATA_LICENSE="MIT-ish")


def test_the_licence_is_stated_when_set(seed, releases_dir, settings):
    settings.DATA_LICENSE = "CC-BY-4.0"
    folder, _output = release(quiet=True)
    assert package(folder)["licenses"][0]["name"] == "CC-BY-4.0"
    assert "license: CC-BY-4.0" in (folder / "CITATION.cff").read_text()


# --- The /data/ pages ---------------------------------------------------------------------------


def test_the_data_page_without_releases_links_exports_and_the_api(client, seed, releases_dir):
    response = client.get("/data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "No release has been made yet." in page
    for href in ("/catalog.json", "/productions.csv", "/tools.json", "/api/v1/", "/api/v1/docs"):
        assert f'href="{href}"' in page
    assert 'href="/data/"' in client.get("/").content.decode()  # the footer links it


def test_the_data_page_lists_releases_and_serves_their_files(
    client, seed, releases_dir, django_assert_max_num_queries
):
    first, _output = release(quiet=True)
    second, _output = release(quiet=True)
    with django_assert_max_num_queries(1):
        response = client.get("/data/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="/data/releases/{second.name}/"' in page
    assert f'href="/data/releases/{first.name}/"' in page  # earlier releases
    sums = releases.read_sums(second)
    for name, digest in sums.items():
        assert f'href="/data/releases/{second.name}/{name}"' in page
        assert digest in page
    assert f"{SITE}/data/releases/{second.name}/" in page  # the citation line

    response = client.get(f"/data/releases/{first.name}/")
    assert response.status_code == 200
    assert "The first release" in response.content.decode()

    url = f"/data/releases/{second.name}/productions.csv"
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (second / "productions.csv").read_bytes()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"] == f'"{sums["productions.csv"]}"'
    assert client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 304
    assert client.get(f"/data/releases/{second.name}/SHA256SUMS").status_code == 200
    database_file = client.get(f"/data/releases/{second.name}/{releases.DATABASE_FILE}")
    assert database_file["Content-Disposition"].startswith("attachment")


def test_a_folder_that_is_not_a_release_is_not_an_error(client, seed, releases_dir):
    (releases_dir / "2020-01-01").mkdir(parents=True)
    (releases_dir / "2020-13-45").mkdir()
    assert client.get("/data/").status_code == 200
    for name in ("2020-01-01", "2020-13-45"):
        assert client.get(f"/data/releases/{name}/").status_code == 404
        assert client.get(f"/data/releases/{name}/SHA256SUMS").status_code == 404


def test_the_data_page_shows_a_new_release_at_once(client, seed, releases_dir):
    assert "No release has been made yet." in client.get("/data/").content.decode()
    folder, _output = release(quiet=True)
    assert f"/data/releases/{folder.name}/" in client.get("/data/").content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/data/releases/../",
        "/data/releases/%2E%2E/SHA256SUMS",
        "/data/releases/{name}/..%2F..%2Fsettings.py",
        "/data/releases/{name}/%2E%2E",
        "/data/releases/{name}/.lock",
        "/data/releases/{name}/nothing.csv",
        "/data/releases/2020-01-01/SHA256SUMS",
        "/data/releases/2020-01-01/",
        "/data/releases/.building-x/SHA256SUMS",
        "/data/releases/{name}%00/SHA256SUMS",
        "/data/releases/{name}/SHA256SUMS%00",
    ],
)
def test_path_tricks_and_unknown_names_are_404(client, seed, releases_dir, path):
    folder, _output = release(quiet=True)
    (releases_dir / ".lock").write_text("secret")
    response = client.get(path.format(name=folder.name))
    assert response.status_code == 404


# --- Memory ---------------------------------------------------------------------------------------


def peak_memory_of_a_release():
    tracemalloc.start()
    try:
        releases.make_release(SITE)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_catalog_grows(releases_dir):
    call_command("generate_catalog", productions=60, seed=3, verbosity=0)
    small = peak_memory_of_a_release()
    call_command("generate_catalog", productions=540, seed=4, append=True, verbosity=0)
    rows = Production.objects.count()
    assert rows == 600
    large = peak_memory_of_a_release()
    db = sqlite3.connect(
        str(releases_dir / f"{date.today().isoformat()}.2" / "in-the-frame.sqlite")
    )
    assert db.execute("SELECT count(*) FROM productions").fetchone()[0] == 600
    assert db.execute("SELECT count(*) FROM ai_uses").fetchone()[0] == AIUse.objects.count()
    # Ten times the catalog, not ten times the memory: the rows stream in chunks.
    assert large < 40 * 1024 * 1024, large
    assert large < small * 1.5 + 2 * 1024 * 1024, (small, large)
