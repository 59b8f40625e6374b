"""The query language of the SQLite archive (FTS5's) read for PostgreSQL: a query is checked
by FTS5's own parser, then translated to a ``tsquery`` (see `pgsearch`)."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, bindparam, cast, func, literal_column
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.sql.expression import ColumnElement

CONFIG = "newsharvest_english"
"""The text search configuration of the archive's vectors (made by migration 0002)."""
WEIGHTS = {"headline": "A", "dek": "B", "authors": "C", "body": "D"}
"""Each indexed field's weight: ``ts_rank_cd`` counts a headline match ten times a body match."""

REGCONFIG: ColumnElement[Any] = literal_column(f"'{CONFIG}'::regconfig")
"""The configuration as an SQL expression."""


# -- checking a query with FTS5's own parser ---------------------------------------------

_checker = threading.local()


def check_syntax(expression: str, columns: Sequence[str]) -> str | None:
    """FTS5's error message for `expression`, or None when it parses."""
    conn: sqlite3.Connection | None = getattr(_checker, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        conn.execute(f"CREATE VIRTUAL TABLE q USING fts5({', '.join(columns)})")
        _checker.conn = conn
    try:
        conn.execute("SELECT rowid FROM q WHERE q MATCH ?", (expression,)).fetchall()
    except sqlite3.Error as exc:
        return str(exc).splitlines()[0].removeprefix("fts5: ")
    return None


# -- translating an FTS5 expression to a tsquery ------------------------------------------

_TOKEN = re.compile(
    r'\s*(?:(?P<phrase>"(?:[^"]|"")*")(?P<pstar>\*)?'
    r"|(?P<cols>-?(?:\{[^}]*\}|\w+)\s*:)"
    r"|(?P<punct>[()+,^])"
    r"|(?P<word>[^\s\"(){}:+,^*]+)(?P<star>\*)?)",
    re.UNICODE,
)


@dataclass
class _Token:
    kind: str  # "phrase", "word", "cols", "op", "(", ")", ","
    text: str
    prefix: bool = False


def _tokens(expression: str) -> list[_Token]:
    out: list[_Token] = []
    position = 0
    joining = False  # after "+": the next phrase continues the previous one
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        if match is None or match.end() == position:
            position += 1  # whitespace at the end, or a character FTS5 let through
            continue
        position = match.end()
        text = match["phrase"][1:-1].replace('""', '"') if match["phrase"] else match["word"]
        if joining and text and out and out[-1].kind in ("phrase", "word"):
            out[-1] = _Token("phrase", f"{out[-1].text} {text}")
            joining = False
            continue
        joining = False
        if match["phrase"]:
            out.append(_Token("phrase", text, bool(match["pstar"])))
        elif match["cols"]:
            out.append(_Token("cols", match["cols"].rstrip(": \t")))
        elif match["punct"] in ("(", ")", ","):
            out.append(_Token(match["punct"], match["punct"]))
        elif match["punct"] == "+":
            joining = True
        elif match["punct"]:
            continue  # "^" anchors to the field start: read as a plain word
        elif match["word"] in ("AND", "OR", "NOT"):
            out.append(_Token("op", match["word"]))
        else:
            out.append(_Token("word", match["word"], bool(match["star"])))
    return out


class _Translator:
    """A recursive-descent reading of FTS5's grammar (already checked) into a tsquery."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.params = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expression(self, weights: str) -> ColumnElement[Any]:
        left = self.conjunction(weights)
        while (token := self.peek()) is not None and token.kind == "op" and token.text == "OR":
            self.take()
            left = func.tsquery_or(left, self.conjunction(weights), type_=TSQUERY)
        return left

    def conjunction(self, weights: str) -> ColumnElement[Any]:
        left = self.negation(weights)
        while (token := self.peek()) is not None and token.kind not in (")", ",") and token.text != "OR":
            if token.kind == "op" and token.text == "AND":
                self.take()
            left = func.tsquery_and(left, self.negation(weights), type_=TSQUERY)
        return left

    def negation(self, weights: str) -> ColumnElement[Any]:
        left = self.primary(weights)
        while (token := self.peek()) is not None and token.kind == "op" and token.text == "NOT":
            self.take()
            right = func.tsquery_not(self.primary(weights), type_=TSQUERY)
            left = func.tsquery_and(left, right, type_=TSQUERY)
        return left

    def primary(self, weights: str) -> ColumnElement[Any]:
        token = self.take()
        if token.kind == "cols":
            return self.primary(_weights_of(token.text))
        if token.kind == "(":
            inner = self.expression(weights)
            self._skip(")")
            return inner
        if token.kind == "word" and token.text == "NEAR" and (nxt := self.peek()) and nxt.kind == "(":
            self.take()
            inner = self.expression(weights)  # NEAR(a b, n): every phrase, anywhere
            if (comma := self.peek()) is not None and comma.kind == ",":
                self.take()
                self.take()  # the distance
            self._skip(")")
            return inner
        return self.atom(token, weights)

    def _skip(self, kind: str) -> None:
        if (token := self.peek()) is not None and token.kind == kind:
            self.take()

    def atom(self, token: _Token, weights: str) -> ColumnElement[Any]:
        self.params += 1
        name = f"tsq_{self.params}"
        if token.prefix and token.kind == "word" and re.fullmatch(r"\w+", token.text):
            return func.to_tsquery(REGCONFIG, bindparam(name, f"{token.text}:*{weights}"), type_=TSQUERY)
        text = f'"{token.text}"' if token.kind == "phrase" else token.text
        query: ColumnElement[Any] = func.websearch_to_tsquery(REGCONFIG, bindparam(name, text), type_=TSQUERY)
        if weights:  # every lexeme of it restricted to these fields' weights
            marked = func.regexp_replace(cast(query, Text), r"('(?:[^']|'')*')", rf"\1:{weights}", "g")
            query = cast(marked, TSQUERY)
        return query


def _weights_of(spec: str) -> str:
    """The weight letters of an FTS5 column filter (``headline``, ``{dek body}``, ``-body``)."""
    negated = spec.startswith("-")
    names = spec.lstrip("-").strip("{} ").split()
    chosen = {WEIGHTS[n] for n in names if n in WEIGHTS}
    if negated:
        chosen = set(WEIGHTS.values()) - chosen
    return "".join(sorted(chosen))


def tsquery(expression: str) -> ColumnElement[Any]:
    """The tsquery of an FTS5 expression (one `search.prepare` made and FTS5 accepted)."""
    translator = _Translator(_tokens(expression))
    try:
        out = translator.expression("")
        while (token := translator.peek()) is not None:  # anything left over is ANDed, as FTS5 reads it
            if token.kind in (")", ","):
                translator.take()
                continue
            out = func.tsquery_and(out, translator.expression(""), type_=TSQUERY)
    except IndexError:  # a construct read past its end: take the words as they come
        return func.websearch_to_tsquery(REGCONFIG, bindparam("tsq_all", expression), type_=TSQUERY)
    return out
