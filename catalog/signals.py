"""Keep each record's stored search vector current when it or its tags change."""

from django.db.backends.signals import connection_created
from django.db.models import ProtectedError
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from taggit.models import Tag, TaggedItem

from catalog import tags
from catalog.models import SEARCHABLE_MODELS, Source
from catalog.search import (
    TRIGRAM_THRESHOLD,
    refresh_search_vectors,
    refresh_tagged_search_vectors,
)


@receiver(post_save)
def record_saved(sender, instance, raw=False, **kwargs):
    if sender in SEARCHABLE_MODELS and not raw:
        refresh_search_vectors(sender, [instance.pk])


@receiver(m2m_changed, sender=TaggedItem)
def tags_changed(sender, instance, action, **kwargs):
    model = type(instance)
    if model in SEARCHABLE_MODELS and action in {"post_add", "post_remove", "post_clear"}:
        refresh_search_vectors(model, [instance.pk])


def tag_links(tag):
    """The (content_type_id, object_id) of every record carrying `tag`."""
    return list(TaggedItem.objects.filter(tag=tag).values_list("content_type_id", "object_id"))


@receiver(post_save, sender=Tag)
def tag_changed(sender, instance, created, raw=False, **kwargs):
    """A renamed tag: the search entries of its records still hold the old name."""
    if not created and not raw:
        refresh_tagged_search_vectors(tag_links(instance))


@receiver(pre_delete, sender=Tag)
def tag_deleting(sender, instance, **kwargs):
    """Note the records of a tag being deleted: its links to them go before it does."""
    instance.deleted_from = tag_links(instance)


@receiver(post_delete, sender=Tag)
def tag_deleted(sender, instance, **kwargs):
    """The records that carried a deleted tag: their search entries still hold its name."""
    refresh_tagged_search_vectors(getattr(instance, "deleted_from", []))


@receiver(pre_save, sender=Tag)
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


@receiver(pre_delete, sender=Source)
def refuse_to_delete_cited_source(sender, instance, **kwargs):
    """Citations are many-to-many rows, which Django would drop silently: refuse instead."""
    citing = instance.citing_records()
    if citing:
        names = ", ".join(str(record) for record in citing[:10])
        raise ProtectedError(
            f"Cannot delete the source “{instance}”: it is still cited by {names}.", citing
        )


@receiver(connection_created)
def set_trigram_threshold(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(TRIGRAM_THRESHOLD)],
            )
