"""Edit conflicts caught in the admin: a save made from a page opened before another editor's
save is refused, with who changed what and when, and nothing of theirs is overwritten.

A change page carries the version it shows, in a hidden input (`edit_version`): a fingerprint
of each part the page saves, that is the record's own fields, links and tags, and each inline
row the editor may change or delete (a production's AI uses, studio roles, figures), with the
time it was opened. A save locks the record and those rows (`lock_record`, `select_for_update`;
held until the save commits, so that two simultaneous saves cannot both pass), fingerprints them
again, and goes ahead only if no part it opened has changed or gone. Rows another editor added
are not a conflict: the page never held them, and the save leaves them as they are.

A fingerprint reads the values themselves, not `TimeStamped.updated`: a record's links and tags
are separate rows, and a change to them alone (`record.tags.add()`, the tag merge) does not
move `updated`; and rows without timestamps (studio roles, credits) are covered the same way.
Who changed a part, and when, is read from its history (django-simple-history).
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models, router, transaction
from django.db.models import F
from django.forms.formsets import DELETION_FIELD_NAME
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from taggit.managers import TaggableManager

VERSION_FIELD = "edit_version"
SALT = "catalog.admin_conflicts"
SAVE_BUTTONS = ("_save", "_continue", "_addanother")


def part_key(obj):
    return f"{obj._meta.label_lower}:{obj.pk}"


def edited_fields(model, form_class, skip=()):
    """The model fields a form saves (its many-to-many fields and tags included)."""
    fields = []
    for name in form_class.base_fields:
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if model_field.editable and not model_field.primary_key and model_field not in skip:
            fields.append(model_field)
    return fields


def fingerprint(obj, fields):
    """A digest of the values a save would write: changes when any of them changes."""
    values = {}
    for model_field in fields:
        if isinstance(model_field, TaggableManager):
            values[model_field.name] = sorted(
                tag.name for tag in getattr(obj, model_field.name).all()
            )
        elif model_field.many_to_many:
            values[model_field.name] = sorted(
                linked.pk for linked in getattr(obj, model_field.name).all()
            )
        else:
            values[model_field.name] = model_field.value_to_string(obj)
    encoded = json.dumps(values, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:20]


def lock_record(model, object_id, using):
    """Lock a record until the end of the transaction, as the transaction's first statement.

    PostgreSQL locks the row (`select_for_update`): a second save of the record waits here for
    the first to commit. SQLite has no row locks, and a transaction that has read cannot wait
    for the write lock (it fails at once, "database is locked"); so there a write comes first,
    which waits (the busy timeout) for a write in progress and then holds the database's write
    lock: two saves queue here on both databases, and the second then sees the first's values.
    """
    pk = model._meta.pk
    try:
        value = pk.to_python(object_id)
    except ValidationError:
        return  # the admin answers a malformed id itself
    rows = model._base_manager.using(using).filter(pk=value)
    if connections[using].features.has_select_for_update:
        list(rows.select_for_update().values_list("pk", flat=True))
    else:
        rows.update(**{pk.attname: F(pk.attname)})


@dataclass
class Part:
    """One part of a change page: the record or one inline row, as the database holds it."""

    obj: models.Model
    digest: str


@dataclass
class Opened:
    """The version a page was opened at, as its hidden input carries it."""

    at: datetime | None
    parts: dict | None  # None: unreadable, every part counts as changed

    @classmethod
    def read(cls, value):
        if value is None:
            return None
        try:
            data = signing.loads(value, salt=SALT)
            return cls(at=datetime.fromisoformat(data["at"]), parts=dict(data["parts"]))
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return cls(at=None, parts=None)


def version_token(parts):
    return signing.dumps(
        {
            "at": timezone.now().isoformat(),
            "parts": {key: part.digest for key, part in parts.items()},
        },
        salt=SALT,
        compress=True,
    )


@dataclass
class Change:
    """Who changed a part since the page was opened, and when (from the part's history)."""

    key: str  # the part (`part_key`)
    who: str
    when: datetime
    what: str  # "changed the production", "deleted AI use “…”"


@dataclass
class Conflict:
    changed: list = field(default_factory=list)  # keys whose values differ from the opened ones
    removed: list = field(default_factory=list)  # keys of rows deleted or moved elsewhere

    def __bool__(self):
        return bool(self.changed or self.removed)


def shown(value, choices=None):
    """A value as an editor reads it in the table of differences."""
    if choices and not isinstance(value, (list, tuple, models.QuerySet)):
        value = dict(choices).get(value, value)
    if value is None or value == "" or value == [] or value == ():
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        items = [shown(item, choices) for item in value]
        return ", ".join(items) if items else "(empty)"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


UNKNOWN = object()


def saved_python(obj, name):
    """A field's value as the database holds it now."""
    model_field = obj._meta.get_field(name)
    if isinstance(model_field, TaggableManager):
        return sorted(getattr(obj, name).names(), key=str.lower)
    if model_field.many_to_many:
        return list(getattr(obj, name).all())
    if model_field.is_relation:
        return getattr(obj, name)
    return getattr(obj, model_field.attname)


def version_python(version, name):
    """A field's value as a version in the history kept it (UNKNOWN where it kept none)."""
    if version is None:
        return UNKNOWN
    model_field = version.instance_type._meta.get_field(name)
    if model_field.many_to_many or isinstance(model_field, TaggableManager):
        kept = version.history_links.get(name, UNKNOWN)
        if kept is UNKNOWN or isinstance(model_field, TaggableManager):
            return kept
        return list(model_field.related_model._base_manager.filter(pk__in=kept))
    value = getattr(version, model_field.attname)
    if model_field.is_relation and value is not None:
        return model_field.related_model._base_manager.filter(pk=value).first()
    return value


def posted_python(form, name):
    """A field's value as the editor entered it, cleaned where it is valid, else as typed."""
    bound = form[name]
    try:
        return bound.field.clean(bound.data)
    except ValidationError:
        return bound.data


def comparable(value):
    if isinstance(value, models.Model):
        return ("pk", value.pk)
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        return sorted((comparable(item) for item in value), key=repr)
    return "" if value is None else value


def choices_of(model, name):
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if model_field.is_relation else model_field.flatchoices


@dataclass
class Difference:
    """A row of the conflict page's table."""

    what: str
    saved: str  # as saved now
    yours: str  # as posted, not saved
    by: str = ""  # who changed it after the page was opened: "ana", "you", "ana and you"


class EditConflictAdmin:
    """Mix into a catalog ModelAdmin (before admin.ModelAdmin): its change page carries the
    version it was opened at, and a save over a newer version is refused (module docstring)."""

    change_form_template = "admin/catalog/versioned_change_form.html"
    edit_conflict_template = "admin/catalog/edit_conflict.html"

    # What a change page saves ---------------------------------------------------------------

    def edited_parts(self, request, obj, lock=False):
        """The record and each inline row the editor may change or delete, keyed by
        `part_key`. With `lock`, the record and rows are locked first (held until the end of the
        transaction) and read again, so what is compared is what the save would overwrite."""
        if lock:
            obj = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
        form_class = self.get_form(request, obj, change=True)
        parts = {part_key(obj): Part(obj, fingerprint(obj, edited_fields(self.model, form_class)))}
        for formset_class, inline in self.get_formsets_with_inlines(request, obj):
            if not (
                inline.has_change_permission(request, obj)
                or inline.has_delete_permission(request, obj)
            ):
                continue  # view-only rows are not saved from this page
            formset = formset_class(instance=obj, queryset=inline.get_queryset(request))
            rows = formset.get_queryset()
            if lock:
                pks = [row.pk for row in rows]
                list(
                    inline.model._base_manager.select_for_update()
                    .filter(pk__in=pks)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
                rows = rows.all()  # read again, now that they are locked
            fields = edited_fields(
                inline.model, formset_class.form, skip=[getattr(formset, "fk", None)]
            )
            links = [model_field.name for model_field in fields if model_field.many_to_many]
            for row in rows.prefetch_related(*links):
                parts[part_key(row)] = Part(row, fingerprint(row, fields))
        return parts

    # The page: the version it was opened at -------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and self.has_change_permission(request, obj):
            posted = request.POST.get(VERSION_FIELD) if request.method == "POST" else None
            # Shown again after a refused form: still the version the editor opened.
            context[VERSION_FIELD] = posted or version_token(self.edited_parts(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    # The save: refused over a newer version --------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        opened = Opened.read(request.POST.get(VERSION_FIELD)) if request.method == "POST" else None
        if object_id is None or opened is None or not self.saves(request):
            # A form without a version (a script's post) is saved as before.
            return super().changeform_view(request, object_id, form_url, extra_context)
        using = router.db_for_write(self.model)
        with transaction.atomic(using=using):
            lock_record(self.model, unquote(object_id), using)
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_change_permission(request, obj):
                current = self.edited_parts(request, obj, lock=True)
                conflict = self.conflict(opened, current)
                if conflict:
                    return self.edit_conflict_response(request, opened, current, conflict)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def saves(self, request):
        """Whether a change page's post saves (not an action run from the page)."""
        if "_saveasnew" in request.POST:
            return False
        action = any(key == "action" or key.endswith("-action") for key in request.POST)
        return not action or any(button in request.POST for button in SAVE_BUTTONS)

    @staticmethod
    def conflict(opened, current):
        if opened.parts is None:
            return Conflict(changed=list(current))
        return Conflict(
            changed=[
                key
                for key, digest in opened.parts.items()
                if key in current and current[key].digest != digest
            ],
            removed=[key for key in opened.parts if key not in current],
        )

    # The refusal ----------------------------------------------------------------------------

    def edit_conflict_response(self, request, opened, current, conflict):
        record = next(iter(current.values())).obj
        changes = self.changes_since(opened, current, conflict)
        editors = []
        for change in changes:
            if change.who not in editors:
                editors.append(change.who)
        opts = self.model._meta
        change_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[record.pk],
            current_app=self.admin_site.name,
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Not saved: this {opts.verbose_name} was changed while you edited it",
            "opts": opts,
            "original": record,
            "change_url": change_url,
            "opened_at": opened.at,
            "unreadable": opened.parts is None,
            "changes": changes,
            "editors": editors,
            "differences": self.differences(request, record, opened, conflict, changes),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.edit_conflict_template, context, status=409)

    def changes_since(self, opened, current, conflict):
        """Who changed each conflicting part after the page was opened, from its history."""
        if opened.at is None:
            return []
        record_key = next(iter(current))
        changes = []
        for key in [*conflict.changed, *conflict.removed]:
            label, pk = key.split(":", 1)
            model = apps.get_model(label)
            history = getattr(model, "history", None)
            if history is None:
                continue
            versions = history.filter(**{model._meta.pk.attname: pk}).select_related("history_user")
            # None after the page was opened: a change its history does not record (a tag
            # merge, tags or links changed in code), named by no one.
            for version in versions.filter(history_date__gt=opened.at):
                if key == record_key:
                    what = f"the {model._meta.verbose_name}"
                else:
                    what = f"{model._meta.verbose_name} “{version.instance}”"
                what = f"{'deleted' if version.history_type == '-' else 'changed'} {what}"
                user = version.history_user
                changes.append(
                    Change(
                        key=key,
                        who=user.get_username() if user else "someone outside the admin",
                        when=version.history_date,
                        what=what,
                    )
                )
        changes.sort(key=lambda change: change.when)
        return changes

    def differences(self, request, record, opened, conflict, changes):
        """A Difference for every field whose saved value differs from the one the editor
        posted: the record's, and those of each inline row."""
        editors = {}
        for change in changes:
            names = editors.setdefault(change.key, [])
            if change.who not in names:
                names.append(change.who)
        table = Table(opened, conflict, editors)
        form_class = self.get_form(
            request,
            record,
            change=True,
            fields=flatten_fieldsets(self.get_fieldsets(request, record)),
        )
        form = form_class(request.POST, request.FILES, instance=record)
        for name in form.changed_data:
            table.add_field(form[name].label, record, form, name)
        prefixes = {}
        for formset_class, inline in self.get_formsets_with_inlines(request, record):
            prefix = formset_class.get_default_prefix()
            prefixes[prefix] = prefixes.get(prefix, 0) + 1
            if prefixes[prefix] != 1 or not prefix:
                prefix = f"{prefix}-{prefixes[prefix]}"
            formset = formset_class(**self.get_formset_kwargs(request, record, inline, prefix))
            table.add_rows(formset, inline.model)
        return table.rows


class Table:
    """The conflict page's table: saved values beside posted ones, and who changed each since
    the page was opened (the version the history held then, compared with both)."""

    def __init__(self, opened, conflict, editors):
        self.opened, self.conflict, self.editors = opened, conflict, editors
        self.rows = []
        self.versions = {}

    def opened_version(self, obj):
        """The version of `obj` its history held when the page was opened."""
        key = part_key(obj)
        if key not in self.versions:
            history = getattr(type(obj), "history", None)
            self.versions[key] = (
                history.filter(**{obj._meta.pk.attname: obj.pk}, history_date__lte=self.opened.at)
                .order_by("-history_date", "-history_id")
                .first()
                if history is not None and self.opened.at is not None
                else None
            )
        return self.versions[key]

    def by(self, key, theirs, yours):
        names = (self.editors.get(key) or ["someone"]) if theirs else []
        return " and ".join([*names, *(["you"] if yours else [])])

    def add_field(self, what, obj, form, name):
        saved, posted = saved_python(obj, name), posted_python(form, name)
        kept = version_python(self.opened_version(obj), name)
        by = ""
        if kept is not UNKNOWN:
            by = self.by(
                part_key(obj),
                comparable(saved) != comparable(kept),
                comparable(posted) != comparable(kept),
            )
        choices = choices_of(type(obj), name)
        self.rows.append(Difference(what, shown(saved, choices), shown(posted, choices), by))

    def add_rows(self, formset, model):
        verbose_name = capfirst(model._meta.verbose_name)
        pk_name = model._meta.pk.name
        for index, form in enumerate(formset.forms):
            deleting = DELETION_FIELD_NAME in form.fields and form[DELETION_FIELD_NAME].data
            if index < formset.initial_form_count():
                posted_pk = form[pk_name].data if pk_name in form.fields else None
                key = f"{model._meta.label_lower}:{posted_pk}"
                if key in self.conflict.removed:
                    yours = "delete it" if deleting else "keep it, with what you entered"
                    what = f"{verbose_name} #{posted_pk}"
                    by = self.by(key, True, False)
                    self.rows.append(Difference(what, "deleted or moved elsewhere", yours, by))
                    continue
                what = f"{verbose_name} “{form.instance}”"
                if deleting:
                    by = self.by(key, key in self.conflict.changed, True)
                    self.rows.append(Difference(what, "kept", "delete it", by))
                    continue
            elif not form.has_changed():
                continue
            else:
                what = f"New {model._meta.verbose_name}"
            for name in form.changed_data:
                if name == DELETION_FIELD_NAME or name not in form.fields:
                    continue
                label = f"{what}: {form[name].label}"
                if form.instance.pk is None:
                    choices = choices_of(model, name)
                    posted = shown(posted_python(form, name), choices)
                    self.rows.append(Difference(label, "(none)", posted, "you"))
                else:
                    self.add_field(label, form.instance, form, name)
