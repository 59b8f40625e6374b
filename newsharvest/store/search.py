"""Full-text search: the one module that knows the database's FTS dialect.

On SQLite the index is an FTS5 table ``articles_fts`` (porter stemming over unicode61
tokens) over `articles.headline`, `dek`, `body` and `authors`, with the articles table as
its external content and kept in sync by triggers. Table, options and trigger names are
the ones ``sqlite-utils enable-fts --create-triggers`` makes, so ``datasette`` offers a
search box on `articles` with no configuration. PostgreSQL has its own implementation in
`pgsearch.py` (a weighted tsvector column), reached from the functions here: the same
query language, results and errors on both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import column, func, literal_column, select, table, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.sql.expression import ColumnClause

from newsharvest.store import pgschema, pgsearch, pgsnippets
from newsharvest.store.errors import ArchiveError, QueryError
from newsharvest.store.reader import SUMMARY_COLUMNS, Filters, summaries, where_sql
from newsharvest.store.retry import sqlstate

FTS_TABLE = "articles_fts"
FTS_COLUMNS = ("headline", "dek", "body", "authors")
TOKENIZE = "porter unicode61"

RANK_WINDOW = 1_000
"""A query matching more articles than this ranks the newest this-many matches only, and
counts its matches up to this (beyond it the total reads "1,000+", `capped`) unless asked
for the exact count.

FTS5 scores every match to sort by bm25, so a query on a word found in most articles would
take time in proportion to the archive; ranking a window of the newest matches bounds every
search whatever the archive's size, and news readers want recent stories first anyway.
The result says when it happened (`windowed`)."""

def rank_window(conn: Connection) -> int:
    """How many of the newest matches a search ranks on this database: `RANK_WINDOW`, or
    `pgsearch.RANK_WINDOW` on PostgreSQL (which reads each ranked article's vector)."""
    return pgsearch.RANK_WINDOW if conn.dialect.name == "postgresql" else RANK_WINDOW


class Found(NamedTuple):
    """A search's ranked page (article id, score), and its matches counted: `total`, exact
    unless `capped` (more matches than the rank window, which `total` then is)."""

    hits: list[tuple[int, float]]
    total: int
    capped: bool


def _found(hits: list[tuple[int, float]], counted: int, window: int, exact: bool) -> Found:
    """`Found` from a count stopped at `window` + 1 (unless `exact`)."""
    capped = not exact and counted > window
    return Found(hits, window if capped else counted, capped)

FACETS_INDEX = "ix_articles_facets"
"""The covering index over (id, site_id, section, published_utc) filtered searches join."""

SNIPPET_TOKENS = 24
HIGHLIGHT = ("[", "]")
"""Markers around matched words in snippets (the CLI turns them into colour)."""


def _columns(prefix: str = "") -> str:
    return ", ".join(f"{prefix}[{c}]" for c in FTS_COLUMNS)


def index_statements() -> list[str]:
    """The DDL that creates the SQLite index and its sync triggers and fills it."""
    cols = _columns()
    return [
        f"CREATE VIRTUAL TABLE [{FTS_TABLE}] USING FTS5 ({cols}, tokenize='{TOKENIZE}', content=[articles])",
        f"CREATE TRIGGER [articles_ai] AFTER INSERT ON [articles] BEGIN\n"
        f"  INSERT INTO [{FTS_TABLE}] (rowid, {cols}) VALUES (new.rowid, {_columns('new.')});\n"
        f"END",
        f"CREATE TRIGGER [articles_ad] AFTER DELETE ON [articles] BEGIN\n"
        f"  INSERT INTO [{FTS_TABLE}] ([{FTS_TABLE}], rowid, {cols})"
        f" VALUES ('delete', old.rowid, {_columns('old.')});\n"
        f"END",
        # Only when indexed text changes: an unchanged re-crawl touches last_seen alone.
        f"CREATE TRIGGER [articles_au] AFTER UPDATE OF {cols} ON [articles] BEGIN\n"
        f"  INSERT INTO [{FTS_TABLE}] ([{FTS_TABLE}], rowid, {cols})"
        f" VALUES ('delete', old.rowid, {_columns('old.')});\n"
        f"  INSERT INTO [{FTS_TABLE}] (rowid, {cols}) VALUES (new.rowid, {_columns('new.')});\n"
        f"END",
        # Merge index segments 16 at a time (default 4), force-merge at 64 (default 16):
        # faster inserts; queries read a few more segments, which costs them little.
        f"INSERT INTO [{FTS_TABLE}] ([{FTS_TABLE}], rank) VALUES ('automerge', 16)",
        f"INSERT INTO [{FTS_TABLE}] ([{FTS_TABLE}], rank) VALUES ('crisismerge', 64)",
        # Keep up to 16 MB of pending index in memory: one segment per batch transaction
        # instead of one per megabyte, so far less merging and faster inserts.
        f"INSERT INTO [{FTS_TABLE}] ([{FTS_TABLE}], rank) VALUES ('hashsize', {16 * 1024 * 1024})",
        f"INSERT INTO [{FTS_TABLE}] ([{FTS_TABLE}], rank) VALUES ('rebuild', 0)",
    ]


def create_index(conn: Connection) -> None:
    """Create and fill the full-text index (called by a migration)."""
    if conn.dialect.name == "postgresql":
        for statement in pgschema.index_statements():
            conn.exec_driver_sql(statement)
        return
    if conn.dialect.name != "sqlite":
        raise ArchiveError(f"full-text search is not implemented for {conn.dialect.name}")
    for statement in index_statements():
        conn.exec_driver_sql(statement)


def drop_index(conn: Connection) -> None:
    """Remove the index and its triggers (a migration's downgrade)."""
    if conn.dialect.name == "postgresql":
        for statement in pgschema.drop_statements():
            conn.exec_driver_sql(statement)
        return
    for trigger in ("articles_ai", "articles_ad", "articles_au"):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS [{trigger}]")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS [{FTS_TABLE}]")


_OPERATORS = {"AND", "OR", "NOT"}
_SYNTAX = re.compile(r'["():^*+]|^NEAR\b')
_WORD = re.compile(r"^[\w]+\*?$", re.UNICODE)


def prepare(query: str) -> str:
    """The user's query as an FTS5 expression.

    FTS5 syntax is passed through (``"exact phrase"``, ``AND``/``OR``/``NOT``, ``prefix*``,
    ``headline:word``, parentheses); a plain word holding punctuation that FTS5 would
    reject (``covid-19``, ``U.S.``, ``O'Brien``) is quoted as the phrase it reads as.
    """
    words = query.split()
    if not words:
        raise QueryError("empty search query")
    out = []
    for word in words:
        if word in _OPERATORS or _WORD.match(word) or _SYNTAX.search(word):
            out.append(word)
        else:
            out.append('"' + word.replace('"', '""') + '"')
    return " ".join(out)


def _bad_query(query: str, exc: DBAPIError) -> QueryError:
    message = str(exc.orig).splitlines()[0] if exc.orig is not None else str(exc)
    return _bad_query_message(query, message)


def _bad_query_message(query: str, message: str) -> QueryError:
    return QueryError(f"bad search query {query!r}: {message.removeprefix('fts5: ')}")


def _checked(query: str) -> str:
    """`prepare(query)`, refused with FTS5's own message when FTS5 cannot parse it (PostgreSQL
    reads the same language: see `pgsearch`)."""
    expression = prepare(query)
    problem = pgsearch.check_syntax(expression, FTS_COLUMNS)
    if problem is not None:
        raise _bad_query_message(query, problem)
    return expression


_BODY = FTS_COLUMNS.index("body")
_fts = table(FTS_TABLE, column("rowid"), column("rank"))
_fts_column: ColumnClause[Any] = literal_column(FTS_TABLE)
"""The hidden column named like the table: the left side of MATCH, first argument of
snippet() and highlight()."""
_unindexed_rowid: ColumnClause[Any] = literal_column(f"+{FTS_TABLE}.rowid")
"""The rowid as an expression (unary plus), which SQLite does not hand to FTS5 as a constraint."""
_NAMED = sqlite.dialect(paramstyle="named")


def _filter_sql(filters: Filters) -> tuple[str, str, dict[str, Any]]:
    """(join, condition, parameters) restricting matches to the filters.

    The join goes through the narrow covering index `FACETS_INDEX`: checking a match
    against the wide article rows (5 kB each, rarely cached) would cost 20 µs a match.
    """
    clauses = filters.clauses()
    if not clauses:
        return "", "", {}
    condition, params = where_sql(clauses, _NAMED)
    join = f" JOIN articles INDEXED BY {FACETS_INDEX} ON articles.id = {FTS_TABLE}.rowid"
    return join, f" AND ({condition})", params


def search_ids(
    conn: Connection, query: str, filters: Filters, *, limit: int, offset: int = 0, exact: bool = False
) -> Found:
    """The best matches (article id, bm25 score), best first, and the number of matches:
    counted up to `rank_window` (then `capped`), or exactly when `exact`.

    Scores are FTS5's bm25 (lower is better); only the newest `rank_window` matches are
    ranked. Raises `QueryError` on a malformed query. On PostgreSQL the score is minus
    ``ts_rank_cd`` (lower is better there too), and of the window only the best
    `pgsearch.RANK_SCORED` by headline, dek and byline are scored (see `pgsearch.search_ids`).
    """
    window = rank_window(conn)
    cap = None if exact else window + 1
    if conn.dialect.name == "postgresql":
        expression = _checked(query)
        try:
            hits, matched = pgsearch.search_ids(
                conn, expression, filters, limit=limit, offset=offset, window=window,
                scored=pgsearch.RANK_SCORED, cap=cap,
            )
        except DBAPIError as exc:  # a query FTS5 accepts and tsquery does not (a syntax or data error)
            if not (sqlstate(exc) or "").startswith(("42601", "22")):
                raise
            raise _bad_query(query, exc) from exc
        return _found(hits, matched, window, exact)
    join, condition, params = _filter_sql(filters)
    matches = f"FROM {FTS_TABLE}{join} WHERE {FTS_TABLE} MATCH :q{condition}"
    # The newest window + 1 matches are listed once: ranked (all but the oldest) and counted
    # (more than the window: "1,000+"), so that counting costs no second pass.
    ranked = text(
        f"SELECT id, score, listed FROM (SELECT id, score, count(*) OVER () AS listed,"
        f" row_number() OVER (ORDER BY id DESC) AS newest FROM (SELECT {FTS_TABLE}.rowid AS id,"
        f" {FTS_TABLE}.rank AS score {matches} ORDER BY {FTS_TABLE}.rowid DESC LIMIT :window + 1))"
        f" WHERE newest <= :window ORDER BY score, id DESC LIMIT :limit OFFSET :offset"
    )
    counted = text(f"SELECT count(*) FROM (SELECT 1 {matches}{'' if cap is None else ' LIMIT :cap'})")
    params.update(q=prepare(query), window=window, limit=limit, offset=offset, cap=cap)
    try:
        rows = conn.execute(ranked, params).all()
        listed = int(rows[0].listed) if rows else None
        if listed is None or (exact and listed > window):  # a page past the matches; every one counted
            listed = int(conn.execute(counted, params).scalar() or 0)
    except OperationalError as exc:
        raise _bad_query(query, exc) from exc
    return _found([(int(r.id), float(r.score)) for r in rows], listed, window, exact)


def _fts_snippets(conn: Connection, query: str, ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """Highlighted headline and best body passage for each of `ids` (not empty), by FTS5 on
    SQLite (PostgreSQL's come with the summaries: `pgsnippets.marked`)."""
    start, end = HIGHLIGHT
    # The matches between the lowest and highest id are read in one pass and only `ids` get
    # snippets: FTS5 starts the whole query over for each id of an ``IN`` list (several times
    # slower). ``+rowid`` keeps the list out of FTS5's plan; the ids lie among the newest
    # `rank_window` matches, so the pass reads at most about that many.
    statement = select(
        _fts.c.rowid,
        func.highlight(_fts_column, 0, start, end).label("headline"),
        func.snippet(_fts_column, _BODY, start, end, "…", SNIPPET_TOKENS).label("snippet"),
    ).where(
        _fts_column.op("MATCH")(prepare(query)),
        _fts.c.rowid.between(min(ids), max(ids)),
        _unindexed_rowid.in_(list(ids)),
    )
    try:
        rows = conn.execute(statement)
        return {int(r.rowid): {"headline": r.headline, "snippet": r.snippet} for r in rows}
    except OperationalError as exc:
        raise _bad_query(query, exc) from exc


def marked_summaries(conn: Connection, query: str, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Each of `ids`'s summary (`reader.SUMMARY_COLUMNS`) with its highlighted headline
    (``headline_marked``) and best body passage (``snippet``), by id: on PostgreSQL one
    statement, on SQLite `snippets` and `reader.summaries`."""
    if not ids:
        return {}
    if conn.dialect.name == "postgresql":
        return pgsnippets.marked(
            conn, _checked(query), ids, marks=HIGHLIGHT, words=SNIPPET_TOKENS, columns=SUMMARY_COLUMNS
        )
    marked = _fts_snippets(conn, query, ids)
    out = {}
    for row in summaries(conn, ids):
        found = marked.get(row["id"], {})
        headline, snippet = found.get("headline", row["headline"]), found.get("snippet", "")
        out[row["id"]] = row | {"headline_marked": headline, "snippet": snippet}
    return out
