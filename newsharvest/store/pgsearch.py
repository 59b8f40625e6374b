"""Full-text search on PostgreSQL: a weighted ``tsvector`` column, its GIN index, and the
query language of the SQLite archive translated to ``tsquery`` (`pgquery`).

`articles.search_vector` is a generated column: headline (weight A), dek (B), authors (C)
and body (D) through the ``newsharvest_english`` configuration, indexed by GIN. That is
PostgreSQL's ``english`` with its stop words left in: words are stemmed (Snowball's English
stemmer, as FTS5's porter tokenizer stems on SQLite) and, as on SQLite, every word is
indexed, so that "don't" or "The Who" find what they find there. The same queries work on both databases: a
query is first checked by SQLite's own FTS5 parser (an in-memory table, so a malformed
query gets the very message it gets on SQLite), then each word or phrase becomes a
``websearch_to_tsquery``, ``word*`` a prefix match, ``headline:word`` a match restricted to
that field's weight, ``a + b`` the phrase "a b", and AND/OR/NOT/parentheses the ``tsquery``
operators. Two FTS5 refinements are read more loosely: ``NEAR(a b)`` finds a and b anywhere
in the article, ``^word`` the word anywhere in its field. Results are
ranked by ``ts_rank_cd`` (negated, so that lower is better as with bm25) and highlighted
by ``ts_headline``.

`articles.head_vector` (migration 0008) holds the headline, dek and authors alone, a few
hundred bytes kept in the row: the newest matches are ordered by it first, and only the best
of them have their whole vector read (several kilobytes, stored out of line) to be ranked.

A phrase's candidates come from the index of adjacent word pairs (`pgpairs`, migration 0011),
not from every article holding its words: the GIN index keeps no positions.

The columns, the configuration and the indexes are created by `pgschema`'s statements.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import ColumnElement

from newsharvest.store.pgpairs import pair_filter, required_pairs
from newsharvest.store.pgplan import (
    BITMAPS,
    NEWEST_FIRST,
    Plan,
    estimated_matches,
    estimated_share,
    lexeme_shares,
    newest_first_bound,
    planned,
)
from newsharvest.store.pgquery import CONFIG, WEIGHTS, check_syntax, tsquery
from newsharvest.store.pgschema import HEAD_COLUMN, SEARCH_COLUMN
from newsharvest.store.pgslices import first_slice, newest_matches, within
from newsharvest.store.reader import Filters, where_sql

__all__ = ["CONFIG", "WEIGHTS", "check_syntax", "tsquery"]

RANK_WINDOW = 1_000
"""A query matching more articles ranks among the newest this-many (SQLite:
`search.RANK_WINDOW`), of which `RANK_SCORED` are scored.

Ranking reads each candidate's vector (several kilobytes, stored out of line), where FTS5
ranks from its index: the window is smaller here, to bound what a common word costs."""
RANK_SCORED = 200
"""Of the ranked window, how many are scored by their whole vector: the best by their
headline, dek and byline (`HEAD_COLUMN`, read from the row), then the newest. A page past
them scores as many as it reaches."""
PAIRS_ENABLED = True
"""Whether phrases are narrowed by the index of adjacent pairs (`pgpairs`): off, every article
holding the phrase's words is checked (the same matches, for comparing the two)."""


# -- the statements -----------------------------------------------------------------------
#
# Only the first statement of a search is built from the query (`tsquery`, `pgplan.planned`):
# it reads the query's tsquery as text, and every later statement is SQL text, the same for
# every query of its shape, given that text as a parameter (`QUERY`). Nothing is built or
# compiled again at each search; the driver prepares a statement it has run a few times.

QUERY = "CAST(%(q)s AS tsquery)"
"""The search's tsquery inside a statement: the text the first statement read."""
VECTOR = f"articles.{SEARCH_COLUMN}"

_LEXEMES: dict[str, str] = {}
"""The text of each recent expression's tsquery (its stemmed lexemes), as the first statement of
its search read it, for the page's snippets (`pgsnippets`): the configuration is the migration's, so an
expression always gives the same text."""
_COMPILED: dict[str, tuple[str, dict[str, Any]]] = {}
"""The SQL and parameters of each recent expression's tsquery (`pgquery.tsquery`)."""
_KEPT = 256
"""Expressions each of those remembers (then it starts over)."""


def _keep(kept: dict[str, Any], expression: str, value: Any) -> None:
    """Remember `value` for `expression` in `kept`, which holds at most `_KEPT`."""
    if len(kept) >= _KEPT:
        kept.clear()
    kept[expression] = value


def lexemes_of(conn: Connection, expression: str) -> str:
    """The text of `expression`'s tsquery: remembered from its search, else read."""
    text = _LEXEMES.get(expression)
    if text is None:
        query, params = _compiled(conn, expression)
        text = conn.exec_driver_sql(f"SELECT CAST({query} AS text)", params).scalar() or ""
        _keep(_LEXEMES, expression, text)
    return text


def search_ids(
    conn: Connection,
    expression: str,
    filters: Filters,
    *,
    limit: int,
    offset: int,
    window: int,
    scored: int,
    cap: int | None,
) -> tuple[list[tuple[int, float]], int]:
    """(id, score) of the best matches (of the newest `window`) and the count up to `cap` (None:
    all).

    The newest `window` matches are ordered by their headline, dek and byline (`HEAD_COLUMN`,
    in the row), then the newest first, and the first `scored` of them (or as many as the
    page reaches) are ranked by ``ts_rank_cd`` of their whole vector. They are found one of
    three ways; each gives the same rows. For a query of words most articles hold
    (`pgplan.estimated_matches`, from the planner's statistics), with no filter, the articles
    are read newest first and checked until `window` match (`_newest_first`), as that reads
    far fewer than the index would list (`pgplan.newest_first_bound`). Otherwise, with a
    `cap` and no filter, the newest `cap` matches are taken from the GIN index slice by slice
    of ids, newest first (`pgslices`: a phrase's candidates are checked only inside the
    slices read); with a filter (whose own index narrows the candidates) or none (every match
    counted), the GIN index lists every match (`_listed`). The statement that sets the
    planner's scans also reads the query's lexemes, the newest id (planned before its
    settings change: from the primary key's end) and a site filter's ids (`Filters.site_ids`).
    """
    query, params = _compiled(conn, expression)
    also = f"CAST({query} AS text) AS lexemes, (SELECT max(last.id) FROM articles AS last) AS newest_id"
    if filters.site:  # the site's ids as values: the planner can AND the site's index with the GIN index's
        site = filters.site_ids().compile(dialect=conn.dialect)
        also += f", ARRAY({site}) AS site_ids"
        params = params | dict(site.params)
    with planned(conn, BITMAPS, also, params) as plan:
        switched = plan.row
        lexemes = switched.lexemes or ""
        _keep(_LEXEMES, expression, lexemes)
        pairs = required_pairs(lexemes) if PAIRS_ENABLED else []
        clauses = filters.clauses(site_ids=switched.site_ids) if filters.site else filters.clauses()
        checks, params = _filter_sql(conn, clauses)  # the cheap checks first
        indexed, recheck, query_params = _matching(pairs)
        candidates = " AND ".join([*checks, indexed])
        matching = _matched(candidates, recheck)
        params.update(query_params, q=lexemes, best=max(scored, offset + limit), limit=limit, offset=offset)
        params.update(plan.params)
        bound, share = None, 0.0
        if not clauses and not pairs:  # read row by row, the pairs would be computed for each
            shares, articles = lexeme_shares(conn)
            estimate = estimated_matches(lexemes, shares, articles)
            bound = newest_first_bound(estimate, articles, window)
            share = estimated_share(lexemes, shares)
        if bound is not None:
            found = _newest_first(conn, plan, matching, params, bound, window, cap)
            if found is not None:
                return found
            plan.replan(conn, BITMAPS)
        if cap is None or clauses:
            return _listed(conn, plan, candidates, recheck, params, window, cap)
        top = switched.newest_id or 0
        count, rows = newest_matches(
            conn, partial(_slice, candidates, recheck, plan), params | {"window": window}, cap,
            first_slice(cap, share), top,
        )
        plan.restored = top > 0  # the last slice restored them
        return [(int(r.id), float(r.score)) for r in rows], count


def _compiled(conn: Connection, expression: str) -> tuple[str, dict[str, Any]]:
    """The SQL of `expression`'s tsquery and its parameters (compiled once an expression)."""
    kept = _COMPILED.get(expression)
    if kept is None:
        compiled = tsquery(expression).compile(dialect=conn.dialect)
        kept = (str(compiled), dict(compiled.params))
        _keep(_COMPILED, expression, kept)
    return kept


def _filter_sql(conn: Connection, clauses: Sequence[ColumnElement[bool]]) -> tuple[list[str], dict[str, Any]]:
    """The SQL of the filters' `clauses` (none, or one condition) and its parameters."""
    if not clauses:
        return [], {}
    condition, params = where_sql(clauses, conn.dialect)
    return [f"({condition})"], params


def _matching(pairs: list[tuple[str, str]]) -> tuple[str, Callable[[str], str] | None, dict[str, Any]]:
    """The condition of an article matching the query (`QUERY`), every match of which holds
    `pairs`: (the condition an index answers, the check of a candidate's vector it leaves, as
    a function of the vector's SQL, or None when the index's answer is exact; parameters).

    With pairs of adjacent words (a phrase), the articles holding their keys are listed from
    the pairs' index (`pgpairs`: exact, so no row has its pairs computed again), and each is
    checked against the query by the function behind ``@@``, which the planner does not take
    to the vector's own index: that index lists every article holding the words, and ANDing
    its list in would have each listed article's pairs computed again to recheck it. The
    check reads the article's whole vector (several kilobytes, out of line): `_slice` makes it
    on the newest candidates only, until enough match."""
    if not pairs:
        return f"{VECTOR} @@ {QUERY}", None, {}
    held, params = pair_filter(VECTOR, pairs)
    return held, _phrase_check, params


def _matched(candidates: str, recheck: Callable[[str], str] | None) -> str:
    """The whole condition of a match: `candidates` (what an index answers) and, where that
    answer is not exact, `recheck` of the article's vector (`_matching`)."""
    return f"{candidates} AND {recheck(VECTOR)}" if recheck else candidates


def _phrase_check(vector: str) -> str:
    """The exact match of the query (`QUERY`) on `vector` (an SQL expression), which no index
    answers for a phrase."""
    return f"ts_match_vq({vector}, {QUERY})"


def _scored(best: str, gate: str = "") -> str:
    """The page (``%(limit)s``, ``%(offset)s``) of the ids `best` (an SQL integer array) ranked
    by their whole vector: (id, score), the best first; none unless `gate` (an SQL condition)."""
    return (
        f"SELECT articles.id, -ts_rank_cd({VECTOR}, {QUERY}) AS score FROM articles"
        f" WHERE articles.id = ANY({best}){f' AND ({gate})' if gate else ''}"
        " ORDER BY score, articles.id DESC LIMIT %(limit)s OFFSET %(offset)s"
    )


def _ranked(newest: str) -> str:
    """`_scored` of the first ``%(best)s`` of the ids `newest` (an SQL integer array) ordered by
    `HEAD_COLUMN`'s rank, then the newest."""
    return _scored(
        f"ARRAY(SELECT b.id FROM articles AS b WHERE b.id = ANY({newest})"
        f" ORDER BY ts_rank_cd(b.{HEAD_COLUMN}, {QUERY}) DESC, b.id DESC LIMIT %(best)s)"
    )


def _best(listed: str) -> str:
    """The ids to score (``%(best)s``) of the newest ``%(window)s`` of `listed` (SQL of rows
    of ids and their `HEAD_COLUMN`'s rank, ``head``), as an SQL integer array."""
    return (
        f"ARRAY(SELECT w.id FROM ({listed} ORDER BY id DESC LIMIT %(window)s) AS w"
        " ORDER BY w.head DESC, w.id DESC LIMIT %(best)s)"
    )


_HEAD_RANK = f"ts_rank_cd(articles.{HEAD_COLUMN}, {QUERY}) AS head"
"""The `HEAD_COLUMN`'s rank of each match, computed as it is listed (its row read then)."""


def _newest(candidates: str, recheck: Callable[[str], str] | None, limit: str) -> str:
    """SQL of the id and `HEAD_COLUMN`'s rank (``head``) of the newest `limit` (an SQL value)
    articles meeting `candidates` (a condition an index answers) and `recheck` (`_matching`).

    The candidates are listed by the index and put newest first before anything else is
    computed: only the newest `limit` matches have their headline rank computed, and a
    `recheck` (which reads each candidate's whole vector, several kilobytes out of line) is
    made in that order until `limit` match, not on every candidate (OFFSET 0 keeps it out of
    the sorted subquery, so the LIMIT stops it)."""
    if recheck is None:
        return (
            f"SELECT c.id, ts_rank_cd(c.head, {QUERY}) AS head FROM (SELECT articles.id,"
            f" articles.{HEAD_COLUMN} AS head FROM articles WHERE {candidates}"
            f" ORDER BY articles.id DESC LIMIT {limit}) AS c"
        )
    return (
        f"SELECT c.id, ts_rank_cd(c.head, {QUERY}) AS head FROM (SELECT articles.id,"
        f" articles.{HEAD_COLUMN} AS head, {VECTOR} AS vector FROM articles WHERE {candidates}"
        f" ORDER BY articles.id DESC OFFSET 0) AS c"
        f" WHERE {recheck('c.vector')} ORDER BY c.id DESC LIMIT {limit}"
    )


def _slice(candidates: str, recheck: Callable[[str], str] | None, plan: Plan, rest: bool) -> str:
    """A slice's statement (`pgslices.newest_matches`): its newest matches, and the page of
    them and those of the slices before when they end the reading, which also restores the
    planner's settings (`plan`).

    The matches are the articles meeting `candidates` (an index's condition) and `recheck`
    (`_matching`), the newest first (`_newest`: a phrase's candidates older than the last match
    wanted, most of them when the rest of the archive is read at once, are never checked)."""
    final = "count(*) >= %(wanted)s OR %(rest)s"
    prior = (
        "SELECT p.id, p.head FROM unnest(CAST(%(prior_ids)s AS integer[]), CAST(%(prior_heads)s AS real[]))"
        " AS p(id, head)"
    )
    best = _best(f"{prior} UNION ALL SELECT listed.id, listed.head FROM listed")
    return (
        f"WITH listed AS MATERIALIZED ({_newest(f'{within(rest)} AND {candidates}', recheck, '%(wanted)s')})"
        " SELECT counted.ids, counted.heads, counted.listed, counted.restored, ranked.id, ranked.score FROM"
        " (SELECT CAST(array_agg(listed.id ORDER BY listed.id DESC) AS text) AS ids,"
        " CAST(array_agg(listed.head ORDER BY listed.id DESC) AS text) AS heads, count(*) AS listed,"
        f" {plan.restoring(final)} AS restored FROM listed) AS counted"
        f" LEFT OUTER JOIN LATERAL ({_scored(best, 'counted.listed >= %(wanted)s OR %(rest)s')}) AS ranked"
        " ON true ORDER BY ranked.score, ranked.id DESC"
    )


def _listed(
    conn: Connection,
    plan: Plan,
    candidates: str,
    recheck: Callable[[str], str] | None,
    params: dict[str, Any],
    window: int,
    cap: int | None,
) -> tuple[list[tuple[int, float]], int]:
    """`search_ids` from the matches the GIN index lists, in one statement.

    The matches are listed once (materialised: a match the index cannot confirm alone, as a
    phrase, has its vector read once, not once for the count and again for the window),
    counted up to `cap` (``LIMIT NULL``: all), and the newest `window` of them ranked. With a
    `cap` (a filtered search) only the newest `cap` matches are wanted (`_newest`: their
    `HEAD_COLUMN` rank computed from the row the listing read, a phrase's older candidates
    never checked); counting all (`cap` None, maybe every article) the newest `window` are
    read again for their rank (`_ranked`)."""
    if cap is None:
        matching = _matched(candidates, recheck)
        found = f"SELECT articles.id FROM articles WHERE {matching}"
        ranked = _ranked("ARRAY(SELECT found.id FROM found ORDER BY found.id DESC LIMIT %(window)s)")
    else:
        found = _newest(candidates, recheck, "%(cap)s")
        ranked = _scored(_best("SELECT found.id, found.head FROM found"))
    statement = (
        f"WITH found AS MATERIALIZED ({found})"
        " SELECT counted.total, counted.restored, ranked.id, ranked.score FROM (SELECT count(*) AS total,"
        f" {plan.restoring()} AS restored FROM (SELECT found.id FROM found LIMIT %(cap)s) AS capped)"
        " AS counted"
        f" LEFT OUTER JOIN ({ranked}) AS ranked ON true ORDER BY ranked.score, ranked.id DESC"
    )
    rows = conn.exec_driver_sql(statement, params | {"window": window, "cap": cap}).all()
    plan.restored = True
    return [(int(r.id), float(r.score)) for r in rows if r.id is not None], int(rows[0].total)


def _newest_first(
    conn: Connection,
    plan: Plan,
    matching: str,
    params: dict[str, Any],
    bound: int,
    window: int,
    cap: int | None,
) -> tuple[list[tuple[int, float]], int] | None:
    """`search_ids` reading the newest `bound` articles newest first until `window` match;
    None when fewer do (or fewer than `window` match at all), for `_listed` to answer.

    The window reads the primary key backwards (index scans only), so that the articles past
    the last match wanted are never read. The `window` newest matches of the newest `bound`
    articles are then the `window` newest of all. With a `cap`, the same reading takes `cap`
    matches (`window` and one more) and is the count: found, the total is `cap` ("1,000+"),
    with no statement listing the GIN index's matches; short of it, None. With none (every
    match counted), the count is the GIN index's, its own statement planned with bitmap scans."""
    total = 0
    if cap is None:
        counted = f"SELECT count(*) FROM articles WHERE {matching}"
        total = int(conn.exec_driver_sql(counted, params).scalar_one())
        if total < window:
            return None
    wanted = window if cap is None else max(cap, window)
    ranked = _scored(_best("SELECT newest.id, newest.head FROM newest"))
    statement = (
        f"WITH newest AS MATERIALIZED (SELECT articles.id, {_HEAD_RANK} FROM articles WHERE {matching}"
        " AND articles.id > (SELECT max(last.id) FROM articles AS last) - %(bound)s"
        " ORDER BY articles.id DESC LIMIT %(wanted)s)"
        " SELECT listed.listed, listed.restored, ranked.id, ranked.score"
        f" FROM (SELECT count(*) AS listed, {plan.restoring()} AS restored FROM newest) AS listed"
        f" LEFT OUTER JOIN ({ranked}) AS ranked ON true ORDER BY ranked.score, ranked.id DESC"
    )
    plan.replan(conn, NEWEST_FIRST)
    reading = {"bound": bound, "wanted": wanted, "window": window}
    rows = conn.exec_driver_sql(statement, params | reading).all()
    plan.restored = True  # a caller reading again from the index switches them again
    if rows[0].listed < wanted:
        return None
    return [(int(r.id), float(r.score)) for r in rows if r.id is not None], total if cap is None else cap
