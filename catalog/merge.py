"""Merging a duplicate record into the record to keep.

Every row that points at the duplicate is moved to the kept record: claims and link rows
(AI uses, quotes, figures, likeness records, responses, rule links, studio roles, credits), its
many-to-many links (a controversy's studios, people, tools and productions, from either side),
its citations, its tags, and the history of those rows and of the duplicate itself. The ways
rows point at a record are read from the model's `_meta` (`links()`: every reverse relation,
hidden ones included, and every generic relation, taggit's among them), so a link added later
moves too; `tests/test_record_merge.py` fails if one is left pointing at the duplicate.

A row may take a unique slot the kept record already fills (both records cite one source,
carry one tag, link one studio in one role, hold a likeness record of one performer of one
kind). If the two rows say the same thing (`same()`), they become one: the duplicate's row is
merged into the kept record's row the same way, its own links included, then deleted. If they
differ, keeping both is impossible and dropping one would lose what it says: the merge is
refused (`MergeRefused`, naming both rows) and nothing changes.

Then the duplicate is deleted, its addresses and permanent identifier are recorded as merged
into the kept record (`FormerAddress`, so they answer 301: catalog/addresses.py), and the kept
record is saved with a history entry saying what was merged into it, all in one transaction,
which moves the catalog's version once (catalog/cache.py).
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from catalog import counts, registry
from catalog.models import AITool, Citation, Controversy, FormerAddress, Person, Production, Studio

MERGEABLE = (Production, Studio, AITool, Person, Controversy)


class MergeRefused(Exception):
    """The merge would lose information, or cannot be made; the message says why."""


@dataclass(frozen=True)
class Link:
    """One way rows point at a record: the rows of `model` whose `field` holds its id (and
    whose `content_type`, for a generic relation, is the record's type)."""

    model: type
    field: models.Field
    content_type_field: str = ""

    def rows(self, record):
        lookup = {self.field.attname: record.pk}
        if self.content_type_field:
            lookup[self.content_type_field] = ContentType.objects.get_for_model(type(record))
        return self.model._base_manager.filter(**lookup)

    @property
    def is_history(self):
        return hasattr(self.model, "instance_type")

    @property
    def label(self):
        """What a row of this link is, as the confirmation page lists it."""
        meta = self.model._meta
        if self.is_history:
            return _("history entries of %(rows)s") % {
                "rows": self.model.instance_type._meta.verbose_name_plural
            }
        if meta.auto_created:  # a many-to-many field's own table: name what it links to
            other = next(
                f for f in meta.concrete_fields if f.is_relation and f.name != self.field.name
            )
            return str(capfirst(other.related_model._meta.verbose_name_plural))
        if issubclass(self.model, Citation):
            return _("Citations (sources cited)")
        if self.content_type_field and meta.model_name == "taggeditem":
            return _("Tags")
        rows = str(capfirst(meta.verbose_name_plural))
        if sum(1 for f in meta.concrete_fields if f.related_model is self.field.related_model) > 1:
            return f"{rows} ({self.field.verbose_name})"
        return rows


def links(model):
    """Every way rows point at a record of `model`, from its `_meta`: reverse foreign keys
    (claims, link rows, citations, history, many-to-many tables from either side) and generic
    relations (tags)."""
    found = []
    for relation in model._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and relation.is_relation:
            if relation.one_to_many or relation.one_to_one:
                found.append(Link(relation.related_model, relation.field))
            # A many-to-many relation's rows are its table's, a one-to-many relation above.
    for private in model._meta.private_fields:
        if isinstance(private, GenericRelation):
            rows = private.related_model
            found.append(
                Link(
                    rows,
                    rows._meta.get_field(private.object_id_field_name),
                    content_type_field=private.content_type_field_name,
                )
            )
    return found


def unique_slots(model, pointing):
    """The unique constraints of `model` a row's `pointing` field takes part in, as (field
    names, condition) pairs."""
    slots = [(tuple(names), Q()) for names in model._meta.unique_together if pointing.name in names]
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and pointing.name in constraint.fields:
            slots.append((tuple(constraint.fields), constraint.condition or Q()))
    if pointing.unique:
        slots.append(((pointing.name,), Q()))
    return slots


def compared_fields(model, pointing):
    """The fields two rows in one slot must share to say the same thing."""
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.editable and f.name != pointing.name
    ]


def same(row, other, pointing):
    return all(
        getattr(row, f.attname) == getattr(other, f.attname)
        for f in compared_fields(type(row), pointing)
    )


def differences(row, other, pointing):
    return [
        str(f.verbose_name)
        for f in compared_fields(type(row), pointing)
        if getattr(row, f.attname) != getattr(other, f.attname)
    ]


def rival(link, row, kept):
    """The row pointing at `kept` that `row` would collide with once moved, or None."""
    manager = link.model._base_manager
    for names, condition in unique_slots(link.model, link.field):
        if condition and not manager.filter(condition, pk=row.pk).exists():
            continue
        lookup = {}
        for name in names:
            attname = link.model._meta.get_field(name).attname
            lookup[attname] = kept.pk if name == link.field.name else getattr(row, attname)
        other = manager.filter(condition).filter(**lookup).exclude(pk=row.pk).first()
        if other is not None:
            return other
    return None


@dataclass
class Moved:
    label: str
    moved: int = 0
    combined: int = 0  # identical to a row of the kept record: the two became one


@dataclass
class Plan:
    """What a merge moves, per kind of link, and what refuses it."""

    duplicate: models.Model
    kept: models.Model
    kinds: dict = field(default_factory=dict)  # label -> Moved
    history: int = 0  # the duplicate's own history entries
    conflicts: list = field(default_factory=list)

    def count(self, link, moved=0, combined=0):
        entry = self.kinds.setdefault(link.label, Moved(link.label))
        entry.moved += moved
        entry.combined += combined

    @property
    def links(self):
        return [entry for entry in self.kinds.values() if entry.moved or entry.combined]


def conflict_message(link, row, other, pointing):
    return _(
        "%(kind)s: “%(theirs)s” and “%(ours)s” would take the same place but differ "
        "(%(fields)s). Edit one so they agree, or delete one, then merge again."
    ) % {
        "kind": link.label,
        "theirs": other,
        "ours": row,
        "fields": ", ".join(differences(row, other, pointing)),
    }


def move_links(duplicate, kept, plan, apply):
    """Move (or, without `apply`, count) every row pointing at `duplicate` to `kept`."""
    for link in links(type(duplicate)):
        movable = []
        for row in link.rows(duplicate).order_by("pk"):
            other = None if link.is_history else rival(link, row, kept)
            if other is None:
                movable.append(row.pk)
            elif same(row, other, link.field):
                plan.count(link, combined=1)
                absorb(row, other, plan, apply)
            else:
                message = conflict_message(link, row, other, link.field)
                if apply:
                    raise MergeRefused(message)
                plan.conflicts.append(message)
        plan.count(link, moved=len(movable))
        if apply and movable:
            before = counts.keys_of_rows(link.model, movable)
            link.model._base_manager.filter(pk__in=movable).update(**{link.field.attname: kept.pk})
            # update() sends no signal: the counts of the rows moved (the kept record's, a
            # distinct count of their other parents', the tallies of their pairs of keys) are
            # recounted here, as they were and as they are.
            counts.recount_rows(link.model, movable, before)


def absorb(row, other, plan, apply):
    """Two rows saying the same thing become one: `row`'s own links move to `other`, then
    `row` is deleted (its history moves with it)."""
    move_links(row, other, plan, apply)
    if apply:
        pk = row.pk
        history = move_history(row, other)
        row.delete()
        drop_deletion_entry(history, pk)
        counts.recount_row(row)  # a link row of a many-to-many table is deleted with no signal


def history_model(record):
    history = getattr(type(record), "history", None)
    return getattr(history, "model", None)


def move_history(duplicate, kept):
    """The duplicate's history entries become the kept record's; the history model or None."""
    model = history_model(duplicate)
    if model is not None:
        pk = model.instance_type._meta.pk.attname
        model._base_manager.filter(**{pk: duplicate.pk}).update(**{pk: kept.pk})
    return model


def drop_deletion_entry(model, pk):
    """A merge's delete is not the end of what the duplicate said: the delete's history entry
    (the only one left under its id) goes."""
    if model is not None:
        name = model.instance_type._meta.pk.attname
        model._base_manager.filter(**{name: pk}, history_type="-").delete()


def check(duplicate, kept):
    if type(duplicate) is not type(kept) or type(kept) not in MERGEABLE:
        raise MergeRefused(_("Only two records of the same type can be merged."))
    if duplicate.pk == kept.pk:
        raise MergeRefused(_("A record cannot be merged into itself: choose two records."))


def plan(duplicate, kept):
    """What merging `duplicate` into `kept` would move, without changing anything."""
    check(duplicate, kept)
    result = Plan(duplicate, kept)
    move_links(duplicate, kept, result, apply=False)
    model = history_model(duplicate)
    if model is not None:
        pk = model.instance_type._meta.pk.attname
        result.history = model._base_manager.filter(**{pk: duplicate.pk}).count()
    return result


def merge(duplicate, kept):
    """Merge `duplicate` into `kept` in one transaction, or refuse (MergeRefused) and change
    nothing. Returns the Plan carried out."""
    check(duplicate, kept)
    model = type(kept)
    record_type = registry.of(kept)
    with transaction.atomic():
        locked = model._base_manager.select_for_update().filter(pk__in=[duplicate.pk, kept.pk])
        if len(list(locked.order_by("pk").values_list("pk", flat=True))) != 2:
            raise MergeRefused(_("One of the two records no longer exists."))
        duplicate = model._base_manager.get(pk=duplicate.pk)
        kept = model._base_manager.get(pk=kept.pk)
        result = plan(duplicate, kept)
        if result.conflicts:
            raise MergeRefused(result.conflicts[0])
        move_links(duplicate, kept, Plan(duplicate, kept), apply=True)
        name = str(duplicate)
        identifier = record_type.permanent_id(duplicate)
        history = move_history(duplicate, kept)
        gone_pk = duplicate.pk
        duplicate.delete()  # signals.address_retired records its addresses as deleted...
        drop_deletion_entry(history, gone_pk)
        # ...which, in this same transaction, become merged into the kept record.
        FormerAddress.objects.filter(record_type=record_type.key, record_id=gone_pk).update(
            reason=FormerAddress.Reason.MERGED, merged_into=kept.pk
        )
        FormerAddress.objects.filter(
            record_type=record_type.key, reason=FormerAddress.Reason.MERGED, merged_into=gone_pk
        ).update(merged_into=kept.pk)
        short = name if len(name) <= 60 else name[:59] + "…"
        kept._change_reason = _("Merged “%(name)s” (%(id)s) into this record") % {
            "name": short,
            "id": identifier,
        }
        kept.save()
    return result
