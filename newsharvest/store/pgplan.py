"""How a PostgreSQL search finds its matches: the planner's settings for each statement, and
the choice between listing the matches from the GIN index and reading the newest articles
first (`newest_first_bound`, from the planner's own estimate of the matches)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Select, Text, bindparam, func, literal_column, select, union_all
from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import ColumnElement

from newsharvest.store import models as m


@contextmanager
def planned(conn: Connection, switch: Select[Any]) -> Iterator[None]:
    """Plan the statements inside with the planner's scan settings of `switch` (`BITMAPS` or
    `NEWEST_FIRST`); restore the settings after them.

    The planner does not count the reading of an article's vector (several kilobytes, stored
    out of line) in checking it against a query: a word found in most articles looks cheap
    to check row by row, where the GIN index lists the matches without reading any vector.
    So each statement here is planned with only the scans meant for it. One statement reads
    the settings and changes them (the CTE, materialised, reads them first), one restores them.
    """
    saved = conn.execute(switch).one()
    yield  # on an error the transaction is over, and these settings with it
    conn.execute(_RESTORE, dict(zip(_PLANNER_SETTINGS, saved[: len(_PLANNER_SETTINGS)], strict=True)))


_PLANNER_SETTINGS = ("enable_seqscan", "enable_indexscan", "enable_bitmapscan")
_BEFORE = select(*(func.current_setting(n).label(n) for n in _PLANNER_SETTINGS)).cte("before")
_BEFORE = _BEFORE.prefix_with("MATERIALIZED")


def _switch(**settings: str) -> Select[Any]:
    """Read the planner settings, then set `settings` (built once: the statement never changes)."""
    return select(
        *(_BEFORE.c[n] for n in _PLANNER_SETTINGS),
        *(func.set_config(n, settings[n], True) for n in _PLANNER_SETTINGS),
    )


BITMAPS = _switch(enable_seqscan="off", enable_indexscan="off", enable_bitmapscan="on")
"""Matches listed by the GIN index (bitmap scans only)."""
NEWEST_FIRST = _switch(enable_seqscan="off", enable_indexscan="on", enable_bitmapscan="off")
"""Articles read newest first by their id (index scans only), each checked against the query."""
_RESTORE = select(*(func.set_config(n, bindparam(n, type_=Text), True) for n in _PLANNER_SETTINGS))


READ_COST = 8.0
"""Reading one article's vector (several kilobytes, out of line) and checking it, in visits of
an article the GIN index listed (the unit of `newest_first_bound`'s costs)."""
NEWEST_FIRST_GAIN = 0.5
"""Articles are read newest first only when that is expected to cost at most this share of
listing every match."""


def newest_first_bound(matches: float, articles: float, window: int) -> int | None:
    """How many of the newest articles to read, newest first, for the `window` newest of an
    estimated `matches` among `articles`; None when listing the matches from the index is
    expected to cost less. The bound is twice the expected reading, so that an estimate
    off by half still finds them; a reading that falls short is done again from the index."""
    if articles <= 0 or matches < window:
        return None
    reading = window * articles / matches  # each read and checked
    if reading * (1 + READ_COST) >= NEWEST_FIRST_GAIN * matches:
        return None
    return math.ceil(2 * reading)


def estimates(conn: Connection, matching: Sequence[ColumnElement[bool]]) -> tuple[float, float]:
    """The planner's estimates of the articles matching and of all articles (one EXPLAIN)."""
    a = m.articles
    one: ColumnElement[Any] = literal_column("1")
    both = union_all(select(one).where(*matching).select_from(a), select(one).select_from(a))
    compiled = both.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    plan = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", dict(compiled.params)).scalar_one()
    if isinstance(plan, str):
        plan = json.loads(plan)
    branches = plan[0]["Plan"].get("Plans", [])
    if len(branches) != 2:  # not the plan of two branches asked for: no estimate
        return 0.0, 0.0
    return float(branches[0]["Plan Rows"]), float(branches[1]["Plan Rows"])
