"""How a PostgreSQL search finds its matches: the planner's settings for each statement, and
the choice between listing the matches from the GIN index and reading the newest articles
first (`newest_first_bound`, from the planner's own statistics of the vector's lexemes)."""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Row, Select, Text, bindparam, func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import ColumnElement


@contextmanager
def planned(conn: Connection, switch: Select[Any], *also: ColumnElement[Any]) -> Iterator[Row[Any]]:
    """Plan the statements inside with the planner's scan settings of `switch` (`BITMAPS` or
    `NEWEST_FIRST`; `replan` changes them inside); restore the settings after them. Yields
    the switching statement's row, which also holds the values of `also`.

    The planner does not count the reading of an article's vector (several kilobytes, stored
    out of line) in checking it against a query: a word found in most articles looks cheap
    to check row by row, where the GIN index lists the matches without reading any vector.
    So each statement here is planned with only the scans meant for it. One statement reads
    the settings and changes them (the CTE, materialised, reads them first), one restores them.
    """
    saved = conn.execute(switch.add_columns(*also) if also else switch).one()
    yield saved  # on an error the transaction is over, and these settings with it
    conn.execute(_RESTORE, dict(zip(_PLANNER_SETTINGS, saved[: len(_PLANNER_SETTINGS)], strict=True)))


def replan(conn: Connection, switch: Select[Any]) -> None:
    """Inside `planned`: plan the next statements with `switch`'s settings instead."""
    conn.execute(switch)


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


_STATS: dict[str, tuple[float, dict[str, float], float]] = {}
"""Per database: when read, each common lexeme's share of the articles, how many articles."""
STATS_KEPT = 300.0
"""Seconds the planner's statistics are kept before being read again (``ANALYZE`` renews them)."""
_STATS_QUERY = text(
    "SELECT s.most_common_elems::text::text[] AS lexemes, s.most_common_elem_freqs AS shares,"
    " c.reltuples AS articles FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema()"
    " AND s.tablename = 'articles' AND s.attname = 'search_vector'"
    " WHERE c.oid = to_regclass('articles')"
)
_TERMS = re.compile(r"'((?:[^']|'')*)'(?: & |$)")


def lexeme_shares(conn: Connection) -> tuple[dict[str, float], float]:
    """The share of the articles holding each of the vector's most common lexemes (the
    statistics ``ANALYZE`` keeps, `pg_stats.most_common_elems`), and how many articles there
    are; read once every `STATS_KEPT` seconds per database."""
    key = conn.engine.url.render_as_string(hide_password=True)
    kept = _STATS.get(key)
    if kept is not None and time.monotonic() - kept[0] < STATS_KEPT:
        return kept[1], kept[2]
    row = conn.execute(_STATS_QUERY).first()
    shares: dict[str, float] = {}
    articles = 0.0
    if row is not None:
        shares = dict(zip(row.lexemes or [], row.shares or [], strict=False))
        articles = float(row.articles or 0)
    _STATS[key] = (time.monotonic(), shares, articles)
    return shares, articles


def estimated_matches(lexemes: str, shares: dict[str, float], articles: float) -> float:
    """How many articles a ``tsquery`` (its text, `lexemes`) of one lexeme or of lexemes all
    required (``'a' & 'b'``) matches, from `lexeme_shares` (as independent); 0 for any other
    query (phrases, prefixes, fields, OR, NOT) or a lexeme not among the most common: those
    are listed from the index."""
    terms = _TERMS.findall(lexemes)
    if not terms or " & ".join(f"'{t}'" for t in terms) != lexemes:
        return 0.0
    share = 1.0
    for term in terms:
        share *= shares.get(term.replace("''", "'"), 0.0)
    return share * articles
