"""Load fixtures of catalog records (by default fixtures/seed.json, then fixtures/catalog.json)
without overwriting anything.

A fixture's ids only tie its own rows together: each row is matched with the database by its
model's `natural_key_fields` (a record's slug, a link row's or claim's defining fields), never by
id, so records already in the database are never replaced.

- Not there: created, as an editor's save would be (history, search index), with its links and
  tags. A row the history shows was there once (an editor changed its key or deleted it) is left
  out, and so is a row linking to a record left out.
- There, and saved through the site at least once (it has a history, like everything an editor
  or this command made): left as it is, the editor's version winning; a difference from the
  fixture is reported.
- There, but never saved through the site (no history: the stages the migrations make, records
  an older `loaddata` seed wrote): brought to the fixture's values, saved only if they differ.
"""

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    ObjectDoesNotExist,
    ValidationError,
)
from django.core.management.base import CommandError
from taggit.models import Tag, TaggedItem

from catalog import signals
from catalog.management.commands._catalog import CatalogCommand
from catalog.models import current_links

SEED_FIXTURE = settings.BASE_DIR / "fixtures" / "seed.json"
# The sourced catalog beyond the article (fixtures/research/build_fixture.py makes it).
CATALOG_FIXTURE = settings.BASE_DIR / "fixtures" / "catalog.json"


def differing_fields(record, values):
    """The names of the fields whose value in `values` is not the record's. A link compares
    by the key it stores, so no linked row is read to compare it."""
    names = []
    for name, value in values.items():
        field = record._meta.get_field(name)
        if field.many_to_one:
            value = None if value is None else getattr(value, field.target_field.attname)
            name_now = field.attname
        else:
            name_now = name
        if getattr(record, name_now) != value:
            names.append(name)
    return names


def full_clean(record, own):
    """`record.full_clean()`, but for the query per link asking whether the linked row exists:
    a link in `own` is to a row this load found in the database or saved to it, in the same
    transaction. Every other check is Django's own, and its errors are collected as
    `full_clean` collects them (uniqueness and constraints left to the fields that passed).
    A seed of the whole catalog on a new database runs some 1,800 fewer queries."""
    linked = {
        name
        for name, value in own.items()
        if value is not None and record._meta.get_field(name).many_to_one
    }
    errors = {}
    for check in (lambda: record.clean_fields(exclude=linked), record.clean):
        try:
            check()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    for check in (record.validate_unique, record.validate_constraints):
        try:
            check(exclude={name for name in errors if name != NON_FIELD_ERRORS})
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


class FixtureLoader:
    def __init__(self, path, had_history):
        self.path = path
        self.had_history = had_history  # model -> whether its history held a row (see handle)
        self.matched = {}  # (model, fixture id) -> the database's row, or None when left out
        self.created, self.present, self.updated = [], [], []
        self.differing, self.left_out = [], []

    def load(self, rows):
        tag_names = {
            row["pk"]: row["fields"]["name"] for row in rows if row["model"] == "taggit.tag"
        }
        tags = {}  # (model, fixture id) -> tag names
        for row in rows:
            model = self.model(row)
            if model is Tag:
                continue
            if model is TaggedItem:
                fields = row["fields"]
                tagged = self.model({"model": ".".join(fields["content_type"])})
                tags.setdefault((tagged, fields["object_id"]), []).append(tag_names[fields["tag"]])
            else:
                self.load_row(model, row)
        # A record's tags are its own: added when the record was created or brought up to date.
        tagging = [
            (record, names)
            for record, names in ((self.matched.get(key), names) for key, names in tags.items())
            if record is not None and (record in self.created or record in self.updated)
        ]
        used = {name for record, names in tagging for name in names}
        for fixture_id in sorted(tag_names):  # new tags in the fixture's order, as it numbers them
            if tag_names[fixture_id] in used:
                Tag.objects.get_or_create(name=tag_names[fixture_id])
        for record, names in tagging:
            record.tags.add(*names)

    def model(self, row):
        try:
            return apps.get_model(row["model"])
        except (LookupError, ValueError):
            raise CommandError(f"{self.path}: unknown model {row['model']!r}.") from None

    def load_row(self, model, row):
        label = f"{model._meta.verbose_name} {row.get('pk')}"
        own, links, missing = {}, {}, None
        if not hasattr(model, "natural_key_fields"):
            raise CommandError(f"{self.path}: {model._meta.label} rows cannot be seeded.")
        for name, value in row["fields"].items():
            try:
                field = model._meta.get_field(name)
                if field.many_to_many:
                    links[field] = value
                elif field.many_to_one:
                    own[name] = self.linked(field, value, label)
                    if value is not None and own[name] is None:
                        missing = f"it links to {field.verbose_name} {value}, which is left out"
                else:
                    own[name] = field.to_python(value)
            except (FieldDoesNotExist, ValidationError) as error:
                raise CommandError(f"{self.path}: {label}, field {name!r}: {error}") from None
        key = {name: own.get(name) for name in model.natural_key_fields}
        described = self.describe(model, key)
        if missing:
            return self.leave_out(model, row, f"{described} ({missing})")

        record = model._default_manager.filter(**key).first()
        if not hasattr(model, "history"):
            # A citation (a row without a history of its own) belongs to its record, as its
            # tags do: added only with a record this load created or brought up to date.
            return self.load_own_row(model, row, record, own, key, described)
        if record is not None and record.history.exists():
            self.present.append(record)
            if differing_fields(record, own):
                self.differing.append(described)
        elif self.had_history.get(model, True) and model.history.filter(**key).exists():
            return self.leave_out(model, row, f"{described} (changed or deleted since seeded)")
        else:
            wanted = {field.name: self.ids(field, ids) for field, ids in links.items()}
            if record is None:
                record, outcome, changed = model(**own), self.created, True
            else:
                outcome = self.updated
                changed = differing_fields(record, own)
                for field_name in changed:
                    setattr(record, field_name, own[field_name])
                now = current_links(record)
                changed = changed or any(now.get(f) != sorted(ids) for f, ids in wanted.items())
            if not changed:
                self.present.append(record)
            else:
                try:
                    full_clean(record, own)
                except ValidationError as error:
                    reason = "; ".join(error.messages)
                    return self.leave_out(model, row, f"{described} ({reason})")
                record.save()
                for field_name, ids in wanted.items():
                    getattr(record, field_name).set(ids)
                outcome.append(record)
        self.matched[(model, row.get("pk"))] = record
        return None

    def load_own_row(self, model, row, record, own, key, described):
        owner = key["record"]
        if record is not None:
            self.present.append(record)
            if differing_fields(record, own):
                self.differing.append(described)
        elif owner in self.created or owner in self.updated:
            record = model(**own)
            try:
                full_clean(record, own)
            except ValidationError as error:
                return self.leave_out(model, row, f"{described} ({'; '.join(error.messages)})")
            record.save()
            self.created.append(record)
        else:
            return self.leave_out(model, row, f"{described} (its record was edited since seeded)")
        self.matched[(model, row.get("pk"))] = record
        return None

    def linked(self, field, value, label):
        """The database's row for a key's value: a fixture id, or a natural key like a stage's."""
        if value is None:
            return None
        related = field.related_model
        if isinstance(value, list):
            try:
                return related._default_manager.get_by_natural_key(*value)
            except ObjectDoesNotExist:
                return None
        if (related, value) not in self.matched:
            raise CommandError(
                f"{self.path}: {label} links to {related._meta.verbose_name} {value}, which is "
                "not earlier in the file. List each row after the rows it links to."
            )
        return self.matched[(related, value)]

    def ids(self, field, fixture_ids):
        rows = (self.matched.get((field.related_model, pk)) for pk in fixture_ids)
        return [row.pk for row in rows if row is not None]

    def leave_out(self, model, row, reason):
        self.matched[(model, row.get("pk"))] = None
        self.left_out.append(reason)

    @staticmethod
    def describe(model, key):
        values = ", ".join(str(value) for value in key.values() if value not in (None, ""))
        return f"{model._meta.verbose_name} “{values}”"

    def summary(self):
        lines = [
            f"Seed ({self.path.name}): {len(self.created)} records created, "
            f"{len(self.present)} already present"
            + (f", {len(self.updated)} brought up to date" if self.updated else "")
            + (", nothing changed." if not self.created and not self.updated else ".")
        ]
        if self.differing:
            lines.append(
                "Left as they are, where they differ from the fixture: "
                + ", ".join(self.differing)
                + "."
            )
        if self.left_out:
            lines.append("Left out: " + "; ".join(self.left_out) + ".")
        return "\n".join(lines)


class Command(CatalogCommand):
    help = (
        "Load catalog records from fixture files (default: fixtures/seed.json), matching each "
        "row with the database by slug or defining fields, never by id: what is there already "
        "stays as it is; what is not is created with its history and search entry. Says what "
        "it did. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "fixtures",
            nargs="*",
            default=[str(SEED_FIXTURE), str(CATALOG_FIXTURE)],
            help="fixture files to load (default: the article's seed, then the sourced catalog)",
        )

    def handle(self, *args, fixtures, verbosity, **options):
        # Whether each model's history held a row before this command. Where it held none, no
        # fixture row can have been there once: every history row since is this command's own,
        # made for a record it created and that is still there, found before the history is
        # asked. A new database's seed then runs some 800 fewer queries.
        had_history = {
            model: model.history.exists()
            for model in apps.get_app_config("catalog").get_models()
            if hasattr(model, "natural_key_fields") and hasattr(model, "history")
        }
        for name in fixtures:
            path = Path(name)
            try:
                rows = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read {path}: {error}") from None
            if not isinstance(rows, list) or not all(
                isinstance(row, dict) and {"model", "fields"} <= row.keys() for row in rows
            ):
                raise CommandError(
                    f"{path} is not a fixture: a list of rows with model and fields."
                )
            loader = FixtureLoader(path, had_history)
            with signals.batched():
                loader.load(rows)
            if verbosity:
                self.stdout.write(loader.summary())
