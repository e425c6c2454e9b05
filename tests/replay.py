"""A load's writes, recorded once and written again: test data for the cost of a few statements.

The first time `Replay.load` runs on a database in a given state (the number of rows of every
table) it calls the load (the seed command, say) and notes, table by table,
the rows the load added and the rows it changed, as the database stores them (PostgreSQL's COPY
text, SQLite's values). When it runs again on a database in that state, it writes those rows
again instead, after checking that none of the added rows is there and the changed ones are as
they were; otherwise it calls the load. Either way the catalog's version then moves on, as after
a load, so no page an earlier test rendered comes out of the page cache.

The end is the same rows the load writes, ids and kept counts included, so tests read the same
data; it is only cheaper to get there. The catalog's version row is left out of the record (it
only ever moves on), and a load that deletes rows is not recorded: it is called each time.

The ids a later insert is given stay clear of the written rows: SQLite's AUTOINCREMENT moves
past the highest id written, and on PostgreSQL each table's sequence is moved past it too (a
flush that resets the sequences may have taken them back to 1 since the recording).
"""

import functools

from django.db import connection, transaction

from catalog.cache import bump
from catalog.models import CatalogVersion


class Replay:
    def __init__(self):
        self.recorded = {}  # (database, state) -> difference(...), None if not to be replayed

    def load(self, load):
        """load(), or the rows it wrote on a database in the same state, written again."""
        with transaction.atomic():
            key = (connection.settings_dict["NAME"], state())
            recorded = self.recorded.get(key)
            if recorded is not None and write_again(recorded):
                bump()
                return
            if key in self.recorded:  # not to be written again (see the module's docstring)
                load()
                return
            before = read_tables()
            load()
            self.recorded[key] = difference(before, read_tables())


@functools.cache
def tables(database):
    """(table, pk column, columns) of every model table of `database` but the version's."""
    skip = {CatalogVersion._meta.db_table}
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            pk = connection.introspection.get_primary_key_column(cursor, table)
            if table in skip or not pk:
                continue
            description = connection.introspection.get_table_description(cursor, table)
            found.append((table, pk, tuple(column.name for column in description)))
    return found


@functools.cache
def sequence(database, table, pk):
    """The name of the sequence that numbers `table`'s rows on PostgreSQL, or None."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_serial_sequence(%s, %s)", [connection.ops.quote_name(table), pk]
        )
        return cursor.fetchone()[0]


def model_tables():
    return tables(connection.settings_dict["NAME"])


def state():
    """The number of rows of every model table, in one query."""
    quote = connection.ops.quote_name
    counts = " UNION ALL ".join(
        f"SELECT {index}, COUNT(*) FROM {quote(table)}"
        for index, (table, _pk, _columns) in enumerate(model_tables())
    )
    with connection.cursor() as cursor:
        cursor.execute(counts)
        return tuple(sorted(cursor.fetchall()))


def read_tables():
    """{table: (pk column, columns, {pk: row})} of every model table."""
    return {
        table: (pk, columns, dict(rows(table, pk, columns)))
        for table, pk, columns in model_tables()
    }


def rows(table, pk, columns, pks=None):
    """(pk, row) of `table`, or of its rows `pks`: a row as the database writes it out."""
    quote = connection.ops.quote_name
    where = ""
    if pks is not None:
        where = f" WHERE {quote(pk)} IN ({', '.join(map(literal, pks))})"
    position = columns.index(pk)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            query = f"COPY (SELECT * FROM {quote(table)}{where}) TO STDOUT"
            with cursor.cursor.copy(query) as copy:
                data = b"".join(bytes(block) for block in copy)
            lines = [line + b"\n" for line in data.split(b"\n")[:-1]]
            return [(line.split(b"\t")[position].decode(), line) for line in lines]
        # `+column` is the stored value as it is, past the converters Django registers.
        cursor.execute(
            f"SELECT {', '.join('+' + quote(c) for c in columns)} FROM {quote(table)}{where}"
        )
        return [(str(row[position]), row) for row in cursor.fetchall()]


def literal(pk):
    text = str(pk)
    return text if text.lstrip("-").isdigit() else "'" + text.replace("'", "''") + "'"


def difference(before, after):
    """{table: (pk column, columns, added rows, changed rows)} from the tables before and after
    a load, or None when the load deleted a row."""
    found = {}
    for table, (pk, columns, rows_after) in after.items():
        rows_before = before[table][2]
        if rows_before.keys() - rows_after.keys():
            return None
        added = {key: row for key, row in rows_after.items() if key not in rows_before}
        changed = {
            key: (rows_before[key], row)
            for key, row in rows_after.items()
            if key in rows_before and rows_before[key] != row
        }
        if added or changed:
            found[table] = (pk, columns, added, changed)
    return found


def write_again(recorded):
    """Write the recorded rows again, if none of the added ones is there and the changed ones
    are as they were before the load; False (nothing written) otherwise."""
    for table, (pk, columns, added, changed) in recorded.items():
        if added and rows(table, pk, columns, added):
            return False
        was = {key: row for key, (row, _now) in changed.items()}
        if changed and dict(rows(table, pk, columns, changed)) != was:
            return False
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, (pk, columns, added, changed) in recorded.items():
            if changed:
                keys = ", ".join(map(literal, changed))
                cursor.execute(f"DELETE FROM {quote(table)} WHERE {quote(pk)} IN ({keys})")
            written = [*added.values(), *(row for _was, row in changed.values())]
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                    copy.write(b"".join(written))
                counter = sequence(connection.settings_dict["NAME"], table, pk)
                if added and counter:
                    cursor.execute(
                        f"SELECT setval(%s, top) FROM (SELECT MAX({quote(pk)}) AS top "
                        f"FROM {quote(table)}) AS t WHERE top > COALESCE("
                        f"pg_sequence_last_value(%s::regclass), 0)",
                        [counter, counter],
                    )
            else:
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "
                    f"VALUES ({', '.join(['%s'] * len(columns))})",
                    written,
                )
    return True
