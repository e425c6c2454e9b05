"""Keep each record's stored search vector, and its latest version's links and tags, current."""

from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record
from taggit.models import TaggedItem

from catalog.models import SEARCHABLE_MODELS, LinkedVersion, current_links
from catalog.search import TRIGRAM_THRESHOLD, refresh_search_vectors


@receiver(post_save)
def record_saved(sender, instance, raw=False, **kwargs):
    if sender in SEARCHABLE_MODELS and not raw:
        refresh_search_vectors(sender, [instance.pk])


@receiver(m2m_changed, sender=TaggedItem)
def tags_changed(sender, instance, action, **kwargs):
    model = type(instance)
    if model in SEARCHABLE_MODELS and action in {"post_add", "post_remove", "post_clear"}:
        refresh_search_vectors(model, [instance.pk])


def latest_version(history_model, record_id):
    pk = history_model.instance_type._meta.pk.attname
    return (
        history_model.objects.filter(**{pk: record_id})
        .order_by("-history_date", "-history_id")
        .first()
    )


@receiver(pre_create_historical_record)
def version_keeps_links(sender, instance, history_instance, **kwargs):
    """A new version starts with the record's links and tags as they are; a delete's version with
    those of the version before it (the link rows are gone when the delete's version is made)."""
    if not issubclass(sender, LinkedVersion):
        return
    if history_instance.history_type == "-":
        previous = latest_version(sender, instance.pk)
        history_instance.history_links = previous.history_links if previous else {}
    else:
        history_instance.history_links = current_links(instance)


@receiver(m2m_changed)
def links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Links and tags are saved after their record (the admin's save_related): bring the record's
    latest version up to date, so that it holds what the save left."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:
        # Changed from the linked side (`source.studios.add(studio)`): the records are `model`'s.
        # (A clear from that side, which nothing here does, names no records and is not kept.)
        records = model._base_manager.filter(pk__in=pk_set or ())
    else:
        records = [instance]
    for record in records:
        history = getattr(type(record), "history", None)
        if history is None or not issubclass(history.model, LinkedVersion):
            return
        version = latest_version(history.model, record.pk)
        if version is not None:
            version.history_links = current_links(record)
            version.save(update_fields=["history_links"])


@receiver(connection_created)
def set_trigram_threshold(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(TRIGRAM_THRESHOLD)],
            )
