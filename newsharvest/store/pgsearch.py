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
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, Integer, Text, any_, case, cast, func, literal_column, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import ColumnElement, ScalarSelect, Subquery

from newsharvest.store import models as m
from newsharvest.store.pgpairs import pair_filter, required_pairs
from newsharvest.store.pgplan import (
    BITMAPS,
    NEWEST_FIRST,
    estimated_matches,
    lexeme_shares,
    newest_first_bound,
    planned,
    replan,
)
from newsharvest.store.pgquery import CONFIG, REGCONFIG, WEIGHTS, check_syntax, tsquery
from newsharvest.store.pgslices import first_slice, ids_array, newest_matches
from newsharvest.store.reader import Filters

__all__ = ["CONFIG", "WEIGHTS", "check_syntax", "tsquery"]

SEARCH_COLUMN = "search_vector"
SEARCH_INDEX = "ix_articles_search_vector"
HEAD_COLUMN = "head_vector"
"""The generated vector of the headline, dek and authors alone, kept in the row."""
DICTIONARY = "newsharvest_english_stem"
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
EXCERPT = 360
"""Characters of the body around its first match that ``ts_headline`` picks a snippet from."""

_VECTOR: ColumnElement[Any] = literal_column(f"articles.{SEARCH_COLUMN}")
_HEAD: ColumnElement[Any] = literal_column(f"articles.{HEAD_COLUMN}")


def _weighted(fields: Sequence[str]) -> str:
    """The SQL of the weighted vector of `fields` (names of `WEIGHTS`)."""
    return " || ".join(
        f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce({name}, '')), '{WEIGHTS[name]}')"
        for name in fields
    )


def index_statements() -> list[str]:
    """The DDL of the generated search column and its GIN index."""
    vector = _weighted(list(WEIGHTS))
    return [
        f"CREATE TEXT SEARCH DICTIONARY {DICTIONARY} (TEMPLATE = snowball, Language = english)",
        f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)",
        f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR asciiword, asciihword,"
        f" hword_asciipart, word, hword, hword_part WITH {DICTIONARY}",
        f"ALTER TABLE articles ADD COLUMN {SEARCH_COLUMN} tsvector GENERATED ALWAYS AS ({vector}) STORED",
        f"CREATE INDEX {SEARCH_INDEX} ON articles USING gin ({SEARCH_COLUMN})",
    ]


def head_statements() -> list[str]:
    """The DDL of `HEAD_COLUMN`: generated from the headline, dek and authors, and kept in the
    row (storage MAIN: moved out of line only if the row could not hold it)."""
    vector = _weighted([name for name in WEIGHTS if name != "body"])
    return [
        f"ALTER TABLE articles ADD COLUMN {HEAD_COLUMN} tsvector GENERATED ALWAYS AS ({vector}) STORED,"
        f" ALTER COLUMN {HEAD_COLUMN} SET STORAGE MAIN"
    ]


def drop_statements() -> list[str]:
    return [
        f"DROP INDEX IF EXISTS {SEARCH_INDEX}",
        f"ALTER TABLE articles DROP COLUMN IF EXISTS {SEARCH_COLUMN}",
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
        f"DROP TEXT SEARCH DICTIONARY IF EXISTS {DICTIONARY}",
    ]


# -- the statements -----------------------------------------------------------------------


_LEXEMES: dict[str, str] = {}
"""The text of each recent expression's tsquery (its stemmed lexemes), as the ranking statement
read it, for `snippets` to find the matched words by: the configuration is the migration's, so
an expression always gives the same text."""
_LEXEMES_KEPT = 256


def _remember_lexemes(expression: str, text: str | None) -> None:
    if len(_LEXEMES) >= _LEXEMES_KEPT:
        _LEXEMES.clear()
    _LEXEMES[expression] = text or ""


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
    query = tsquery(expression)
    newest_id = select(func.max(m.articles.c.id)).scalar_subquery().label("newest_id")
    also = [cast(query, Text).label("lexemes"), newest_id]
    if filters.site:  # the site's ids as values: the planner can AND the site's index with the GIN index's
        also.append(func.array(filters.site_ids().scalar_subquery(), type_=ARRAY(Integer)).label("site_ids"))
    with planned(conn, BITMAPS, *also) as switched:
        lexemes = switched.lexemes or ""
        _remember_lexemes(expression, lexemes)
        pairs = required_pairs(lexemes) if PAIRS_ENABLED else []
        clauses = filters.clauses(site_ids=switched.site_ids) if filters.site else filters.clauses()
        matching = [*clauses, *_matching(query, pairs)]  # the cheap checks first
        bound, share = None, 0.0
        if not clauses and not pairs:  # read row by row, the pairs would be computed for each
            shares, articles = lexeme_shares(conn)
            estimate = estimated_matches(lexemes, shares, articles)
            bound = newest_first_bound(estimate, articles, window)
            share = estimate / articles if articles else 0.0
        if bound is not None:
            found = _newest_first(conn, query, matching, bound, limit, offset, window, scored, cap)
            if found is not None:
                return found
            replan(conn, BITMAPS)
        if cap is None or clauses:
            return _listed(conn, query, matching, limit, offset, window, scored, cap)
        ids = newest_matches(conn, matching, cap, first_slice(cap, share), switched.newest_id or 0)
        if not ids:
            return [], 0
        ranked = _ranked(ids_array(ids[:window]), query, limit, offset, scored)
        rows = conn.execute(select(ranked.c.id, ranked.c.score).order_by(ranked.c.score, ranked.c.id.desc()))
        return [(int(r.id), float(r.score)) for r in rows], len(ids)


def _matching(query: ColumnElement[Any], pairs: list[tuple[str, str]]) -> list[ColumnElement[bool]]:
    """The conditions of an article matching `query`, every match of which holds `pairs`.

    With pairs of adjacent words (a phrase), the articles holding their keys are listed from
    the pairs' index (`pgpairs`: exact, so no row has its pairs computed again), and each is
    checked against the query by the function behind ``@@``, which the planner does not take
    to the vector's own index: that index lists every article holding the words, and ANDing
    its list in would have each listed article's pairs computed again to recheck it."""
    if not pairs:
        return [_VECTOR.op("@@")(query)]
    return [pair_filter(_VECTOR, pairs), func.ts_match_vq(_VECTOR, query, type_=Boolean)]


def _ids(newest: ScalarSelect[Any]) -> ColumnElement[Any]:
    """The ids `newest` selects as an array."""
    return func.array(newest, type_=ARRAY(Integer))


def _ranked(
    newest: ColumnElement[Any], query: ColumnElement[Any], limit: int, offset: int, scored: int
) -> Subquery:
    """The page of `newest` (an array of ids) ordered by `HEAD_COLUMN`'s rank, then the newest,
    the first `scored` of them ranked by their whole vector."""
    a = m.articles
    best = (
        select(a.c.id)
        .where(a.c.id == any_(newest))
        .order_by(func.ts_rank_cd(_HEAD, query).desc(), a.c.id.desc())
        .limit(max(scored, offset + limit))
        .scalar_subquery()
    )
    score = (-func.ts_rank_cd(_VECTOR, query)).label("score")
    return (
        select(a.c.id, score)
        .where(a.c.id == any_(func.array(best, type_=ARRAY(Integer))))
        .order_by(score, a.c.id.desc())
        .limit(limit)
        .offset(offset)
        .subquery("ranked")
    )


def _listed(
    conn: Connection,
    query: ColumnElement[Any],
    matching: Sequence[ColumnElement[bool]],
    limit: int,
    offset: int,
    window: int,
    scored: int,
    cap: int | None,
) -> tuple[list[tuple[int, float]], int]:
    """`search_ids` from the matches the GIN index lists, in one statement.

    The matches are listed once (materialised: a match the index cannot confirm alone, as a
    phrase, has its vector read once, not once for the count and again for the window),
    counted up to `cap`, and the newest `window` of them ranked (`_ranked`)."""
    a = m.articles
    found = select(a.c.id).where(*matching).cte("found").prefix_with("MATERIALIZED")
    capped = select(found.c.id).limit(cap).subquery()
    counted = select(func.count().label("total")).select_from(capped).subquery("counted")
    newest = select(found.c.id).order_by(found.c.id.desc()).limit(window).scalar_subquery()
    ranked = _ranked(_ids(newest), query, limit, offset, scored)
    statement = (
        select(counted.c.total, ranked.c.id, ranked.c.score)
        .select_from(counted.outerjoin(ranked, literal_column("true")))
        .order_by(ranked.c.score, ranked.c.id.desc())
    )
    rows = conn.execute(statement).all()
    return [(int(r.id), float(r.score)) for r in rows if r.id is not None], int(rows[0].total)


def _newest_first(
    conn: Connection,
    query: ColumnElement[Any],
    matching: Sequence[ColumnElement[bool]],
    bound: int,
    limit: int,
    offset: int,
    window: int,
    scored: int,
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
    a = m.articles
    total = 0
    if cap is None:
        counted = select(literal_column("1")).select_from(a).where(*matching).subquery()
        total = int(conn.execute(select(func.count()).select_from(counted)).scalar_one())
        if total < window:
            return None
    wanted = window if cap is None else max(cap, window)
    lowest = select(func.max(a.c.id)).scalar_subquery() - bound
    newest = (
        (select(a.c.id).where(*matching, a.c.id > lowest).order_by(a.c.id.desc()).limit(wanted))
        .cte("newest")
        .prefix_with("MATERIALIZED")
    )
    listed = select(func.count().label("listed")).select_from(newest).subquery("listed")
    window_ids = select(newest.c.id).order_by(newest.c.id.desc()).limit(window).scalar_subquery()
    ranked = _ranked(_ids(window_ids), query, limit, offset, scored)
    statement = (
        select(listed.c.listed, ranked.c.id, ranked.c.score)
        .select_from(listed.outerjoin(ranked, literal_column("true")))
        .order_by(ranked.c.score, ranked.c.id.desc())
    )
    replan(conn, NEWEST_FIRST)
    rows = conn.execute(statement).all()
    if rows[0].listed < wanted:
        return None
    return [(int(r.id), float(r.score)) for r in rows if r.id is not None], total if cap is None else cap


_LEXEME = re.compile(r"(!?)'((?:[^']|'')*)'")


def _lexeme_pattern(conn: Connection, expression: str, query: ColumnElement[Any]) -> str | None:
    """A regular expression (PostgreSQL's) finding the words of `query`'s lexemes in a text:
    a stem is mostly the start of the words it comes from (``retreat``: retreated); one
    ending in ``i`` may come from a ``y`` (``citi``: city). None when the query has none."""
    text = _LEXEMES.get(expression)
    if text is None:
        text = conn.execute(select(cast(query, Text))).scalar() or ""
        _remember_lexemes(expression, text)
    stems = {match[2].replace("''", "'") for match in _LEXEME.finditer(text) if not match[1]}
    alternatives = []
    for stem in sorted(stems):
        escaped = re.sub(r"(\W)", r"\\\1", stem)
        alternatives.append(escaped[:-1] + "[iy]" if stem.endswith("i") else escaped)
    return rf"\m(?:{'|'.join(alternatives)})" if alternatives else None


def snippets(
    conn: Connection, expression: str, ids: Sequence[int], *, marks: tuple[str, str], words: int
) -> dict[int, dict[str, str]]:
    """Highlighted headline and best body passage (about `words` words) of each of `ids`.

    ``ts_headline`` parses the whole text it is given (slow for a long body), so it is given
    the part of the body around the first word that looks like a match
    (`EXCERPT` characters); when none does, the whole body if the body matches (a stem that
    does not start its words), else its start.
    """
    a = m.articles
    query = tsquery(expression)
    start, end = marks
    selectors = f'StartSel="{start}", StopSel="{end}"'
    body: ColumnElement[Any] = a.c.body
    pattern = _lexeme_pattern(conn, expression, query)
    if pattern is not None:
        at = func.regexp_instr(a.c.body, pattern, 1, 1, 0, "i")
        before = EXCERPT // 3
        in_body = func.ts_filter(_VECTOR, literal_column("'{d}'::\"char\"[]")).op("@@")(query)
        body = case(
            (at == 0, case((in_body, a.c.body), else_=func.substr(a.c.body, 1, EXCERPT))),
            (at <= before, func.substr(a.c.body, 1, EXCERPT)),
            # from the first whole word after the cut
            else_=func.regexp_replace(func.substr(a.c.body, at - before, EXCERPT), r"^\S*\s+", ""),
        )
    statement = select(
        a.c.id,
        func.ts_headline(REGCONFIG, a.c.headline, query, f"{selectors}, HighlightAll=true").label("headline"),
        func.ts_headline(
            REGCONFIG, body, query, f"{selectors}, MaxWords={words}, MinWords={words // 2}"
        ).label("snippet"),
    ).where(a.c.id.in_(list(ids)))
    return {int(r.id): {"headline": r.headline, "snippet": r.snippet} for r in conn.execute(statement)}
