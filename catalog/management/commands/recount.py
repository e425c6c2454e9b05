from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS

from catalog.counts import differences, recount_all
from catalog.management.commands._catalog import CatalogCommand


class Command(CatalogCommand):
    help = (
        "Rebuild every kept count (a production's AI uses, a studio's productions, a tag's "
        "records...) from the rows: one UPDATE per model. With --check, change nothing and "
        "list each count that differs from a fresh count (exit status 1 if any does)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="report counts that differ from a fresh count instead of rebuilding them",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, check, database, verbosity, **options):
        if check:
            found = differences(using=database)
            for model, pk, column, kept, fresh in found:
                self.stdout.write(
                    f"{model._meta.label} {pk}: {column} is {kept}, a fresh count gives {fresh}"
                )
            if found:
                differ = "kept count differs" if len(found) == 1 else "kept counts differ"
                raise CommandError(f"{len(found)} {differ} from a fresh count.")
            if verbosity:
                self.stdout.write("Every kept count equals a fresh count.")
            return
        recount_all(using=database)
        if verbosity:
            self.stdout.write("Every kept count rebuilt.")
