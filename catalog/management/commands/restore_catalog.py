from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from taggit.models import Tag

from catalog.cache import bump
from catalog.counts import recount_all
from catalog.management.commands._catalog import CatalogCommand
from catalog.models import SEARCHABLE_MODELS
from catalog.search import refresh_all_search_vectors

# Rows `migrate` itself creates (the five stages, the editors' group, the catalog's version): a
# fresh database has them, and the backup's copies replace them (the version is not backed up).
CREATED_BY_MIGRATIONS = {"stage", "historicalstage", "catalogversion"}


def rows_present():
    """Models (other than those migrations fill) that already hold rows, with their counts."""
    models = [
        model
        for model in apps.get_app_config("catalog").get_models()
        if model._meta.model_name not in CREATED_BY_MIGRATIONS
    ]
    models += [Tag, get_user_model()]
    counts = [(model._meta.verbose_name_plural, model._default_manager.count()) for model in models]
    return [(name, count) for name, count in counts if count]


class Command(CatalogCommand):
    help = (
        "Restore a backup written by backup_catalog into an empty, migrated database, "
        "then rebuild the search index. Refuses a database that already holds records."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a file written by backup_catalog")

    def handle(self, *args, **options):
        present = rows_present()
        if present:
            listed = ", ".join(f"{count} {name}" for name, count in present[:5])
            raise CommandError(
                f"This database is not empty (it holds {listed}). Restore into a new, migrated "
                "database (createdb, then manage.py migrate) so nothing is overwritten or mixed."
            )
        # Content types are looked up by natural key: drop ids cached before a flush or migrate.
        ContentType.objects.clear_cache()
        with transaction.atomic():
            call_command("loaddata", options["file"], verbosity=0)
            recount_all()  # loaddata's raw saves leave the kept counts to be counted here
            refresh_all_search_vectors(SEARCHABLE_MODELS)
            bump()  # no page or aggregate cached before the restore is served after it
        if options["verbosity"]:
            self.stdout.write(f"Catalog restored from {options['file']}.")
