"""trafilatura's metadata unit tests, each snippet run through `extract_article` as a page.

trafilatura 1.0.0's `tests/metadata_tests.py` (GPL-3.0, in its source distribution, fetched with
pip and read in place; nothing of it is copied here) holds short hand-written pages, each with
the author, title or date trafilatura must read from it (`metadata = extract_metadata('<html>…')`
then `assert metadata['author'] == 'Jenny Smith'`). Each snippet becomes a page with a headline
and a story added after the snippet's own body (the snippets hold no text), fetched at an
address without a date; the author (names joined by "; " as trafilatura writes them) or the
day of publication is compared with the expectation. The snippets state trafilatura's
conventions (a nickname dropped, a forum's `username` taken), so the failed lines are the check.

    python benchmarks/outside_snippets.py            # authors and dates: passed / all
    python benchmarks/outside_snippets.py --show     # also every failed snippet
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sdist import DEFAULT_CACHE, fetch

VERSION = "1.0.0"
TESTS = {"test_authors": "author", "test_dates": "date"}
"""The test functions read, and the field each one checks (not its titles: the page this makes
has its own headline)."""
URL = "https://news.example.org/news/harbour-plan-approved"
STORY = "".join(
    f"<p>The harbour board voted on item {n} to rebuild the north pier before the winter storms"
    " arrive, members said on Tuesday evening.</p>"
    for n in range(14)
)


def read_snippets(source: str) -> list[tuple[str, str, str | None]]:
    """(field, snippet, expected) for each `metadata = extract_metadata('<snippet>')` followed by
    `assert metadata['<field>'] == '<expected>'` (or `is None`) in the `TESTS` functions."""
    found: list[tuple[str, str, str | None]] = []
    for function in ast.parse(source).body:
        if not isinstance(function, ast.FunctionDef) or function.name not in TESTS:
            continue
        field, snippet = TESTS[function.name], None
        for statement in function.body:
            if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
                call = statement.value
                if getattr(call.func, "id", "") == "extract_metadata" and len(call.keywords) == 0:
                    first = call.args[0] if call.args else None
                    snippet = first.value if isinstance(first, ast.Constant) else None
                else:
                    snippet = None
            elif isinstance(statement, ast.Assert) and snippet and isinstance(statement.test, ast.Compare):
                left, right = statement.test.left, statement.test.comparators[0]
                if (
                    isinstance(left, ast.Subscript)
                    and getattr(left.slice, "value", None) == field
                    and isinstance(right, ast.Constant)
                    and isinstance(statement.test.ops[0], (ast.Eq, ast.Is))
                ):
                    found.append((field, snippet, right.value))
    return found


def as_page(snippet: str) -> str:
    """The snippet's head and body in a page with a headline and a story after its body."""
    head = re.search(r"<head>(.*?)</head>", snippet, re.S)
    body = re.search(r"<body>(.*?)(?:</body>|$)", snippet, re.S)
    return (
        f"<html><head>{head.group(1) if head else ''}</head><body><h1>Harbour plan approved</h1>"
        f"{body.group(1) if body else ''}<article>{STORY}</article></body></html>"
    )


def ours(field: str, snippet: str) -> str | None:
    from newsharvest.extract import Article, extract_article

    record: Any = extract_article(as_page(snippet), URL)
    if not isinstance(record, Article):
        return None
    if field == "author":
        return "; ".join(author.name for author in record.authors) or None
    return (record.date_published or "")[:10] or None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--show", action="store_true", help="print every failed snippet")
    args = parser.parse_args(argv)
    tests = fetch("trafilatura", VERSION, "tests", args.cache)
    snippets = read_snippets((tests / "metadata_tests.py").read_text(encoding="utf-8"))
    print(f"trafilatura {VERSION}'s metadata unit tests, run as pages through extract_article")
    for field in TESTS.values():
        chosen = [(snippet, expected) for kind, snippet, expected in snippets if kind == field]
        failed = [(s, e, got) for s, e in chosen if (got := ours(field, s)) != e]
        print(f"  {field:7} {len(chosen) - len(failed)}/{len(chosen)} passed")
        for snippet, expected, got in failed if args.show else ():
            print(f"    want {expected!r} got {got!r}: {' '.join(snippet.split())[:150]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
