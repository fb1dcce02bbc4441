"""Bulk writes for the imports: one INSERT … ON CONFLICT statement run with executemany.

The one place that picks the dialect's upsert (SQLite and PostgreSQL both have
`INSERT … ON CONFLICT (key) DO UPDATE`). Rows are written in key order, so two writers that
touch the same keys on PostgreSQL take their row locks in the same order and never deadlock;
no table lock is taken, so other writers (a listing saved meanwhile) are never blocked by an
import on PostgreSQL and wait at most the length of the write on SQLite.

The statement is compiled once, before the write transaction begins (`prepare_upsert`), and its
rows handed to the driver's executemany as they are (`execute`, `exec_driver_sql`): each column's bind processor (the type's public `bind_processor`) converts a
value once per distinct value — an import's timestamps are one value for every row — instead of
SQLAlchemy building every row's parameters anew, which cost as much as the writing itself
(bench/imports.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Table, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect

CHUNK = 5000  # rows per executemany call (bounded memory for the driver's parameter lists)


def _memoised(process):
    """The bind processor, run once per distinct value (None stays None)."""
    seen: dict = {}

    def convert(raw):
        if raw is None:
            return None
        if raw not in seen:
            seen[raw] = process(raw)
        return seen[raw]

    return convert


@dataclass
class Statement:
    """A compiled statement and its rows as the driver takes them, ready to run."""

    sql: str
    parameters: list


def _compile(dialect: Dialect, statement, table: Table, rows: Sequence[dict]) -> Statement:
    names = list(rows[0])
    compiled = statement.compile(dialect=dialect, column_keys=names)
    converters = {}
    for name in names:
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            converters[name] = _memoised(process)
    if compiled.positional:
        getters = [(name, converters.get(name)) for name in compiled.positiontup]
        parameters = [tuple(row[name] if convert is None else convert(row[name])
                            for name, convert in getters) for row in rows]
    else:
        parameters = [{name: (convert(row[name]) if (convert := converters.get(name))
                              else row[name]) for name in names} for row in rows]
    return Statement(str(compiled), parameters)


def prepare_upsert(dialect: Dialect, table: Table, rows: Sequence[dict], key: str,
                   update: Sequence[str]) -> Statement | None:
    """`INSERT … ON CONFLICT (key) DO UPDATE SET update…` for `rows` (every row has the same
    keys), sorted by `key`; prepared before the write transaction begins. None for no rows."""
    if not rows:
        return None
    if dialect.name == "postgresql":
        statement = postgresql.insert(table)
    elif dialect.name == "sqlite":
        statement = sqlite.insert(table)
    else:
        raise NotImplementedError(f"no upsert for {dialect.name}")
    statement = statement.on_conflict_do_update(
        index_elements=[table.c[key]],
        set_={name: statement.excluded[name] for name in update})
    return _compile(dialect, statement, table, sorted(rows, key=lambda row: row[key]))


def prepare_insert(dialect: Dialect, table: Table, rows: Sequence[dict]) -> Statement | None:
    """A plain INSERT of `rows`, prepared. None for no rows."""
    return _compile(dialect, insert(table), table, rows) if rows else None


def execute(connection: Connection, statement: Statement | None) -> None:
    """Runs a prepared statement with executemany, CHUNK rows at a time."""
    if statement is None:
        return
    for start in range(0, len(statement.parameters), CHUNK):
        connection.exec_driver_sql(statement.sql, statement.parameters[start:start + CHUNK])


def upsert(connection: Connection, table: Table, rows: Sequence[dict], key: str,
           update: Sequence[str]) -> None:
    """prepare_upsert and execute in one call."""
    execute(connection, prepare_upsert(connection.dialect, table, rows, key, update))


def insert_many(connection: Connection, table: Table, rows: Sequence[dict]) -> None:
    """prepare_insert and execute in one call."""
    execute(connection, prepare_insert(connection.dialect, table, rows))
