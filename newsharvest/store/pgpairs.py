"""A GIN index of adjacent word pairs that narrows a PostgreSQL phrase search.

The GIN index of `articles.search_vector` keeps no positions: for a phrase it lists every
article holding all of its words, and each has its vector (several kilobytes, stored out of
line) read to check their order. Two common words share a large part of the archive, while
the phrase may be in a few articles. This index (migration 0011) holds, for each article, a
key for each pair of lexemes at adjacent positions of its vector (`PAIRS_FUNCTION`), so that
the articles holding a phrase's pairs are listed from an index before any vector is read.

The pairs are computed from the stored vector itself, by the database, so that an article
matching a phrase always holds the phrase's pairs: the filter is ANDed with the exact phrase
match (`pair_filter`) and can add candidates (a key is a hash of the pair into `BUCKETS`
buckets, so that two pairs may share one), never lose a match. A query's pairs come from
its ``tsquery`` (`required_pairs`): the lexemes a ``<->`` joins, where every match must
hold them (not under OR or NOT).

The key is PostgreSQL's own ``hashtext``, the same for the stored keys and the query's, both
computed by the server: a major version that changed it would need the index rebuilt
(``REINDEX INDEX ix_articles_search_pairs``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KEY_FUNCTION = "newsharvest_pair_key"
"""The key of a pair of lexemes: a hash of the two into one of `BUCKETS`."""
PAIRS_FUNCTION = "newsharvest_pairs"
"""The keys of every pair of lexemes at adjacent positions of a vector (an integer array)."""
PAIRS_INDEX = "ix_articles_search_pairs"
BUCKETS = 1 << 18
"""How many keys there are: few enough that each key's articles are a list GIN compresses
well, many enough that a key shared by chance lists few articles besides the phrase's."""


def index_statements(vector: str) -> list[str]:
    """The DDL of the pair functions and the GIN index over the pairs of `vector` (a column of
    `articles`): creating the index reads every article's vector once."""
    return [
        f"CREATE FUNCTION {KEY_FUNCTION}(a text, b text) RETURNS integer"
        f" LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE RETURN hashtext(a || ' ' || b) & {BUCKETS - 1}",
        # a self-join on the positions (not the next position in order): a position may hold
        # several lexemes (every one past the vector's last position is stored at it)
        f"CREATE FUNCTION {PAIRS_FUNCTION}(v tsvector) RETURNS integer[]"
        f" LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE BEGIN ATOMIC"
        f" WITH t AS (SELECT u.lexeme, p FROM unnest(v) AS u, unnest(u.positions) AS p)"
        f" SELECT coalesce(array_agg(DISTINCT {KEY_FUNCTION}(a.lexeme, b.lexeme)), '{{}}')"
        f" FROM t AS a JOIN t AS b ON b.p = a.p + 1; END",
        f"CREATE INDEX {PAIRS_INDEX} ON articles USING gin ({PAIRS_FUNCTION}({vector}))",
    ]


PAIRS_COST = 10000
"""The declared cost of one call of `PAIRS_FUNCTION`, in ``cpu_operator_cost`` units (25 of
the planner's page reads): it reads and self-joins a whole vector, about a millisecond, so
that the planner lists a phrase's candidates from `PAIRS_INDEX` rather than compute the pairs
of every article another condition lists (migration 0014)."""
DEFAULT_SQL_COST = 100
"""PostgreSQL's cost of a function declared without one (SQL and PL languages)."""


def cost_statement(cost: int) -> str:
    """The DDL that declares `PAIRS_FUNCTION`'s cost to the planner."""
    return f"ALTER FUNCTION {PAIRS_FUNCTION}(tsvector) COST {cost}"


def drop_statements() -> list[str]:
    return [
        f"DROP INDEX IF EXISTS {PAIRS_INDEX}",
        f"DROP FUNCTION IF EXISTS {PAIRS_FUNCTION}(tsvector)",
        f"DROP FUNCTION IF EXISTS {KEY_FUNCTION}(text, text)",
    ]


def pair_filter(vector: str, pairs: list[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    """The SQL condition that an article's `vector` (an SQL expression) holds the keys of
    `pairs` (found by the index), and its parameters."""
    keys = ", ".join(f"{KEY_FUNCTION}(%(pair_{i}_a)s, %(pair_{i}_b)s)" for i in range(len(pairs)))
    params = {f"pair_{i}_a": first for i, (first, _) in enumerate(pairs)}
    params.update({f"pair_{i}_b": second for i, (_, second) in enumerate(pairs)})
    return f"{PAIRS_FUNCTION}({vector}) @> ARRAY[{keys}]::integer[]", params


# -- the pairs a tsquery requires ---------------------------------------------------------


@dataclass(frozen=True)
class QueryNode:
    """A node of a parsed ``tsquery``: an operand (`lexeme`, `prefix`) or an operator."""

    op: str  # "lexeme", "!", "&", "|", "<N>" (N the distance)
    lexeme: str = ""
    prefix: bool = False
    weighted: bool = False
    """Restricted to some weights (fields), as ``'a':A``."""
    left: QueryNode | None = None
    right: QueryNode | None = None


_QUERY_TOKEN = re.compile(r"\s*(?:'((?:[^'\\]|''|\\.)*)'(:[*A-D]*)?|(<->|<\d+>|[!&|()]))")


class _Parser:
    """Reads the text PostgreSQL writes a ``tsquery`` as (``'a' <-> 'b' & !'c':*``)."""

    def __init__(self, text: str) -> None:
        self.tokens: list[tuple[str, str, str]] = []
        at = 0
        while at < len(text.rstrip()):
            match = _QUERY_TOKEN.match(text, at)
            if match is None:
                raise ValueError(f"unreadable tsquery at {at}: {text!r}")
            self.tokens.append((match[1] if match[1] is not None else "", match[2] or "", match[3] or ""))
            at = match.end()
        self.at = 0

    def _operator(self) -> str:
        return self.tokens[self.at][2] if self.at < len(self.tokens) else ""

    def disjunction(self) -> QueryNode:
        left = self.conjunction()
        while self._operator() == "|":
            self.at += 1
            left = QueryNode("|", left=left, right=self.conjunction())
        return left

    def conjunction(self) -> QueryNode:
        left = self.phrase()
        while self._operator() == "&":
            self.at += 1
            left = QueryNode("&", left=left, right=self.phrase())
        return left

    def phrase(self) -> QueryNode:
        left = self.unary()
        while self._operator().startswith("<"):
            distance = self._operator()
            self.at += 1
            left = QueryNode("<1>" if distance == "<->" else distance, left=left, right=self.unary())
        return left

    def unary(self) -> QueryNode:
        lexeme, flags, operator = self.tokens[self.at]
        self.at += 1
        if operator == "!":
            return QueryNode("!", left=self.unary())
        if operator == "(":
            inner = self.disjunction()
            self.at += 1  # ")"
            return inner
        if operator:
            raise ValueError(f"unexpected {operator!r} in tsquery")
        text = re.sub(r"\\(.)", r"\1", lexeme.replace("''", "'"))
        return QueryNode("lexeme", lexeme=text, prefix="*" in flags, weighted=bool(flags.strip(":*")))


def _edge(node: QueryNode, last: bool) -> QueryNode | None:
    """The lexeme at the end (`last`) or start of a phrase or lexeme, if it is a whole word."""
    while node.op.startswith("<") and node.left is not None and node.right is not None:
        node = node.right if last else node.left
    return node if node.op == "lexeme" and not node.prefix else None


def _required(node: QueryNode) -> set[tuple[str, str]]:
    """The adjacent pairs of lexemes every article matching `node` holds."""
    if node.op == "lexeme" or node.op == "!" or node.left is None or node.right is None:
        return set()
    left, right = _required(node.left), _required(node.right)
    if node.op == "|":
        return left & right
    if node.op == "&":
        return left | right
    found = left | right
    end, start = _edge(node.left, last=True), _edge(node.right, last=False)
    if node.op == "<1>" and end is not None and start is not None:
        found.add((end.lexeme, start.lexeme))
    return found


def parse(text: str) -> QueryNode | None:
    """The tree of a ``tsquery`` (its text); None when the text is empty or cannot be read."""
    if not text.strip():
        return None
    try:
        parser = _Parser(text)
        node = parser.disjunction()
    except (ValueError, IndexError):
        return None
    return node if parser.at == len(parser.tokens) else None


def required_pairs(text: str) -> list[tuple[str, str]]:
    """The pairs of adjacent lexemes every match of a ``tsquery`` (its text) holds, in order;
    none when the text cannot be read (the search then goes without the filter)."""
    node = parse(text)
    return [] if node is None else sorted(_required(node))
