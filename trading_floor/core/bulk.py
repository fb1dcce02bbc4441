"""Bulk writes for the imports: one INSERT … ON CONFLICT statement run with executemany.

The one place that picks the dialect's upsert (SQLite and PostgreSQL both have
`INSERT … ON CONFLICT (key) DO UPDATE`). Rows are written in key order, so two writers that
touch the same keys on PostgreSQL take their row locks in the same order and never deadlock;
no table lock is taken, so other writers (a listing saved meanwhile) are never blocked by an
import on PostgreSQL and wait at most the length of the write on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

CHUNK = 5000  # rows per executemany call (bounded memory for the driver's parameter lists)


def _dialect_insert(connection: Connection, table: Table):
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    if connection.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no upsert for {connection.dialect.name}")


def upsert(connection: Connection, table: Table, rows: Sequence[dict], key: str,
           update: Sequence[str]) -> None:
    """Inserts `rows`, or updates the columns `update` of the row with the same `key` (a column
    with a unique index). Every row has the same keys; they are written sorted by `key`."""
    if not rows:
        return
    statement = _dialect_insert(connection, table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c[key]],
        set_={name: statement.excluded[name] for name in update})
    ordered = sorted(rows, key=lambda row: row[key])
    for start in range(0, len(ordered), CHUNK):
        connection.execute(statement, ordered[start:start + CHUNK])


def insert_many(connection: Connection, table: Table, rows: Sequence[dict]) -> None:
    """A plain executemany INSERT, in chunks."""
    for start in range(0, len(rows), CHUNK):
        connection.execute(insert(table), list(rows[start:start + CHUNK]))
