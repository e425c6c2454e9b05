from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from catalog import cache, signals  # noqa: F401
        from catalog.models import protect_many_to_many_links

        protect_many_to_many_links(self.get_models())
