"""The page of a PostgreSQL search: each article's summary columns, its headline with the
matched words marked and its best body passage (``ts_headline``), in one statement."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import Connection

from newsharvest.store.pgquery import CONFIG
from newsharvest.store.pgsearch import QUERY, VECTOR, lexemes_of

EXCERPT = 360
"""Characters of the body around its first match that ``ts_headline`` picks a snippet from."""

_LEXEME = re.compile(r"(!?)'((?:[^']|'')*)'")


def lexeme_pattern(lexemes: str) -> str | None:
    """A regular expression (PostgreSQL's) finding the words of a tsquery's lexemes (its text)
    in a text: a stem is mostly the start of the words it comes from (``retreat``: retreated);
    one ending in ``i`` may come from a ``y`` (``citi``: city). None when the query has none."""
    stems = {match[2].replace("''", "'") for match in _LEXEME.finditer(lexemes) if not match[1]}
    alternatives = []
    for stem in sorted(stems):
        escaped = re.sub(r"(\W)", r"\\\1", stem)
        alternatives.append(escaped[:-1] + "[iy]" if stem.endswith("i") else escaped)
    return rf"\m(?:{'|'.join(alternatives)})" if alternatives else None


def first_match_pattern(pattern: str) -> str:
    """`pattern` (`lexeme_pattern`'s) followed by the rest of the text (``.`` matches line
    breaks too): its first match starts where `pattern`'s first does and runs to the end, so
    ``regexp_instr``, which finds every match of its pattern before it picks the first (a
    common word's dozens in a body), finds only that one."""
    return f"{pattern}.*"


def _statement(columns: Sequence[str], excerpt: bool) -> str:
    """The SQL of `marked`: `columns` of ``articles``, the marked headline and the snippet of the
    ids ``%(ids)s``; the snippet from an `EXCERPT` of the body around the first match of
    ``%(first_pattern)s`` (`first_match_pattern`) when `excerpt`, else from the whole body."""
    before = EXCERPT // 3
    body, source = "articles.body", "articles"
    if excerpt:
        body = (
            f"CASE WHEN first.at = 0 THEN CASE WHEN ts_filter({VECTOR}, '{{d}}'::\"char\"[]) @@ {QUERY}"
            f" THEN articles.body ELSE substr(articles.body, 1, {EXCERPT}) END"
            f" WHEN first.at <= {before} THEN substr(articles.body, 1, {EXCERPT})"
            # from the first whole word after the cut
            f" ELSE regexp_replace(substr(articles.body, first.at - {before}, {EXCERPT}),"
            " '^\\S*\\s+', '') END"
        )
        # OFFSET 0: the position is found once a row, not once for each use of it
        source = (
            "articles CROSS JOIN LATERAL (SELECT regexp_instr(articles.body, %(first_pattern)s, 1, 1, 0, 'i')"
            " AS at OFFSET 0) AS first"
        )
    selected = "".join(f"articles.{name}, " for name in columns)
    config = f"'{CONFIG}'::regconfig"
    return (
        f"SELECT articles.id AS marked_id, {selected}"
        f"ts_headline({config}, articles.headline, {QUERY}, %(headline_options)s) AS headline_marked,"
        f" ts_headline({config}, {body}, {QUERY}, %(snippet_options)s) AS snippet"
        f" FROM {source} WHERE articles.id = ANY(CAST(%(ids)s AS integer[]))"
    )


def marked(
    conn: Connection,
    expression: str,
    ids: Sequence[int],
    *,
    marks: tuple[str, str],
    words: int,
    columns: Sequence[str] = (),
) -> dict[int, dict[str, Any]]:
    """`columns` of each of `ids`, its highlighted headline (``headline_marked``) and best body
    passage (``snippet``, about `words` words), by id.

    ``ts_headline`` parses the whole text it is given (slow for a long body), so it is given
    the part of the body around the first word that looks like a match (`EXCERPT`
    characters); when none does, the whole body if the body matches (a stem that does not
    start its words), else its start."""
    lexemes = lexemes_of(conn, expression)
    pattern = lexeme_pattern(lexemes)
    start, end = marks
    selectors = f'StartSel="{start}", StopSel="{end}"'
    params = {
        "q": lexemes,
        "first_pattern": first_match_pattern(pattern) if pattern else None,
        "ids": "{" + ",".join(map(str, ids)) + "}",
        "headline_options": f"{selectors}, HighlightAll=true",
        "snippet_options": f"{selectors}, MaxWords={words}, MinWords={words // 2}",
    }
    rows = conn.exec_driver_sql(_statement(columns, pattern is not None), params).mappings()
    names = (*columns, "headline_marked", "snippet")
    return {int(row["marked_id"]): {name: row[name] for name in names} for row in rows}
