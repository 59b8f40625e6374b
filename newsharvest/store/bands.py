"""The LSH band rows of the linking index: written, merged and looked up.

Each band key of an article is a row (band key, article). New rows go to the small
`story_bands_recent` and move into `story_bands` in key order in bulk (`BandRows.merge`):
random keys written straight into the whole index would rewrite most of its pages in every
transaction. `Linker` (`newsharvest.store.linking`) builds on these statements.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from itertools import chain
from typing import Any

from sqlalchemy import Integer, any_, bindparam, delete, func, insert, select, union_all
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection

from newsharvest.extract.signature import BANDS, Signature
from newsharvest.store import models as m
from newsharvest.store.bulk import MAX_VARIABLES, chunks, insert_sql

MERGE_MIN = 32 * 1024
MERGE_MAX = 32 * 32 * 1024
"""Bounds, in rows, of the recent band rows merged into the index at once (`BandRows.merge`)."""


class BandRows:
    """The band-row statements of a write transaction on `conn`."""

    conn: Connection

    def _insert_rows(self, table: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """Core's INSERT of `rows` (values in `columns` order); on SQLite as multi-row
        statements of plain tuples (SQLAlchemy's per-row processing of the band rows of each article
        costs more than SQLite's insert, and one statement per row more than one per batch)."""
        if not rows:
            return
        if self.conn.dialect.name != "sqlite":
            self.conn.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
            return
        sql, order = insert_sql(table, columns, self.conn.dialect)
        if order and order != columns:
            rows = [tuple(row[columns.index(c)] for c in order) for row in rows]
        head, _, placeholders = sql.partition(" VALUES ")
        per_statement = MAX_VARIABLES // len(columns)
        for chunk in chunks(rows, per_statement):
            statement = f"{head} VALUES {', '.join([placeholders] * len(chunk))}"
            self.conn.exec_driver_sql(statement, tuple(chain.from_iterable(chunk)))

    def _insert_bands(self, incoming: list[tuple[int, Signature, tuple[int, ...]]]) -> None:
        """The band rows of (article id, signature, band keys) into the recent table. On
        SQLite as one JSON object of each article's keys, unpacked by `json_each` (`BANDS` rows an
        article cost more to build, sort and bind as Python tuples than to insert)."""
        r = m.story_bands_recent
        if self.conn.dialect.name != "sqlite":
            rows = [(key, article_id) for article_id, _, keys in incoming for key in keys]
            self._insert_rows(r, ("band", "article_id"), sorted(rows))
            return
        packed = json.dumps({article_id: keys for article_id, _, keys in incoming if keys})
        self.conn.exec_driver_sql(
            f"INSERT INTO {r.name} (band, article_id) SELECT band.value, CAST(article.key AS INTEGER) "
            "FROM json_each(?) AS article, json_each(article.value) AS band",
            (packed,),
        )

    def _merge_when_due(self, written: int, newest: int) -> None:
        """Merge the recent band rows into `story_bands` once they number about the square
        root of (rows in the index × rows a transaction writes): each transaction rewrites
        the recent table's pages (random keys), each merge most of the index's, and that
        size keeps the sum of both smallest. The index's size is taken from the newest
        article id (`BANDS` rows an article), so deciding costs one count of the small table."""
        r = m.story_bands_recent
        due = min(MERGE_MAX, max(MERGE_MIN, math.isqrt(BANDS * newest * written)))
        if int(self.conn.execute(select(func.count()).select_from(r)).scalar() or 0) >= due:
            self.merge()

    def merge(self) -> None:
        """Move the recent band rows into `story_bands`, in key order (each page of the index
        written once), in this transaction."""
        b, r = m.story_bands, m.story_bands_recent
        ordered = select(r.c.band, r.c.article_id).order_by(r.c.band, r.c.article_id)
        self.conn.execute(insert(b).from_select(["band", "article_id"], ordered))
        self.conn.execute(delete(r))

    def _candidates(self, keys: Iterable[int]) -> dict[int, list[int]]:
        """The stored articles under each of the distinct `keys` (in the index or its recent
        rows), in one statement: the keys go in key order (neighbouring probes read
        neighbouring pages) as one JSON array on SQLite, each table searched by its key for
        each array element (`json_each` joined, not an ``IN`` list SQLite would first copy
        into a temporary index), one array on PostgreSQL (``= ANY``)."""
        b, r = m.story_bands, m.story_bands_recent
        found: dict[int, list[int]] = defaultdict(list)
        wanted = sorted(keys)
        if not wanted:
            return found
        if self.conn.dialect.name == "sqlite":
            statement = " UNION ALL ".join(
                f"SELECT band.band, band.article_id FROM json_each(?1) AS wanted "
                f"JOIN {table.name} AS band ON band.band = wanted.value"
                for table in (b, r)
            )
            rows: Iterable[Any] = self.conn.exec_driver_sql(statement, (json.dumps(wanted),))
        else:
            keys_param = bindparam("keys", type_=ARRAY(Integer))
            query = union_all(
                select(b.c.band, b.c.article_id).where(b.c.band == any_(keys_param)),
                select(r.c.band, r.c.article_id).where(r.c.band == any_(keys_param)),
            )
            rows = self.conn.execute(query, {"keys": wanted})
        for band, article_id in rows:
            found[band].append(article_id)
        return found
