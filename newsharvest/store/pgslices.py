"""The newest matches of a PostgreSQL search found slice by slice of ids, newest first.

The GIN index lists matches in no useful order, and it cannot confirm a phrase alone (it
keeps no positions): each candidate holding the phrase's words has its vector read (several
kilobytes, out of line) to check their order. Listing every match to keep the newest would
check every candidate in the archive. Here the matches are taken from the newest slice of
ids first (the GIN index's candidates ANDed with a range of the primary key, so only the
candidates inside the slice are read and checked), then from the next, older and larger
slice, until enough are found: the same ids, in the same order, as listing them all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import ColumnElement

from newsharvest.store import models as m

FIRST_SLICE = 4
"""The first slice holds this many ids per match wanted (when the query's share of the
articles is unknown: a word or phrase too rare for the planner's statistics)."""
GROWTH = 4
"""Each next slice is this many times the one before (so a query matching few articles
takes a handful of statements, whatever the archive's size)."""


def first_slice(need: int, share: float) -> int:
    """How many of the newest ids the first slice spans to hold `need` matches of a query
    held by `share` of the articles (half again as many, so that an estimate a little high
    still needs one slice); `FIRST_SLICE` ids a match when the share is unknown (0)."""
    if share <= 0:
        return FIRST_SLICE * need
    return max(need, math.ceil(1.5 * need / min(share, 1.0)))


def newest_matches(
    conn: Connection, matching: Sequence[ColumnElement[bool]], need: int, first: int
) -> list[int]:
    """The ids of the newest `need` articles meeting `matching`, newest first (fewer when
    fewer match), read from slices of ids newest first: `first` ids, then `GROWTH` times
    more each time. Each slice is one statement; plan it with bitmap scans (`pgplan.BITMAPS`)
    so that the GIN index and the primary key's range are ANDed before any row is read."""
    a = m.articles
    top = conn.execute(select(func.max(a.c.id))).scalar()
    found: list[int] = []
    high = int(top or 0)
    size = max(1, first)
    while high > 0 and len(found) < need:
        low = max(0, high - size)
        statement = (
            select(a.c.id)
            .where(*matching, a.c.id > low, a.c.id <= high)
            .order_by(a.c.id.desc())
            .limit(need - len(found))
        )
        found += [int(i) for i in conn.execute(statement).scalars()]
        high = low
        size *= GROWTH
    return found


def ids_array(ids: Sequence[int]) -> ColumnElement[Any]:
    """`ids` as an integer array parameter (for ``= ANY``)."""
    return bindparam("newest_ids", list(ids), type_=ARRAY(Integer))
