"""Pages from outside every corpus, judged by checks people wrote: trafilatura's real-world tests.

trafilatura 1.0.0's source distribution (GPL-3.0, fetched with pip, read in place, nothing of it
copied into this repository) carries about 110 real pages, mostly German and English blogs,
news sites and institutions, beside tests that state for each page sentences its text must
hold (`'…' in result`) and furniture it must not (`'…' not in result`), and for a few pages the
title, author and date (`metadata['title'] == '…'`). Each such clause is one check here:

- body checks: a sentence is found in (or absent from) the extractor's text, whitespace collapsed;
- field checks: title, first author and date (to the day) equal the stated ones.

The checks were written for trafilatura (it was tuned on these pages; its figure is no unseen
measurement) and for its text with comments kept: a sentence from a comment counts as missed by
an extractor that leaves comments out, as newsharvest and trafilatura here both do. newsharvest's
text is its body followed by the text of its embedded posts (`embeds`: a quoted tweet is kept
there, out of the body, and a check quoting it is met). The pages
are split into a dev and a test half by `splits.py` (dataset name "trafilatura-checks"); rules
are looked for on the dev half only (`--show dev` lists its failed checks).

    python benchmarks/outside_checks.py               # totals per half, newsharvest and trafilatura
    python benchmarks/outside_checks.py --show dev    # also every failed check of the dev half
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sdist import DEFAULT_CACHE, fetch
from splits import in_split

VERSION = "1.0.0"
"""The trafilatura release whose test pages and checks are read (its checks are fixed by it)."""
DATASET = "trafilatura-checks"


@dataclass(frozen=True)
class Check:
    """One clause of the tests: `kind` is "in", "not in", "rejected" or a field name."""

    url: str
    kind: str
    expected: str | None


def mock_pages(tree: ast.Module) -> dict[str, str]:
    """A test module's MOCK_PAGES literal: page address -> file name under tests/cache."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "MOCK_PAGES" for t in node.targets):
            return dict(ast.literal_eval(node.value))
    return {}


def _loaded_url(value: ast.expr, names: dict[str, str]) -> str | None:
    """The address a `load_mock_page(url, …)` call (possibly wrapped in another call) loads."""
    for call in ast.walk(value):
        if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "load_mock_page" and call.args:
            first = call.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                return first.value
            if isinstance(first, ast.Name):
                return names.get(first.id)
    return None


def _clauses(test: ast.expr) -> list[ast.expr]:
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return [part for value in test.values for part in _clauses(value)]
    return [test]


def _check_of(clause: ast.expr, url: str, variable: str) -> Check | None:
    """A body check (`'s' in result`), a rejection (`result is None`) or a field check
    (`metadata['title'] == 's'`); None for a clause of any other form."""
    if not isinstance(clause, ast.Compare) or len(clause.ops) != 1:
        return None
    left, op, right = clause.left, clause.ops[0], clause.comparators[0]
    if isinstance(right, ast.Name) and right.id == variable and isinstance(left, ast.Constant):
        if isinstance(op, ast.In):
            return Check(url, "in", left.value)
        if isinstance(op, ast.NotIn):
            return Check(url, "not in", left.value)
    if (
        isinstance(left, ast.Name)
        and left.id == variable
        and isinstance(op, ast.Is)
        and isinstance(right, ast.Constant)
        and right.value is None
    ):
        return Check(url, "rejected", None)
    if (
        isinstance(left, ast.Subscript)
        and getattr(left.value, "id", "") == variable
        and isinstance(op, ast.Eq)
        and isinstance(right, ast.Constant)
        and isinstance(right.value, str)
    ):
        field = left.slice.value if isinstance(left.slice, ast.Constant) else None
        if field in ("title", "author", "date"):
            return Check(url, field, right.value)
    return None


def _statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """Every statement of `body` and of the blocks inside it, in the order written (`ast.walk`
    goes breadth first: an assert inside an `if` would come after the next page's load)."""
    found: list[ast.stmt] = []
    for statement in body:
        found.append(statement)
        for block in ("body", "orelse", "finalbody"):
            found += _statements(getattr(statement, block, None) or [])
    return found


def read_checks(source: str) -> tuple[dict[str, str], list[Check]]:
    """The pages and every check of one test module, in the order written (once each)."""
    tree = ast.parse(source)
    checks: list[Check] = []
    names: dict[str, str] = {}
    for function in (node for node in tree.body if isinstance(node, ast.FunctionDef)):
        current: dict[str, str] = {}
        for node in _statements(function.body):
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                target = node.targets[0].id
                if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                    names[target] = node.value.value
                url = _loaded_url(node.value, names)
                if url is not None:
                    current = {target: url}
            elif isinstance(node, ast.Assert) and current:
                [(variable, url)] = current.items()
                for clause in _clauses(node.test):
                    check = _check_of(clause, url, variable)
                    if check is not None and check not in checks:
                        checks.append(check)
    return mock_pages(tree), checks


def _squeezed(text: str | None) -> str:
    return " ".join((text or "").split())


def ours(html: bytes, url: str) -> dict[str, Any] | None:
    from newsharvest.extract import Article, extract_article

    record = extract_article(html, url)
    if not isinstance(record, Article):
        return None
    authors = [author.name for author in record.authors]
    text = "\n\n".join([record.body, *(embed.text for embed in record.embeds)])
    return {"text": text, "title": record.headline, "author": authors[0] if authors else None,
            "date": record.date_published}  # fmt: skip


def trafilatura_fields(html: bytes, url: str) -> dict[str, Any] | None:
    import trafilatura

    found: Any = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True)
    if found is None:
        return None
    fields = found.as_dict()
    return {"text": fields.get("text"), "title": fields.get("title"), "author": fields.get("author"),
            "date": fields.get("date")}  # fmt: skip


def passes(check: Check, got: dict[str, Any] | None) -> bool:
    """Whether one extractor's record (None: it gave no text) meets one check."""
    if check.kind == "rejected":
        return got is None
    if got is None:
        return check.kind == "not in"
    if check.kind in ("in", "not in"):
        found = _squeezed(check.expected) in _squeezed(got["text"])
        return found if check.kind == "in" else not found
    value = got.get(check.kind)
    if check.kind == "date":
        return str(value or "")[:10] == check.expected
    return _squeezed(str(value or "")) == _squeezed(check.expected)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--show", choices=("dev",), help="list the failed checks of this half")
    args = parser.parse_args(argv)
    tests = fetch("trafilatura", VERSION, "tests", args.cache)
    pages: dict[str, str] = {}
    checks: list[Check] = []
    for module in ("realworld_tests.py", "metadata_tests.py"):
        module_pages, module_checks = read_checks((tests / module).read_text(encoding="utf-8"))
        pages.update(module_pages)
        checks += [check for check in module_checks if check.url in module_pages]
    extractors = {"newsharvest": ours, "trafilatura": trafilatura_fields}
    records: dict[tuple[str, str], dict[str, Any] | None] = {}
    for url in sorted({check.url for check in checks}):
        html = (tests / "cache" / pages[url]).read_bytes()
        for name, extract in extractors.items():
            records[name, url] = extract(html, url)
    print(f"trafilatura {VERSION}'s real-world checks: {len(checks)} checks on "
          f"{len({c.url for c in checks})} pages")  # fmt: skip
    for split in ("test", "dev"):
        chosen = [check for check in checks if in_split(DATASET, check.url, split)]
        kinds = ("in", "not in", "title", "author", "date", "rejected")
        counts = {kind: sum(check.kind == kind for check in chosen) for kind in kinds}
        shown = ", ".join(f"{counts[kind]} {kind!r}" for kind in kinds if counts[kind])
        print(f"\n{split} half: {len({c.url for c in chosen})} pages, {len(chosen)} checks ({shown})")
        for name in extractors:
            passed = {
                kind: sum(passes(c, records[name, c.url]) for c in chosen if c.kind == kind) for kind in kinds
            }
            clean_pages = {c.url for c in chosen} - {
                c.url for c in chosen if not passes(c, records[name, c.url])
            }
            detail = "  ".join(f"{kind} {passed[kind]}/{counts[kind]}" for kind in kinds if counts[kind])
            print(f"  {name:12} {sum(passed.values())}/{len(chosen)} checks passed, "
                  f"{len(clean_pages)} pages passing all   {detail}")  # fmt: skip
        if args.show == split:
            for check in chosen:
                failed = [name for name in extractors if not passes(check, records[name, check.url])]
                if "newsharvest" in failed:
                    got = records["newsharvest", check.url]
                    value = "(no article)" if got is None else repr(got.get(check.kind, ""))[:80]
                    also = " (trafilatura too)" if "trafilatura" in failed else ""
                    shown_value = "" if check.kind in ("in", "not in") else f" got {value}"
                    print(f"    FAIL{also} {check.url}\n      {check.kind} {check.expected!r}{shown_value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
