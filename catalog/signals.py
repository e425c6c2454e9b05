"""Keep each record's stored search vector current when it or its tags change."""

from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from taggit.models import TaggedItem

from catalog.models import SEARCHABLE_MODELS
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


@receiver(connection_created)
def set_trigram_threshold(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(TRIGRAM_THRESHOLD)],
            )
