from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Connect each receiver (catalog/signals.py) to the senders it concerns."""
        from django.db.backends.signals import connection_created
        from django.db.models.signals import (
            m2m_changed,
            post_delete,
            post_migrate,
            post_save,
            pre_delete,
            pre_save,
        )
        from taggit.models import Tag, TaggedItem

        from catalog import signals
        from catalog.models import SEARCHABLE_MODELS, Source, watched_models

        for model in watched_models():
            post_save.connect(signals.catalog_changed, sender=model)
            post_delete.connect(signals.catalog_changed, sender=model)
        for through in signals.watched_links():
            m2m_changed.connect(signals.links_changed, sender=through)
        post_migrate.connect(signals.schema_changed, sender=self)
        for model in SEARCHABLE_MODELS:
            post_save.connect(signals.record_saved, sender=model)
        m2m_changed.connect(signals.tags_changed, sender=TaggedItem)
        pre_save.connect(signals.fit_tag_slug, sender=Tag)
        post_save.connect(signals.tag_changed, sender=Tag)
        pre_delete.connect(signals.tag_deleting, sender=Tag)
        post_delete.connect(signals.tag_deleted, sender=Tag)
        pre_delete.connect(signals.refuse_to_delete_cited_source, sender=Source)
        connection_created.connect(signals.set_trigram_threshold)
