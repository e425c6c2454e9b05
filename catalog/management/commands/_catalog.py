"""What the catalog's commands share (a module whose name starts with `_` is not a command)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor


class CatalogCommand(BaseCommand):
    """A command that reads or writes the catalog. On a database that lacks migrations (a new
    one nobody migrated yet), it stops with one line saying to migrate, instead of the
    traceback of the first missing table."""

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except DatabaseError as error:
            unapplied = unapplied_migrations(options.get("database") or DEFAULT_DB_ALIAS)
            if not unapplied:
                raise
            first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise CommandError(
                f"The database lacks {len(unapplied)} migration(s), from "
                f"{unapplied[0]} on: run `python manage.py migrate` first. ({first_line})"
            ) from error


def unapplied_migrations(alias):
    """The migrations not applied to the database, in the order they apply ("app.name"); []
    when they all are, or when the database cannot say (the error that led here stands)."""
    connection = connections[alias]
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return []
    return [f"{migration.app_label}.{migration.name}" for migration, backwards in plan]
