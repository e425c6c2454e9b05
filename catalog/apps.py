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
        from simple_history.signals import pre_create_historical_record
        from taggit.models import Tag, TaggedItem

        from catalog import counts, registry, signals
        from catalog.models import (
            CITATION_MODELS,
            SEARCHABLE_MODELS,
            Source,
            protect_many_to_many_links,
            watched_models,
        )

        for model in watched_models():
            post_save.connect(signals.catalog_changed, sender=model)
            post_delete.connect(signals.catalog_changed, sender=model)
        for through in signals.watched_links():
            m2m_changed.connect(signals.links_changed, sender=through)
        post_migrate.connect(signals.schema_changed, sender=self)
        # Published addresses keep answering after a rename or a delete.
        for record_type in registry.TYPES:
            post_save.connect(signals.address_kept, sender=record_type.model)
            post_delete.connect(signals.address_retired, sender=record_type.model)
        for model in SEARCHABLE_MODELS:
            post_save.connect(signals.record_saved, sender=model)
        m2m_changed.connect(signals.tags_changed, sender=TaggedItem)
        pre_save.connect(signals.fit_tag_slug, sender=Tag)
        pre_save.connect(signals.source_url_keyed, sender=Source)
        post_save.connect(signals.tag_changed, sender=Tag)
        pre_delete.connect(signals.tag_deleting, sender=Tag)
        post_delete.connect(signals.tag_deleted, sender=Tag)
        # History: each version keeps the record's links and tags.
        pre_create_historical_record.connect(signals.version_keeps_links)
        for through in [*signals.watched_links(), TaggedItem]:
            m2m_changed.connect(signals.version_links_changed, sender=through)
        for model in signals.versioned_models(self.get_models()):
            pre_delete.connect(signals.linked_version_deleting, sender=model)
        for citation in CITATION_MODELS:  # saved one by one (the admin's inline, the seed)
            post_save.connect(signals.catalog_changed, sender=citation)
            post_save.connect(signals.citation_saved, sender=citation)
        connection_created.connect(signals.set_trigram_threshold)
        # Kept counts (catalog/counts.py): every row that counts towards one, link rows
        # included, and the records whose delete takes link rows with it without a signal.
        for counted in counts.PARENTS:
            if counted._meta.auto_created or counted in CITATION_MODELS:
                m2m_changed.connect(signals.counted_links_changed, sender=counted)
            if not counted._meta.auto_created:  # whose rows Django sends no signals for
                pre_save.connect(signals.counted_row_saving, sender=counted)
                post_save.connect(signals.counted_row_saved, sender=counted)
                post_delete.connect(signals.counted_row_deleted, sender=counted)
        # The pairs of tags a record's tags make: its tags noted before a delete takes one.
        pre_delete.connect(signals.tag_link_deleting, sender=TaggedItem)
        for record_type in registry.LISTED:  # the home page's count of each type
            post_save.connect(signals.record_added, sender=record_type.model)
            post_delete.connect(signals.record_removed, sender=record_type.model)
        for linked in counts.LINKS_TO:
            pre_delete.connect(signals.linked_record_deleting, sender=linked)
            post_delete.connect(signals.linked_record_deleted, sender=linked)
        # A delete is refused while any many-to-many link points at the record.
        protect_many_to_many_links(self.get_models())
