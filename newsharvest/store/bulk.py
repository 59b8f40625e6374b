"""Bulk statements of the write path: multi-row inserts, upserts by dialect, ``IN`` lists in chunks.

SQLAlchemy Core compiles each statement once; on SQLite the rows go to the driver as plain
tuples, sparing SQLAlchemy's per-row parameter processing (see ``benchmarks/archive.py``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, bindparam, case, insert, type_coerce
from sqlalchemy.engine import Connection, Dialect

from newsharvest.store.engine import insert_for

IN_CHUNK = 500
"""Values per ``IN (...)`` list, well under every database's parameter limit."""
MAX_VARIABLES = 32_766
"""Parameters per multi-row statement: SQLite's default limit since 3.32."""


def chunks(values: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def later(column: Any, value: Any) -> Any:
    """The later of a timestamp column and a value: a "last seen" moved on, never back. The
    value takes the column's type in both places (PostgreSQL types every parameter)."""
    typed = type_coerce(value, column.type)
    return case((column < typed, typed), else_=column)


def upsert(conn: Connection, table: Table) -> Any:
    """The dialect's ``INSERT ... ON CONFLICT`` statement builder for `table`."""
    return upsert_for(conn.dialect.name, table)


def upsert_for(dialect_name: str, table: Table) -> Any:
    """`upsert` by dialect name (for statements built once and cached)."""
    return insert_for(dialect_name, table)


@lru_cache(maxsize=64)
def insert_sql(table: Table, columns: tuple[str, ...], dialect: Dialect) -> tuple[str, tuple[str, ...]]:
    """``INSERT INTO table (...) VALUES (?, ...)`` compiled once by Core, and the order in
    which it takes the columns' values."""
    compiled = insert(table).values({name: bindparam(name) for name in columns}).compile(dialect=dialect)
    return str(compiled), tuple(compiled.positiontup or ())


def insert_many(
    conn: Connection, table: Table, rows: list[dict[str, Any]], *, one_statement: bool = False
) -> None:
    """``executemany`` of plain inserts (all rows with the same keys), minus SQLAlchemy's
    per-row parameter processing on SQLite: the rows of a batch go to the driver as tuples.

    With `one_statement`, SQLite gets multi-row ``INSERT ... VALUES (...), (...)``
    statements instead: FTS5 writes its pending index to disk at the start of every
    statement that fires its triggers, so one statement per row would make one tiny index
    segment per article, and merging them would slow the indexing down.
    """
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), rows)
        return
    sql, order = insert_sql(table, tuple(sorted(rows[0])), conn.dialect)
    values = [tuple(row[c] for c in order) for row in rows]
    if not one_statement:
        conn.exec_driver_sql(sql, values)
        return
    head, _, placeholders = sql.partition(" VALUES ")
    per_statement = max(1, MAX_VARIABLES // len(order))
    for start in range(0, len(values), per_statement):
        chunk = values[start : start + per_statement]
        statement = f"{head} VALUES {', '.join([placeholders] * len(chunk))}"
        conn.exec_driver_sql(statement, tuple(v for row in chunk for v in row))


@lru_cache(maxsize=16)
def compiled_sql(statement: Any, dialect: Dialect) -> tuple[str, tuple[str, ...], dict[str, Any]]:
    """A Core statement as driver SQL, the order of its parameters, and the values of its
    constants: for ``executemany`` of plain tuples (SQLAlchemy's per-row processing of
    dicts costs more than SQLite's upsert of the row)."""
    compiled = statement.compile(dialect=dialect)
    return str(compiled), tuple(compiled.positiontup or ()), dict(compiled.params)


def execute_many(conn: Connection, statement: Any, rows: list[dict[str, Any]]) -> None:
    """``executemany`` of `statement` (built once, so that its compiled form is cached) over
    `rows`; on SQLite as plain tuples (`compiled_sql`): SQLAlchemy's processing of each
    parameter set costs more than SQLite's update of a row by its key."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(statement, rows)
        return
    sql, order, constants = compiled_sql(statement, conn.dialect)
    conn.exec_driver_sql(sql, [tuple(row[k] if k in row else constants[k] for k in order) for row in rows])
