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

from sqlalchemy import Row, text
from sqlalchemy.engine import Connection

from newsharvest.store.pgpairs import QueryNode, parse

_PLANNER_SETTINGS = ("enable_seqscan", "enable_indexscan", "enable_bitmapscan")
BITMAPS = {"enable_seqscan": "off", "enable_indexscan": "off", "enable_bitmapscan": "on"}
"""Matches listed by the GIN index (bitmap scans only)."""
NEWEST_FIRST = {"enable_seqscan": "off", "enable_indexscan": "on", "enable_bitmapscan": "off"}
"""Articles read newest first by their id (index scans only), each checked against the query."""


def _set(settings: dict[str, str]) -> str:
    """SQL setting the planner's `settings` for the rest of the transaction (one text value)."""
    return " || ".join(f"set_config('{name}', '{settings[name]}', true)" for name in _PLANNER_SETTINGS)


class Plan:
    """The planner's settings a search switched (`planned`), and the values to restore."""

    def __init__(self, row: Row[Any]) -> None:
        self.row = row
        self.params = {f"saved_{name}": row[i] for i, name in enumerate(_PLANNER_SETTINGS)}
        """The saved settings, parameters of `restoring`."""
        self.restored = False
        """Whether a statement restored the settings already (`restoring`)."""

    def restoring(self, when: str = "") -> str:
        """An SQL value (text) that restores the saved settings as the statement holding it
        runs (it is planned already), or keeps them unless `when` (an SQL condition) holds:
        the search's last statement restores them, and no statement of its own does. The
        statement is given `params`; mark the plan `restored` once it ran."""
        values = {
            name: f"CASE WHEN {when} THEN %(saved_{name})s ELSE current_setting('{name}') END"
            if when
            else f"%(saved_{name})s"
            for name in _PLANNER_SETTINGS
        }
        return " || ".join(f"set_config('{name}', {values[name]}, true)" for name in _PLANNER_SETTINGS)

    def replan(self, conn: Connection, settings: dict[str, str]) -> None:
        """Plan the next statements with `settings` instead (restoring them again is due)."""
        conn.exec_driver_sql(f"SELECT {_set(settings)}")
        self.restored = False


@contextmanager
def planned(conn: Connection, settings: dict[str, str], also: str = "", params: Any = None) -> Iterator[Plan]:
    """Plan the statements inside with the planner's scan `settings` (`BITMAPS` or
    `NEWEST_FIRST`; `Plan.replan` changes them inside); restore the settings after them
    unless a statement did (`Plan.restoring`). Yields the `Plan`, whose row also holds the
    values of `also` (SQL of a select list, with `params`).

    The planner does not count the reading of an article's vector (several kilobytes, stored
    out of line) in checking it against a query: a word found in most articles looks cheap
    to check row by row, where the GIN index lists the matches without reading any vector.
    So each statement here is planned with only the scans meant for it. One statement reads
    the settings and changes them (the CTE, materialised, reads them first).
    """
    before = ", ".join(f"current_setting('{name}') AS {name}" for name in _PLANNER_SETTINGS)
    statement = (
        f"WITH before AS MATERIALIZED (SELECT {before}) SELECT"
        f" {', '.join(f'before.{name}' for name in _PLANNER_SETTINGS)}, {_set(settings)} AS switched"
        f"{', ' + also if also else ''} FROM before"
    )
    plan = Plan(conn.exec_driver_sql(statement, params or {}).one())
    yield plan  # on an error the transaction is over, and these settings with it
    if not plan.restored:
        conn.exec_driver_sql(f"SELECT {plan.restoring()}", plan.params)


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


def estimated_share(lexemes: str, shares: dict[str, float]) -> float:
    """The share of the articles a ``tsquery`` (its text, `lexemes`) is expected to match, to
    size the first slice of ids read for its newest matches (`pgslices.first_slice`; a wrong
    guess costs a slice more, never a match): its lexemes' shares from `lexeme_shares` (as
    independent), a prefix's the sum of its common lexemes', an OR of two the share of
    either, a NOT one less its operand's (a lexeme not among the most common: 1); 0 when
    unknown (a rare lexeme ANDed in, a field's lexeme, a phrase)."""
    node = parse(lexemes)
    share = None if node is None else _share(node, shares)
    return min(share or 0.0, 1.0)


def _share(node: QueryNode, shares: dict[str, float]) -> float | None:
    """`estimated_share` of a node of a tsquery's tree; None when unknown."""
    if node.op == "lexeme":
        if node.weighted:
            return None
        if node.prefix:
            return sum(share for lexeme, share in shares.items() if lexeme.startswith(node.lexeme)) or None
        return shares.get(node.lexeme)
    left = None if node.left is None else _share(node.left, shares)
    if node.op == "!":
        return 1.0 - (left or 0.0)
    right = None if node.right is None else _share(node.right, shares)
    if node.op == "&":
        return None if left is None or right is None else left * right
    if node.op == "|":
        if left is None or right is None:
            return left if right is None else right  # the unknown one is rare: at least the other's
        return 1.0 - (1.0 - left) * (1.0 - right)
    return None
