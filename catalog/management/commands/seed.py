from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from catalog.models import SEARCHABLE_MODELS
from catalog.search import refresh_all_search_vectors

SEED_FIXTURE = settings.BASE_DIR / "fixtures" / "seed.json"


class Command(BaseCommand):
    help = (
        "Load the seed data (fixtures/seed.json) and refresh the search index. "
        "Safe to run again: records keep their ids, so a second run changes nothing."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            call_command("loaddata", SEED_FIXTURE, verbosity=options["verbosity"])
            refresh_all_search_vectors(SEARCHABLE_MODELS)
