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
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, Select, Text, bindparam, cast, func, select
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import ColumnElement

from newsharvest.store import models as m

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
    conn: Connection, matching: Sequence[ColumnElement[bool]], need: int, first: int, top: int
) -> list[int]:
    """The ids of the newest `need` articles meeting `matching` (of ids up to `top`, the
    newest), newest first (fewer when fewer match), read from slices of ids newest first:
    `first` ids, then as many as the matches of the slices read so far say the rest needs
    (`MARGIN` times), and the rest of the archive at once when that is most of it (`REST`).
    Each slice is one statement; plan them with bitmap scans (`pgplan.BITMAPS`), so that the
    GIN index's candidates and the primary key's range are ANDed before any row is read."""
    a = m.articles
    low, high = bindparam("low", type_=Integer), bindparam("high", type_=Integer)
    wanted = bindparam("wanted", type_=Integer)
    # the rest: id + 0 keeps the primary key out of the plan (the GIN index alone)
    bounds = {False: [a.c.id > low, a.c.id <= high], True: [(a.c.id + 0) <= high]}
    slices: dict[bool, Select[Any]] = {}
    found: list[int] = []
    top_id, size, read = top, max(1, first), 0
    while top_id > 0 and len(found) < need:
        rest = size >= REST * top_id
        bottom = 0 if rest else top_id - size
        if rest not in slices:
            slices[rest] = _listed(matching, bounds[rest], wanted)
        listed = conn.execute(slices[rest], {"low": bottom, "high": top_id, "wanted": need - len(found)})
        found += [int(i) for i in (listed.scalar() or "{}").strip("{}").split(",") if i]
        read += top_id - bottom
        top_id = bottom
        size = math.ceil(MARGIN * (need - len(found)) * read / len(found)) if found else top_id
    return found


def _listed(
    matching: Sequence[ColumnElement[bool]], within: Sequence[ColumnElement[bool]], wanted: Any
) -> Select[Any]:
    """The newest `wanted` ids meeting `matching` and `within`, as the text of one array, newest
    first (built once a search: the statement's cache key is computed once)."""
    a = m.articles
    # the range first: a condition the planner leaves to the rows is checked in this order
    ids = select(a.c.id).where(*within, *matching).order_by(a.c.id.desc()).limit(wanted).subquery()
    # one array as text, not a row per id: the client reads one value, not a window of rows
    return select(cast(func.array_agg(aggregate_order_by(ids.c.id, ids.c.id.desc())), Text))


def ids_array(ids: Sequence[int]) -> ColumnElement[Any]:
    """`ids` as an integer array (for ``= ANY``), sent as the array's text: the driver writes
    a list of integers one element at a time, in Python."""
    return cast(bindparam("newest_ids", "{" + ",".join(map(str, ids)) + "}", type_=Text), ARRAY(Integer))
