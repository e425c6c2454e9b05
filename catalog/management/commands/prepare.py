"""`manage.py prepare`: what a server needs before it serves, in one process (`make serve`)."""

from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Make this server ready to serve: the system checks (an error stops here), the "
        "migrations, the cache table and the static files, in that order. `make serve` runs "
        "it before it starts gunicorn: one process where four separate commands each started "
        "Django again."
    )
    requires_system_checks = []  # the first step below, as `check --fail-level ERROR`

    def handle(self, *args, verbosity, **options):
        # Warnings and errors go to stderr; only the "no issues" line is left out.
        call_command("check", fail_level="ERROR", stdout=StringIO())
        call_command("migrate", interactive=False, verbosity=verbosity)
        call_command("createcachetable", verbosity=verbosity)
        call_command("collectstatic", interactive=False, verbosity=0)
