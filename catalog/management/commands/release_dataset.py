"""Write a dated, immutable release of the public catalog (catalog/releases.py)."""

from django.conf import settings
from django.core.management.base import CommandError

from catalog.management.commands._catalog import CatalogCommand
from catalog.releases import ReleaseError, make_release


class Command(CatalogCommand):
    help = (
        "Write a release of the whole public catalog under RELEASES_DIR: a SQLite database "
        "with full-text search, one CSV per table, datapackage.json, the changes since the "
        "previous release, CITATION.cff and SHA256SUMS. Existing releases are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL,
            help="The site's public address, e.g. https://inframe.example.org (default: SITE_URL).",
        )
        parser.add_argument(
            "--quiet", action="store_true", help="Print only the release's folder at the end."
        )

    def handle(self, *args, site_url, quiet, **options):
        if not site_url:
            raise CommandError(
                "Give the site's public address, which the release's links start with: "
                "--site-url https://inframe.example.org, or set SITE_URL."
            )
        loud = not quiet and options["verbosity"] > 0

        def progress(line):
            if loud:
                self.stdout.write(line)
                self.stdout.flush()

        try:
            folder = make_release(site_url, progress)
        except ReleaseError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"] > 0:
            self.stdout.write(str(folder))
