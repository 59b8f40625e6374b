"""The newest matches of a PostgreSQL search found slice by slice of ids, newest first.

The GIN index lists matches in no useful order, and it cannot confirm a phrase alone (it
keeps no positions): each candidate holding the phrase's words has its vector read (several
kilobytes, out of line) to check their order. Listing every match to keep the newest would
check every candidate in the archive. Here the matches are taken from the newest slice of
ids first (the GIN index's candidates ANDed with a range of the primary key, so only the
candidates inside the slice are read and checked), then from the next, older slice, as
large as the matches found so far say is needed, until enough are found: the same ids, in
the same order, as listing them all.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Connection

FIRST_SLICE = 4
"""The first slice holds this many ids per match wanted (when the query's share of the
articles is unknown: a word or phrase too rare for the planner's statistics)."""
MARGIN = 1.5
"""A slice spans this many times the ids the matches found so far say it needs."""
REST = 0.5
"""When a slice would span this share of the ids left or more, the rest is read in one pass
from the GIN index alone: a range of the primary key costs a read of each id in it."""


def first_slice(need: int, share: float) -> int:
    """How many of the newest ids the first slice spans to hold `need` matches of a query
    held by `share` of the articles (`MARGIN` times as many, so that an estimate a little
    high still needs one slice); `FIRST_SLICE` ids a match when the share is unknown (0)."""
    if share <= 0:
        return FIRST_SLICE * need
    return max(need, math.ceil(MARGIN * need / min(share, 1.0)))


def newest_matches(
    conn: Connection,
    statement: Callable[[bool], str],
    params: dict[str, Any],
    need: int,
    first: int,
    top: int,
) -> tuple[int, list[Any]]:
    """How many of the newest `need` articles match (of ids up to `top`, the newest), and the
    rows of the statement that ranked them, read from slices of ids newest first: `first` ids,
    then as many as the matches of the slices read so far say the rest needs (`MARGIN` times),
    and the rest of the archive at once when that is most of it (`REST`).

    Each slice is one statement, `statement(rest)` with `params` and the slice's bounds (its
    ids over ``%(low)s`` up to ``%(high)s``, or all up to it when `rest`; ``%(wanted)s``
    matches at most, the newest): it lists the slice's matches (``ids``, ``heads`` as the
    text of arrays, newest first, and how many, ``listed``), and when they end the reading
    (``%(wanted)s`` found, or the rest read) ranks them with those of the slices before
    (``%(prior_ids)s``, ``%(prior_heads)s``), so that no statement is sent only to rank. Plan
    them with bitmap scans (`pgplan.BITMAPS`), so that the GIN index's candidates and the
    primary key's range are ANDed before any row is read."""
    ids: list[str] = []
    heads: list[str] = []
    rows: list[Any] = []
    top_id, size, read = top, max(1, first), 0
    while top_id > 0 and len(ids) < need:
        rest = size >= REST * top_id
        bottom = 0 if rest else top_id - size
        bounds = {
            "low": bottom, "high": top_id, "wanted": need - len(ids), "rest": rest,
            "prior_ids": "{" + ",".join(ids) + "}", "prior_heads": "{" + ",".join(heads) + "}",
        }  # fmt: skip
        rows = list(conn.exec_driver_sql(statement(rest), params | bounds))
        ids += [i for i in (rows[0].ids or "").strip("{}").split(",") if i]
        heads += [h for h in (rows[0].heads or "").strip("{}").split(",") if h]
        read += top_id - bottom
        top_id = bottom
        size = math.ceil(MARGIN * (need - len(ids)) * read / len(ids)) if ids else top_id
    return len(ids), [row for row in rows if row.id is not None]


def within(rest: bool) -> str:
    """The condition of a slice's ids (`newest_matches`), first in its statement: a condition
    the planner leaves to the rows is checked in the order written."""
    # the rest: id + 0 keeps the primary key out of the plan (the GIN index alone)
    return "articles.id + 0 <= %(high)s" if rest else "articles.id > %(low)s AND articles.id <= %(high)s"
