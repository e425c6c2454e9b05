from django.core.management import call_command

from catalog.management.commands._catalog import CatalogCommand

# What a backup holds: every catalog record with its links and version history, the tags,
# the editors' accounts and groups (history names who changed what), and the admin's log.
# Content types and permissions are rebuilt by `migrate`, so rows point at them by natural
# key; sessions and login-attempt logs are left out, and so is the catalog's version (cache
# state: the restoring database keeps its own, and the restore moves it on), and the kept
# tallies (made from the rows, and made again by the restore's recount).
BACKUP_APPS = ["catalog", "taggit", "auth.user", "auth.group", "admin.logentry"]
LEFT_OUT = ["catalog.CatalogVersion", "catalog.Tally"]


class Command(CatalogCommand):
    help = (
        "Write the whole catalog (records, links, tags, history, editors) to a JSON file; "
        "a name ending in .gz, .bz2, .xz or .lzma is compressed. "
        "Restore it with `manage.py restore_catalog FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the backup, e.g. backup.json.gz")

    def handle(self, *args, **options):
        call_command(
            "dumpdata",
            *BACKUP_APPS,
            exclude=LEFT_OUT,
            natural_foreign=True,
            indent=1,
            output=options["file"],
            verbosity=0,
        )
        if options["verbosity"]:
            self.stdout.write(f"Catalog written to {options['file']}.")
