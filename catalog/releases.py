"""Dataset releases: the whole public catalog, dated, citable and never changed once written.

A release is a folder under settings.RELEASES_DIR named after the day it was made
(`2026-11-30`, then `2026-11-30.2` for a second one that day) holding:

- `in-the-frame.sqlite`: every public table (TABLES below), with full-text search tables on
  their text columns (sqlite-utils' `enable_fts`), ready for Datasette;
- one CSV per table, UTF-8 with a header row, the same columns and rows as the SQLite table;
- `datapackage.json`: a Frictionless Data Package describing each CSV, column by column, with
  its primary and foreign keys;
- `CHANGES.md` and `changes.json`: the rows added, changed and removed in each table since the
  previous release, compared by id and a content hash of each row;
- `CITATION.cff`: how to cite it (Citation File Format 1.2.0);
- `SHA256SUMS`: the SHA-256 of every other file, as `sha256sum -c` reads it.

Records are identified by their permanent identifiers (`P12`, `T5`: RecordType.permanent_id)
and carry their public addresses. Only what the public pages show is written: no history, no
editor accounts, no link checker notes, no search vectors.

A release is built in a hidden folder beside the others and renamed into place when complete,
under an exclusive lock, so a reader never sees half a release and no release is ever
overwritten; its files are then made read-only. Rows are read with `iterator(chunk_size=...)`
and written in batches, so memory stays flat whatever the size of the catalog.
"""

import csv
import fcntl
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from taggit.models import Tag, TaggedItem

from catalog import registry
from catalog.models import (
    CITATION_MODELS,
    AIUse,
    Controversy,
    Credit,
    Figure,
    Likeness,
    PersonRole,
    ProductionStudio,
    Quote,
    Response,
    RuleLink,
    text_fragment,
)

SITE_NAME = "In the Frame"
DATABASE_FILE = "in-the-frame.sqlite"
CHUNK = 2000  # rows read from the database per query, and written to SQLite per batch
PROGRESS_EVERY = 20_000  # rows between two progress lines for a large table

# 2026-11-30, 2026-11-30.2, 2026-11-30.3, ...: a release's name, and all a folder may be called
# to count as one.
NAME = re.compile(r"\A(\d{4}-\d{2}-\d{2})(?:\.([2-9]|[1-9][0-9]+))?\Z")
# A file inside a release: letters, digits, dots, dashes and underscores, not starting with a dot.
FILE_NAME = re.compile(r"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}\Z")

CITATION_MESSAGE = "If you use this dataset, please cite it as below."

# The licences DATA_LICENSE may name (SPDX identifiers): title and address.
LICENSES = {
    "CC0-1.0": (
        "Creative Commons Zero v1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution Share Alike 4.0 International",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "ODbL-1.0": (
        "Open Data Commons Open Database License v1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    "PDDL-1.0": (
        "Open Data Commons Public Domain Dedication & License 1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
}


class ReleaseError(Exception):
    """A release cannot be made: the message says why."""


# --- What a release holds ----------------------------------------------------------------------


@dataclass
class Column:
    name: str
    type: str  # a Frictionless field type: string, integer, number, boolean, date, datetime
    description: str
    value: object  # row -> value
    references: str = ""  # the table this column's values are ids of

    SQLITE_TYPES = {"integer": int, "boolean": int}

    @property
    def sqlite_type(self):
        return self.SQLITE_TYPES.get(self.type, str)


@dataclass
class Table:
    name: str
    description: str
    model: type
    columns: list
    queryset: object  # () -> the rows, as a QuerySet
    fts: tuple = ()  # columns the full-text index covers
    key: str = ""  # the singular, e.g. "ai_use": names the columns that point at this table
    prefix: str = ""  # the letter of a record type's permanent ids; "" for integer ids
    kwargs: dict = field(default_factory=dict)

    @property
    def id_type(self):
        return "string" if self.prefix else "integer"


def field_description(model_field):
    text = capfirst(str(model_field.verbose_name))
    if model_field.help_text:
        text += f": {model_field.help_text}"
    if model_field.choices:
        values = ", ".join(str(value) for value, _label in model_field.flatchoices)
        text += f" One of: {values}."
    return text


FIELD_TYPES = [
    (models.BooleanField, "boolean"),
    (models.DateTimeField, "datetime"),
    (models.DateField, "date"),
    (models.DecimalField, "number"),
    (models.IntegerField, "integer"),  # every integer field class
]


def plain(value):
    """A value as SQLite stores it: dates and times in ISO 8601, decimals exactly, as text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def own_column(model, name, column_name=None):
    model_field = model._meta.get_field(name)
    kind = next((t for cls, t in FIELD_TYPES if isinstance(model_field, cls)), "string")
    attname = model_field.attname
    return Column(
        column_name or name,
        kind,
        field_description(model_field),
        lambda row: plain(getattr(row, attname)),
    )


def key_column(model, name, column_name=None):
    """A foreign key as the id of the row it points at (a permanent id for a record)."""
    model_field = model._meta.get_field(name)
    target = TABLE_KEYS[model_field.related_model]
    attname = model_field.attname
    if target.prefix:

        def value(row):
            pk = getattr(row, attname)
            return None if pk is None else f"{target.prefix}{pk}"

    else:

        def value(row):
            return getattr(row, attname)

    return Column(
        column_name or f"{target.key}_id",
        target.id_type,
        f"{field_description(model_field)} (the id in `{target.name}`)",
        value,
        references=target.name,
    )


def id_column(table, description):
    if table.prefix:
        return Column(
            "id",
            "string",
            f"{description} Its permanent identifier: its type's letter and its number.",
            lambda row: f"{table.prefix}{row.pk}",
        )
    return Column("id", "integer", description, lambda row: row.pk)


def page_column(description="Its address on the site."):
    return Column("page_url", "string", description, lambda row: absolute(row.get_absolute_url()))


TIMES = ("created", "updated")

# Set by `build()`: the site's address, which links in the tables start with.
_site = {"url": ""}


def absolute(path):
    return _site["url"] + path


def record_table(record_type, description):
    model = record_type.model
    table = Table(
        name=record_type.plural,
        description=description,
        model=model,
        columns=[],
        queryset=lambda: model.objects.order_by("pk"),
        fts=("name", *[f for weight in model.search_weights.values() for f in weight])
        if hasattr(model, "search_weights")
        else ("name", record_type.summary_field),
        key=record_type.key,
        prefix=record_type.id_prefix,
    )
    name_field = model._meta.get_field(record_type.name_field)
    selects = [
        f.name
        for f in model._meta.concrete_fields
        if f.many_to_one and f.name in (link.accessor for link in record_type.links.values())
    ]
    table.columns = [
        id_column(table, f"The {record_type.label}'s id."),
        own_column(model, "slug"),
        Column(
            "name",
            "string",
            field_description(name_field),
            lambda row: getattr(row, record_type.name_field),
        ),
        page_column(),
        Column(
            "permanent_url",
            "string",
            "An address that leads to it for good, wherever its page moves.",
            lambda row: absolute(reverse("permanent", args=[record_type.permanent_id(row)])),
        ),
        *[own_column(model, f) for _scheme, _label, f, _url in model.identifiers],
        *[own_column(model, f) for f in record_type.fields if f != record_type.name_field],
        *[key_column(model, f, f"{f}_id") for f in selects],
        *[own_column(model, f) for f in TIMES],
    ]
    table.fts = tuple(
        dict.fromkeys("name" if c == record_type.name_field else c for c in table.fts)
    )
    return table


def claim_table(name, key, model, description, fields, fts=(), related=()):
    table = Table(
        name=name,
        description=description,
        model=model,
        columns=[],
        queryset=lambda: model.objects.select_related(*related).order_by("pk"),
        fts=fts,
        key=key,
    )
    TABLE_KEYS[model] = table
    table.columns = [
        id_column(table, f"The {model._meta.verbose_name}'s id."),
        *([page_column("Where the site shows it.")] if hasattr(model, "get_absolute_url") else []),
        *[column_for(model, f) for f in fields],
    ]
    return table


def column_for(model, name):
    model_field = model._meta.get_field(name)
    if model_field.many_to_one:
        return key_column(model, name, f"{name}_id")
    return own_column(model, name)


TABLE_KEYS = {}  # model -> Table, for the columns that point at it


def link_table(name, through, description, first, second):
    """A record's many-to-many link kept in a table of Django's making (a controversy's studios):
    one row per link, with the two ids."""
    table = Table(
        name=name,
        description=description,
        model=through,
        columns=[],
        queryset=lambda: through.objects.order_by("pk"),
    )
    table.columns = [
        id_column(table, "The link's id."),
        key_column(through, first),
        key_column(through, second),
    ]
    return table


def citation_table(model):
    """One claim's citations of sources: its `sources` field's through model."""
    owner = TABLE_KEYS[model._meta.get_field("record").related_model]
    disclosure = model._meta.db_table.endswith("_disclosure_sources")
    name = f"{owner.key}_{'disclosure_' if disclosure else ''}citations"
    what = "the disclosure of " if disclosure else ""
    table = Table(
        name=name,
        description=(
            f"The sources cited for {what}each row of `{owner.name}`, with where in the source "
            "(a locator), what it states (a note) and the supporting passage."
        ),
        model=model,
        columns=[],
        queryset=lambda: model.objects.annotate(source_url=models.F("source__url")).order_by("pk"),
    )

    def passage_url(row):
        if not row.source_url or not row.passage_start:
            return ""
        words = text_fragment(row.passage_start)
        if row.passage_end:
            words += "," + text_fragment(row.passage_end)
        return f"{row.source_url.split('#', 1)[0]}#:~:text={words}"

    table.columns = [
        id_column(table, "The citation's id."),
        key_column(model, "record", f"{owner.key}_id"),
        key_column(model, "source"),
        *[own_column(model, f) for f in ("locator", "note", "passage_start", "passage_end")],
        Column(
            "passage_url",
            "string",
            "The source's address with a text fragment that leads to the passage.",
            passage_url,
        ),
    ]
    return table


def tag_tables():
    tagged = [record_type.model for record_type in registry.TAGGED]

    def used_tags():
        types = ContentType.objects.get_for_models(*tagged).values()
        return Tag.objects.filter(
            pk__in=TaggedItem.objects.filter(content_type__in=types).values("tag_id")
        ).order_by("pk")

    tags = Table(
        name="tags",
        description="The tags records carry.",
        model=Tag,
        columns=[],
        queryset=used_tags,
        fts=("name",),
        key="tag",
    )
    TABLE_KEYS[Tag] = tags
    tags.columns = [
        id_column(tags, "The tag's id."),
        Column("name", "string", "The tag's name.", lambda row: row.name),
        Column("slug", "string", "The tag's address on the site.", lambda row: row.slug),
        Column(
            "page_url",
            "string",
            "The tag's page: every record carrying it.",
            lambda row: absolute(reverse("tag_detail", args=[row.slug])),
        ),
    ]
    tables = [tags]
    for record_type in registry.TAGGED:
        target = TABLE_KEYS[record_type.model]

        def rows(model=record_type.model):
            return TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(model)
            ).order_by("pk")

        table = Table(
            name=f"{record_type.key}_tags",
            description=f"The tags each row of `{target.name}` carries.",
            model=TaggedItem,
            columns=[],
            queryset=rows,
        )

        def record_id(row, prefix=target.prefix):
            return f"{prefix}{row.object_id}"

        table.columns = [
            id_column(table, "The tagging's id."),
            Column(
                f"{target.key}_id",
                "string",
                f"The tagged record (the id in `{target.name}`).",
                record_id,
                references=target.name,
            ),
            Column(
                "tag_id",
                "integer",
                "The tag (the id in `tags`).",
                lambda row: row.tag_id,
                references="tags",
            ),
        ]
        tables.append(table)
    return tables


RECORD_DESCRIPTIONS = {
    "source": "Where claims come from: articles, reports, announcements.",
    "studio": "Studios, streamers, VFX houses, technology vendors, guilds.",
    "person": "People: executives, artists, performers.",
    "tool": "AI tools, named products and generic technologies.",
    "production": "Films, series, shorts, documentaries and campaigns.",
    "controversy": "Disputes about AI use in film.",
    "rule": "Guild agreements, award rules, laws, licensing deals and policies.",
    "stage": "The stages of production, in pipeline order.",
}
# Records first, the ones others point at before them, so each foreign key names a table
# already made.
RECORD_ORDER = ["source", "studio", "person", "tool", "production", "controversy", "rule", "stage"]


def tables():
    """Every table of a release, each after the tables its keys point at."""
    TABLE_KEYS.clear()
    result = []
    for key in RECORD_ORDER:
        record_type = registry.BY_KEY[key]
        table = record_table(record_type, RECORD_DESCRIPTIONS[key])
        TABLE_KEYS[record_type.model] = table
        result.append(table)
    assert {t.model for t in result} == {t.model for t in registry.TYPES}, "a type is missing"
    result += [
        claim_table(
            "ai_uses",
            "ai_use",
            AIUse,
            "Uses of AI tools on productions or by studios, at a stage of production.",
            [
                "tool",
                "production",
                "studio",
                "stage",
                "description",
                "year",
                "date",
                "status",
                "disclosure",
                "disclosed_by_studio",
                "disclosed_by_person",
                "disclosed_on",
                "disclosed_note",
                "output",
                "on_screen",
                *TIMES,
            ],
            fts=("description",),
            related=("production", "studio"),
        ),
        claim_table(
            "quotes",
            "quote",
            Quote,
            "What people said, in their words (or reported speech).",
            ["person", "text", "is_paraphrase", "said_on", "context", "production", "controversy"]
            + list(TIMES),
            fts=("text", "context"),
            related=("person",),
        ),
        claim_table(
            "figures",
            "figure",
            Figure,
            "Numbers the catalog reports (revenues, budgets), exact as stored, with their unit.",
            ["label", "value", "unit", "period", "note", "studio", "production", *TIMES],
            fts=("label", "note"),
            related=("studio", "production"),
        ),
        claim_table(
            "likenesses",
            "likeness",
            Likeness,
            "Performers' faces, voices or bodies replicated or altered, with consent as reported.",
            [
                "person",
                "production",
                "ai_use",
                "kind",
                "description",
                "consent",
                "paid",
                "performer_living",
                *TIMES,
            ],
            fts=("description",),
            related=("production",),
        ),
        claim_table(
            "responses",
            "response",
            Response,
            "Public statements by studios or people about an AI use or a controversy.",
            [
                "studio",
                "person",
                "ai_use",
                "controversy",
                "stance",
                "summary",
                "quote",
                "said_on",
                "said_note",
                *TIMES,
            ],
            fts=("summary",),
            related=("controversy", "ai_use__production", "ai_use__studio"),
        ),
        claim_table(
            "rule_links",
            "rule_link",
            RuleLink,
            "How a rule bears on an AI use, a likeness record or a controversy.",
            ["rule", "relation", "ai_use", "likeness", "controversy", *TIMES],
            related=("rule",),
        ),
        claim_table(
            "production_studios",
            "production_studio",
            ProductionStudio,
            "The studios behind each production, in a role.",
            ["production", "studio", "role"],
            related=("production",),
        ),
        claim_table(
            "person_roles",
            "person_role",
            PersonRole,
            "People's roles at studios.",
            ["person", "studio", "title"],
            related=("person",),
        ),
        claim_table(
            "credits",
            "credit",
            Credit,
            "People's parts in productions.",
            ["person", "production", "role"],
            related=("production",),
        ),
    ]
    for name in ("productions", "studios", "tools", "people"):
        through = Controversy._meta.get_field(name).remote_field.through
        second = next(
            f.name
            for f in through._meta.concrete_fields
            if f.many_to_one and f.name != "controversy"
        )
        result.append(
            link_table(
                f"controversy_{name}",
                through,
                f"The {name} each controversy concerns.",
                "controversy",
                second,
            )
        )
    result += [citation_table(model) for model in CITATION_MODELS]
    result += tag_tables()
    return result


# --- Where releases live -------------------------------------------------------------------------


def releases_dir():
    return Path(settings.RELEASES_DIR)


def name_order(name):
    """Sort key of a release name: its day, then its number that day."""
    match = NAME.match(name)
    return (match[1], int(match[2] or 1))


def release_names():
    """The releases there are, oldest first: folders whose name is a release's."""
    try:
        entries = os.scandir(releases_dir())
    except FileNotFoundError:
        return []
    with entries:
        names = [e.name for e in entries if NAME.match(e.name) and e.is_dir(follow_symlinks=False)]
    return sorted(names, key=name_order)


def next_name(day, existing):
    taken = set(existing)
    name, number = day.isoformat(), 1
    while name in taken:
        number += 1
        name = f"{day.isoformat()}.{number}"
    return name


def release_path(name):
    """The folder of the release of this name, or None: nothing outside RELEASES_DIR, nothing
    that is not a release's name."""
    if not isinstance(name, str) or not NAME.match(name):
        return None
    path = releases_dir() / name
    return path if path.is_dir() and not path.is_symlink() else None


def read_sums(path):
    """{file name: sha256} from a release's SHA256SUMS."""
    sums = {}
    try:
        text = (path / "SHA256SUMS").read_text(encoding="utf-8")
    except FileNotFoundError:
        return sums
    for line in text.splitlines():
        digest, _, name = line.partition("  ")
        if FILE_NAME.match(name):
            sums[name] = digest
    return sums


def release_file(name, filename):
    """The path of a file of a release, with its SHA-256, or (None, None): only a file the
    release's SHA256SUMS lists, inside the release's own folder."""
    path = release_path(name)
    if path is None or not isinstance(filename, str) or not FILE_NAME.match(filename):
        return None, None
    target = path / filename
    if not target.is_file() or target.is_symlink():
        return None, None
    if filename == "SHA256SUMS":
        return target, sha256(target)
    digest = read_sums(path).get(filename)
    return (target, digest) if digest else (None, None)


def describe(name):
    """What a page shows of a release: its name, day, files (size and SHA-256), citation and
    changes, read from its own files."""
    path = release_path(name)
    if path is None:
        return None
    try:
        package = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
        changes = json.loads((path / "changes.json").read_text(encoding="utf-8"))
        sums = read_sums(path)
        files = [
            {"name": file, "size": (path / file).stat().st_size, "sha256": digest}
            for file, digest in sums.items()
        ]
        files.append({"name": "SHA256SUMS", "size": (path / "SHA256SUMS").stat().st_size})
        title, home = package["title"], package["homepage"]
        day = NAME.match(name)[1]
        made = date.fromisoformat(day)
    except (OSError, ValueError, KeyError):
        return None  # not a release this code wrote: a folder made by hand
    return {
        "name": name,
        "date": made,
        "title": title,
        "url": home,
        "licenses": package.get("licenses", []),
        "files": files,
        "changes": changes,
        "citation": citation_fields(title, name, day, home),
    }


def citation_fields(title, name, day, url):
    """What CITATION.cff says, as a page shows it."""
    return {
        "message": CITATION_MESSAGE,
        "title": title,
        "author": SITE_NAME,
        "version": name,
        "date_released": day,
        "url": url,
    }


def state():
    """What the data pages depend on besides the catalog, for their cache and validators: the
    releases there are, and when the newest was made."""
    names = release_names()
    made = (releases_dir() / names[-1]).stat().st_mtime if names else 0.0
    return (",".join(names),), made


# --- Making one ----------------------------------------------------------------------------------


def check_dir(path):
    if path.exists() and not path.is_dir():
        raise ReleaseError(f"RELEASES_DIR {path} is not a folder.")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReleaseError(f"RELEASES_DIR {path} cannot be created: {error.strerror}.") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise ReleaseError(f"RELEASES_DIR {path} is not writable.")


def make_release(site_url, progress=None, today=None):
    """Write a new release of the catalog and return its folder."""
    site_url = site_url.rstrip("/")
    if not re.match(r"\Ahttps?://[^/\s?#]+\Z", site_url):
        raise ReleaseError(
            f"The site's address must look like https://inframe.example.org; got {site_url!r}."
        )
    root = releases_dir()
    check_dir(root)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one release at a time: the name is decided here
        existing = release_names()
        previous = root / existing[-1] if existing else None
        name = next_name(today or timezone.localdate(), existing)
        work = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
        try:
            build(work, name, site_url, previous, progress or (lambda line: None))
            for path in work.iterdir():
                path.chmod(0o444)
            work.chmod(0o555)
            target = root / name
            os.rename(work, target)  # fails rather than replace a non-empty folder
        except BaseException:
            work.chmod(0o755)
            shutil.rmtree(work, ignore_errors=True)
            raise
    return target


def build(folder, name, site_url, previous, progress):
    _site["url"] = site_url
    all_tables = tables()
    import sqlite_utils  # only here: a tenth of a second of every process's start otherwise

    database = folder / DATABASE_FILE
    db = sqlite_utils.Database(sqlite3.connect(database.as_uri(), uri=True))
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            # Every table from one snapshot of the catalog, whatever is edited meanwhile.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for table in all_tables:
            write_table(db, table, progress)
    for table in all_tables:
        if table.fts:
            db[table.name].enable_fts(list(table.fts), create_triggers=False)
    db.execute("PRAGMA journal_mode = DELETE")
    changes = compare(db, all_tables, previous, name)
    db.vacuum()
    db.close()
    for table in all_tables:
        write_csv(database, table, folder / f"{table.name}.csv")
    home = f"{site_url}{reverse('release', args=[name])}"
    title = f"{SITE_NAME}: AI use in film production, dataset release {name}"
    write_changes(folder, changes)
    write_package(folder, all_tables, name, title, home)
    write_citation(folder, title, name, home)
    write_sums(folder)
    progress(f"Release {name}: {len(all_tables)} tables.")


def write_table(db, table, progress):
    db[table.name].create(
        {column.name: column.sqlite_type for column in table.columns},
        pk="id",
        foreign_keys=[(c.name, c.references, "id") for c in table.columns if c.references],
    )
    queryset = table.queryset()
    total = queryset.count()
    progress(f"{table.name}: {total:,} rows")
    columns = table.columns

    def rows():
        for done, row in enumerate(queryset.iterator(chunk_size=CHUNK), 1):
            if done % PROGRESS_EVERY == 0:
                progress(f"  {table.name}: {done:,} of {total:,}")
            yield {column.name: column.value(row) for column in columns}

    db[table.name].insert_all(rows(), batch_size=CHUNK)


def write_csv(database, table, path):
    names = [column.name for column in table.columns]
    source = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        cursor = source.execute(
            f"SELECT {', '.join(quote(n) for n in names)} FROM {quote(table.name)} ORDER BY rowid"
        )
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(names)
            while batch := cursor.fetchmany(CHUNK):
                writer.writerows(batch)
    finally:
        source.close()


def quote(identifier):
    return '"' + identifier.replace('"', '""') + '"'


def row_hash(*pairs):
    """A row's content hash: its column names and values."""
    return hashlib.sha256(json.dumps(pairs, ensure_ascii=False).encode()).hexdigest()


def compare(db, all_tables, previous, name):
    """Rows added, changed and removed in each table since the previous release."""
    result = {"release": name, "previous": previous.name if previous else None, "tables": {}}
    old_file = previous / DATABASE_FILE if previous else None
    conn = db.conn
    conn.create_function("row_hash", -1, row_hash, deterministic=True)
    old_tables = set()
    if old_file and old_file.exists():
        conn.execute("ATTACH DATABASE ? AS old", (f"{old_file.as_uri()}?mode=ro&immutable=1",))
        old_tables = {
            row[0] for row in conn.execute("SELECT name FROM old.sqlite_master WHERE type='table'")
        }
    for table in all_tables:
        new = quote(table.name)
        rows = conn.execute(f"SELECT count(*) FROM main.{new}").fetchone()[0]
        counts = {"rows": rows, "added": rows, "changed": 0, "removed": 0}
        if table.name in old_tables:
            new_columns = [c.name for c in table.columns]
            old_columns = [r[1] for r in conn.execute(f"PRAGMA old.table_info({new})")]

            def hashed(alias, columns):
                return "row_hash(" + ", ".join(f"'{c}', {alias}.{quote(c)}" for c in columns) + ")"

            counts["added"] = conn.execute(
                f"SELECT count(*) FROM main.{new} n WHERE NOT EXISTS "
                f"(SELECT 1 FROM old.{new} o WHERE o.id = n.id)"
            ).fetchone()[0]
            counts["removed"] = conn.execute(
                f"SELECT count(*) FROM old.{new} o WHERE NOT EXISTS "
                f"(SELECT 1 FROM main.{new} n WHERE n.id = o.id)"
            ).fetchone()[0]
            counts["changed"] = conn.execute(
                f"SELECT count(*) FROM main.{new} n JOIN old.{new} o ON o.id = n.id "
                f"WHERE {hashed('n', new_columns)} != {hashed('o', old_columns)}"
            ).fetchone()[0]
        result["tables"][table.name] = counts
    if old_tables:
        gone = sorted(old_tables - {t.name for t in all_tables} - set(fts_tables(conn, "old")))
        for name_gone in gone:
            removed = conn.execute(f"SELECT count(*) FROM old.{quote(name_gone)}").fetchone()[0]
            result["tables"][name_gone] = {"rows": 0, "added": 0, "changed": 0, "removed": removed}
        conn.commit()
        conn.execute("DETACH DATABASE old")
    return result


def fts_tables(conn, schema):
    """The full-text index's own tables (productions_fts, productions_fts_data, ...)."""
    return [
        row[0]
        for row in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type='table'")
        if "_fts" in row[0] or row[0].startswith("sqlite_")
    ]


def write_changes(folder, changes):
    (folder / "changes.json").write_text(
        json.dumps(changes, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    since = f"since release {changes['previous']}" if changes["previous"] else "(the first release)"
    lines = [
        f"# Changes in release {changes['release']} {since}",
        "",
        "Rows are compared by id and by a hash of their content.",
        "",
        "| table | rows | added | changed | removed |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for table, counts in changes["tables"].items():
        lines.append(
            f"| {table} | {counts['rows']} | {counts['added']} | {counts['changed']} | "
            f"{counts['removed']} |"
        )
    (folder / "CHANGES.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def write_package(folder, all_tables, name, title, home):
    licenses = []
    if settings.DATA_LICENSE:
        license_title, path = LICENSES[settings.DATA_LICENSE]
        licenses = [{"name": settings.DATA_LICENSE, "title": license_title, "path": path}]
    resources = []
    for table in all_tables:
        path = folder / f"{table.name}.csv"
        resources.append(
            {
                "name": table.name,
                "path": path.name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": table.description,
                "bytes": path.stat().st_size,
                "hash": f"sha256:{sha256(path)}",
                "schema": {
                    "fields": [
                        {"name": c.name, "type": c.type, "description": c.description}
                        for c in table.columns
                    ],
                    "primaryKey": ["id"],
                    "foreignKeys": [
                        {
                            "fields": [c.name],
                            "reference": {"resource": c.references, "fields": ["id"]},
                        }
                        for c in table.columns
                        if c.references
                    ],
                },
            }
        )
    package = {
        "profile": "tabular-data-package",
        "name": "in-the-frame",
        "title": title,
        "description": (
            f"The public catalog of {SITE_NAME}, a knowledge base about AI use in film "
            "production, every claim cited: one CSV per table, also as one SQLite database "
            f"({DATABASE_FILE}) with full-text search. Records are identified by their permanent "
            "identifiers (P12, T5...) and carry their public addresses."
        ),
        "version": name,
        "created": timezone.now().isoformat(timespec="seconds"),
        "homepage": home,
        **({"licenses": licenses} if licenses else {}),
        "resources": resources,
    }
    (folder / "datapackage.json").write_text(
        json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def write_citation(folder, title, name, home):
    fields = citation_fields(title, name, NAME.match(name)[1], home)
    # YAML: strings in JSON's double quotes (valid YAML), the date bare (a YAML date).
    lines = [
        "cff-version: 1.2.0",
        f"message: {json.dumps(fields['message'])}",
        "type: dataset",
        f"title: {json.dumps(fields['title'], ensure_ascii=False)}",
        "authors:",
        f"  - name: {json.dumps(fields['author'], ensure_ascii=False)}",
        f"version: {json.dumps(fields['version'])}",
        f"date-released: {fields['date_released']}",
        f"url: {json.dumps(fields['url'])}",
    ]
    if settings.DATA_LICENSE:
        lines.append(f"license: {settings.DATA_LICENSE}")
    (folder / "CITATION.cff").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_sums(folder):
    lines = [
        f"{sha256(path)}  {path.name}"
        for path in sorted(folder.iterdir())
        if path.name != "SHA256SUMS"
    ]
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")
