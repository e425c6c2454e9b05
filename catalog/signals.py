"""What an edit of the catalog sets off: a new catalog version for the caches, fresh search
vectors, kept counts recounted, and refusals of deletes that would drop citations.

Each receiver is connected in CatalogConfig.ready() (catalog/apps.py) to the senders it
concerns, never to every model: a delete receiver without a sender would stop Django deleting
any model's rows (sessions, login attempts) in one query.

A load of many rows (the seed command, the tests' generated catalogs) runs in `batched()`: what
an edit sets off for each record (its search vector, its latest version's links, its kept
counts) is done once per record when the load ends, not once per row, tag or link it gains.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone
from taggit.models import TaggedItem

from catalog import counts, registry, tags
from catalog.cache import bump
from catalog.models import (
    SEARCHABLE_MODELS,
    CatalogVersion,
    FormerAddress,
    LinkedVersion,
    current_links,
    links_of,
    watched_models,
)
from catalog.search import (
    TRIGRAM_THRESHOLD,
    refresh_search_vectors,
    refresh_tagged_search_vectors,
)
from catalog.weburl import url_key


def watched_links():
    """The tables behind the watched models' many-to-many fields (a record's sources, a
    controversy's people, a production's studios): add(), remove(), clear() and set() change
    their rows in bulk, with m2m_changed as their only signal. Tags are not among them: their
    manager saves and deletes TaggedItem rows one by one, each with its own signals."""
    return {
        field.remote_field.through
        for model in watched_models()
        for field in model._meta.local_many_to_many
        if isinstance(field, models.ManyToManyField)
    }


def catalog_changed(sender, using, **kwargs):
    """post_save and post_delete of a watched model."""
    bump(using)


def links_changed(sender, action, using, **kwargs):
    """m2m_changed of a watched many-to-many table: once the rows have changed."""
    if action.startswith("post_"):
        bump(using)


def address_kept(sender, instance, created, raw=False, using=None, **kwargs):
    """post_save of a public record type: a renamed record's old slug keeps leading to it, and
    a record that takes a slug takes its address back from whatever left it."""
    key = registry.of(sender).key
    loaded = getattr(instance, "loaded_slug", None)
    renamed = loaded is not None and loaded != instance.slug
    if renamed:
        FormerAddress.objects.using(using).update_or_create(
            record_type=key,
            slug=loaded,
            defaults={
                "record_id": instance.pk,
                "name": str(instance)[:300],
                "reason": FormerAddress.Reason.RENAMED,
                "merged_into": None,
                "since": timezone.now(),
            },
        )
    if created or renamed:
        FormerAddress.objects.using(using).filter(record_type=key, slug=instance.slug).delete()
    instance.loaded_slug = instance.slug


def address_retired(sender, instance, using=None, **kwargs):
    """post_delete of a public record type: its addresses, the current one and any it was
    renamed from, answer 410 Gone from now on. (A merge deletes the duplicate this way too,
    then marks the same rows as merged, in its own transaction: catalog/merge.py.)"""
    key = registry.of(sender).key
    now = timezone.now()
    FormerAddress.objects.using(using).filter(record_type=key, record_id=instance.pk).update(
        reason=FormerAddress.Reason.DELETED, merged_into=None, since=now
    )
    FormerAddress.objects.using(using).update_or_create(
        record_type=key,
        slug=instance.slug,
        defaults={
            "record_id": instance.pk,
            "name": str(instance)[:300],
            "reason": FormerAddress.Reason.DELETED,
            "merged_into": None,
            "since": now,
        },
    )


def schema_changed(sender, using, **kwargs):
    """migrate and flush (which empties the version's table, not the cache table) start a new
    version too."""
    if CatalogVersion._meta.db_table in connections[using].introspection.table_names():
        bump(using)


# Within batched(): what to bring up to date when it ends. "vectors": {model: record ids} whose
# search vectors to refresh; "links": {(model, id): record} whose latest version takes its links.
_batch = ContextVar("signals_batch", default=None)


@contextmanager
def batched(using=DEFAULT_DB_ALIAS):
    """One transaction for a load of many rows. When it ends, each record saved, linked or
    tagged in it gets its search vector refreshed and its latest version given its links and
    tags once, and the kept counts are recounted once per parent (`counts.batched`). Inside
    the block these are stale, so its edits must not read them (nothing a load does does). A
    block within a block belongs to the outer one."""
    if _batch.get() is not None:
        yield
        return
    batch = {"vectors": {}, "links": {}}
    token = _batch.set(batch)
    try:
        with transaction.atomic(using=using), counts.batched(using=using):
            yield
            _batch.reset(token)
            token = None
            for model, pks in batch["vectors"].items():
                refresh_search_vectors(model, sorted(pks))
            loaded = {}
            for model, pk in batch["links"]:
                loaded.setdefault(model, []).append(pk)
            for model, pks in loaded.items():
                keep_links_of(model, pks)
    finally:
        if token is not None:
            _batch.reset(token)


def vector_changed(model, pk):
    if (batch := _batch.get()) is not None:
        batch["vectors"].setdefault(model, set()).add(pk)
    else:
        refresh_search_vectors(model, [pk])


def record_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        vector_changed(sender, instance.pk)


def source_url_keyed(sender, instance, **kwargs):
    """A source's URL in one spelling (catalog/weburl.py), fixtures and restores included."""
    instance.url_key = url_key(instance.url)


def tags_changed(sender, instance, action, **kwargs):
    model = type(instance)
    if model in SEARCHABLE_MODELS and action in {"post_add", "post_remove", "post_clear"}:
        vector_changed(model, instance.pk)


def tag_links(tag):
    """The (content_type_id, object_id) of every record carrying `tag`."""
    return list(TaggedItem.objects.filter(tag=tag).values_list("content_type_id", "object_id"))


def tag_changed(sender, instance, created, raw=False, **kwargs):
    """A renamed tag: the search entries of its records still hold the old name."""
    if not created and not raw:
        refresh_tagged_search_vectors(tag_links(instance), SEARCHABLE_MODELS)


def tag_deleting(sender, instance, **kwargs):
    """Note the records of a tag being deleted: its links to them go before it does."""
    instance.deleted_from = tag_links(instance)


def tag_deleted(sender, instance, **kwargs):
    """The records that carried a deleted tag: their search entries still hold its name."""
    refresh_tagged_search_vectors(getattr(instance, "deleted_from", []), SEARCHABLE_MODELS)


def fit_tag_slug(sender, instance, raw=False, **kwargs):
    """A slug made from a 100-character name can run past the column (NFKC widens "㍿" to
    four letters; taggit adds "_1" to a taken slug), which PostgreSQL refuses: shorten it,
    keeping it unique. A new tag with no slug would break every page that links to it."""
    if raw:
        return
    if not instance.slug:
        raise ValueError(f"The tag “{instance.name}” needs a slug: its name makes none.")
    if len(instance.slug) > tags.MAX_LENGTH:
        others = sender.objects.exclude(pk=instance.pk)
        instance.slug = tags.fitting_slug(
            instance.slug, taken=lambda slug: others.filter(slug=slug).exists()
        )


def versioned_models(models):
    """Of `models`, those whose versions keep their links (models.LinkedVersion)."""
    return [
        model
        for model in models
        if issubclass(getattr(getattr(model, "history", None), "model", object), LinkedVersion)
    ]


def latest_version(history_model, record_id):
    pk = history_model.instance_type._meta.pk.attname
    return (
        history_model.objects.filter(**{pk: record_id})
        .order_by("-history_date", "-history_id")
        .first()
    )


def version_keeps_links(sender, instance, history_instance, **kwargs):
    """pre_create_historical_record: a new version starts with the record's links and tags as
    they are; a delete's version with those of the version before it (the link rows are gone
    when the delete's version is made). Inside `batched()` the new version gets them when the
    next version is made or the block ends, with whatever the load added in between; the
    version before it gets them now."""
    if not issubclass(sender, LinkedVersion):
        return
    if history_instance.history_type == "-":
        previous = latest_version(sender, instance.pk)
        history_instance.history_links = previous.history_links if previous else {}
    elif (batch := _batch.get()) is not None:
        key = type(instance), instance.pk
        if batch["links"].pop(key, None) is not None:
            keep_links(sender, instance)
        batch["links"][key] = instance
    else:
        history_instance.history_links = current_links(instance)


def version_links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """m2m_changed of a watched link table or the tags: links and tags are saved after their
    record (the admin's save_related), so bring the record's latest version up to date, so
    that it holds what the save left."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:
        # Changed from the linked side (`source.studios.add(studio)`): the records are `model`'s.
        # (A clear from that side, which nothing here does, names no records and is not kept.)
        records = model._base_manager.filter(pk__in=pk_set or ())
    else:
        records = [instance]
    for record in records:
        keep_links_in_latest_version(record)


@cache
def linked_versions(model):
    """The model's historical model when its versions keep their links, else None. Read once
    per model: each read of `Model.history` builds a manager class anew (~1 ms)."""
    history = getattr(model, "history", None)
    if history is None or not issubclass(history.model, LinkedVersion):
        return None
    return history.model


def keep_links_in_latest_version(record):
    """The record's latest version takes the links and tags it has now (inside `batched()`,
    when the block ends)."""
    history_model = linked_versions(type(record))
    if history_model is None:
        return
    if (batch := _batch.get()) is not None:
        batch["links"][type(record), record.pk] = record
    else:
        keep_links(history_model, record)


def keep_links(history_model, record):
    keep_links_of(history_model.instance_type, [record.pk])


def keep_links_of(model, pks, chunk=500):
    """The latest version of each of `model`'s records `pks` takes the links and tags the
    record has now: a few queries per `chunk` records (a load ends with thousands)."""
    history_model = linked_versions(model)
    pk = model._meta.pk.attname
    for start in range(0, len(pks), chunk):
        some = pks[start : start + chunk]
        latest = {}
        rows = history_model.objects.filter(**{f"{pk}__in": some}).values_list(
            pk, "history_date", "history_id"
        )
        for record_id, *when in rows:
            latest[record_id] = max(latest.get(record_id, when), when)
        links = links_of(model, list(latest))
        versions = [
            history_model(history_id=history_id, history_links=links[record_id])
            for record_id, (_date, history_id) in latest.items()
        ]
        history_model.objects.bulk_update(versions, ["history_links"])


def linked_version_deleting(sender, instance, **kwargs):
    """pre_delete of a record with a history, inside `batched()`: its latest version takes its
    links now, while they are there, as the delete's version starts with them."""
    batch = _batch.get()
    if batch is not None and batch["links"].pop((sender, instance.pk), None) is not None:
        keep_links(linked_versions(sender), instance)


def citation_saved(sender, instance, raw=False, **kwargs):
    """post_save of a citation saved as a row of its own (the admin's citations inline, after
    its record): the record's latest version keeps the sources it now cites."""
    if not raw:
        keep_links_in_latest_version(instance.record)


def set_trigram_threshold(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(TRIGRAM_THRESHOLD)],
            )


# --- Counts kept on write (catalog/counts.py) ----------------------------------------------------


def counted_row_saving(sender, instance, raw=False, using=None, **kwargs):
    """pre_save of a counted model: the keys the row had, if it was not loaded with them
    (models.LoadedKeys remembers them for the catalog's own models; taggit's TaggedItem is
    looked up)."""
    if raw or instance._state.adding or instance.pk is None:
        return
    if getattr(instance, "loaded_keys", None) is None:
        rows = sender._base_manager.using(using).filter(pk=instance.pk)
        instance.loaded_keys = rows.values(*counts.KEYS[sender]).first() or {}


def counted_row_saved(sender, instance, raw=False, using=None, **kwargs):
    """post_save of a counted model (an AI use, a studio role, a quote, a citation, a tag on a
    record...): recount what it counts towards, before and after a move to another parent.
    Raw saves (loaddata) are recounted by the command as a whole."""
    if raw:
        return
    now = counts.keys_of(instance)
    before = getattr(instance, "loaded_keys", None)
    counts.recount_parents(sender, [now, before] if before else [now], using=using)
    instance.loaded_keys = now


def counted_row_deleted(sender, instance, using=None, **kwargs):
    """post_delete of a counted model or link table, a cascade's included."""
    counts.recount_row(instance, using=using)


def tag_link_deleting(sender, instance, using=None, **kwargs):
    """pre_delete of a tag link: the pairs its tag made with the record's other tags are
    recounted after the delete, which may take those tags too (counts.note_record_tags)."""
    counts.note_record_tags(instance, using=using)


def link_keys(through, instance):
    """The two keys of a link table: the one pointing at `instance`'s model, and the other."""
    keys = [field for field in through._meta.concrete_fields if field.many_to_one]
    own = next(field for field in keys if isinstance(instance, field.related_model))
    return own, next(field for field in keys if field is not own)


def counted_links_changed(sender, instance, action, pk_set, using=None, **kwargs):
    """m2m_changed of a counted link table (a controversy's studios, a record's sources), from
    either side. add() inserts rows in bulk, with this as its only signal. Removing rows from a
    table Django made for a many-to-many field sends no post_delete either, so remove() and
    clear() are recounted here for those (clear() names no rows: they are noted before it);
    a citation model's rows send post_delete (`counted_row_deleted`)."""
    own, other = link_keys(sender, instance)
    if action == "pre_clear" and sender._meta.auto_created:
        rows = sender._base_manager.using(using).filter(**{own.attname: instance.pk})
        instance.__dict__.setdefault("cleared_links", {})[sender] = list(
            rows.values(own.attname, other.attname)
        )
    elif action == "post_clear" and sender._meta.auto_created:
        rows = instance.__dict__.get("cleared_links", {}).pop(sender, [])
        counts.recount_parents(sender, rows, using=using)
    elif action == "post_add" or (action == "post_remove" and sender._meta.auto_created):
        rows = [{own.attname: instance.pk, other.attname: pk} for pk in pk_set or ()]
        counts.recount_parents(sender, rows, using=using)


def linked_record_deleting(sender, instance, using=None, **kwargs):
    """pre_delete of a record in a counted many-to-many link (a controversy): Django deletes
    its link rows with it and sends no signal for them. Note them for `linked_record_deleted`."""
    noted = []
    for through, key in counts.LINKS_TO.get(sender, ()):
        attnames = [attname for _model, attname in counts.PARENTS[through]]
        rows = through._base_manager.using(using).filter(**{key.attname: instance.pk})
        noted.append((through, list(rows.values(*attnames))))
    instance.deleted_links = noted


def linked_record_deleted(sender, instance, using=None, **kwargs):
    """post_delete of a record in a counted many-to-many link: recount what its links counted
    towards (a controversy's studios, people, tools and productions)."""
    for through, rows in getattr(instance, "deleted_links", ()):
        counts.recount_parents(through, rows, using=using)


def record_added(sender, instance, created, raw=False, using=None, **kwargs):
    """post_save of a listed record: a new one is counted (counts.recount_records)."""
    if created and not raw:
        counts.recount_records(sender, using=using)


def record_removed(sender, instance, using=None, **kwargs):
    """post_delete of a listed record."""
    counts.recount_records(sender, using=using)
