"""Pages from outside every corpus, dated by another tool's tests: htmldate's expected dates.

htmldate 1.0.0's source distribution (GPL-3.0, fetched with pip, read in place, nothing of it
copied into this repository) carries 68 real pages, mostly German and English blogs, news
sites, institutions and home pages, beside tests asserting the day htmldate finds on each
(`find_date(load_mock_page(url), …) == 'YYYY-MM-DD'`, some with `original_date=True/False` or
`extensive_search`). Those days are htmldate's own judgements, many on pages that are no
article (home pages, terms of use, a GitHub repository), so they are weak truth: a disagreement
is a page to read, not an error counted against us. Each page gives at most one check of each kind:

- "published": our `date_published` day equals the day htmldate is expected to find for the
  original date (`original_date=True`), else with its defaults;
- "modified": where an expectation asks for the latest date (`original_date=False` stated), our
  `date_modified` day, or `date_published`'s when we have no update (an unchanged page's latest
  date is its publication), equals it;
- "no date": a page htmldate is expected to find no date on with its full search
  (`find_date(…) is None`) passes when we give no `date_published` (or no article). A `None` under
  `extensive_search=False` only says the date is not in the markup a quick search reads: skipped.

Beside ours, the installed htmldate's `find_date` (its current version, default settings,
`original_date=True` for the "published" checks and `False` for the others, the page's URL
given as ours is) is scored on the same checks. The pages are split into a dev and a test half
by `splits.py` (dataset name "htmldate-pages"); rules are looked for on the dev half only
(`--show dev` lists its disagreements).

    python benchmarks/outside_dates.py               # totals per half, newsharvest and htmldate
    python benchmarks/outside_dates.py --show dev    # also every dev check newsharvest fails
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from outside_checks import mock_pages
from sdist import DEFAULT_CACHE, fetch
from splits import in_split

VERSION = "1.0.0"
"""The htmldate release whose test pages and expectations are read."""
DATASET = "htmldate-pages"
KINDS = ("published", "modified", "no date")


@dataclass(frozen=True)
class Expectation:
    """One `find_date(load_mock_page(url), …) == expected` (or `is None`) of the tests."""

    url: str
    expected: str | None
    """The day as YYYY-MM-DD, or None for "no date"."""
    original_date: bool | None = None
    """The call's `original_date`, None when it leaves the default."""
    extensive_search: bool = True


@dataclass(frozen=True)
class Check:
    """One check of one page: `kind` is one of `KINDS`; `expected` None for "no date"."""

    url: str
    kind: str
    expected: str | None


def _call_named(node: ast.expr, name: str) -> ast.Call | None:
    return node if isinstance(node, ast.Call) and getattr(node.func, "id", "") == name else None


def _expectation(compare: ast.Compare) -> Expectation | None:
    """The expectation a comparison states, if it is `find_date(load_mock_page('…'), flags…)`
    compared with `==` to a date string or with `is` to None; None for anything else (a page
    given as markup, an unknown keyword, a format that cannot be read back)."""
    if len(compare.ops) != 1 or not isinstance(compare.comparators[0], ast.Constant):
        return None
    call = _call_named(compare.left, "find_date")
    loaded = _call_named(call.args[0], "load_mock_page") if call is not None and call.args else None
    if call is None or loaded is None or not loaded.args or len(loaded.args) > 1:
        return None
    page = loaded.args[0]
    if not (isinstance(page, ast.Constant) and isinstance(page.value, str)):
        return None
    flags: dict[str, Any] = {}
    for keyword in call.keywords:
        if keyword.arg not in ("original_date", "extensive_search", "outputformat"):
            return None
        if not isinstance(keyword.value, ast.Constant):
            return None
        flags[keyword.arg] = keyword.value.value
    op, value = compare.ops[0], compare.comparators[0].value
    if isinstance(op, ast.Is) and value is None:
        expected = None
    elif isinstance(op, ast.Eq) and isinstance(value, str):
        try:
            expected = datetime.strptime(value, flags.get("outputformat", "%Y-%m-%d")).strftime("%Y-%m-%d")
        except ValueError:
            return None
    else:
        return None
    return Expectation(page.value, expected, flags.get("original_date"), flags.get("extensive_search", True))


def read_expectations(source: str) -> tuple[dict[str, str], list[Expectation]]:
    """The pages and every expectation about one of them in a test module, in the order
    written (once each; commented-out asserts are no part of the syntax tree)."""
    tree = ast.parse(source)
    asserts = sorted(
        (node for node in ast.walk(tree) if isinstance(node, ast.Assert)), key=lambda node: node.lineno
    )
    found: list[Expectation] = []
    for node in asserts:
        expectation = _expectation(node.test) if isinstance(node.test, ast.Compare) else None
        if expectation is not None and expectation not in found:
            found.append(expectation)
    return mock_pages(tree), found


def checks_of(expectations: list[Expectation]) -> list[Check]:
    """At most one check of each kind per page (see the module's description): the published
    day from `original_date=True`, else from the default call; the latest day from a stated
    `original_date=False`; "no date" from a full search expected to find none."""
    checks: list[Check] = []
    for url in dict.fromkeys(e.url for e in expectations):
        mine = [e for e in expectations if e.url == url]
        dated = [e for e in mine if e.expected is not None]
        original = [e for e in dated if e.original_date is True]
        original = original or [e for e in dated if e.original_date is None]
        if original:
            checks.append(Check(url, "published", original[0].expected))
        latest = [e for e in dated if e.original_date is False]
        if latest:
            checks.append(Check(url, "modified", latest[0].expected))
        if not dated and any(e.expected is None and e.extensive_search for e in mine):
            checks.append(Check(url, "no date", None))
    return checks


def passes(check: Check, got: dict[str, str | None] | None) -> bool:
    """Whether one extractor's dates (None: it gave no article) meet one check."""
    published = (got or {}).get("published")
    if check.kind == "no date":
        return not published
    if check.kind == "modified":
        return ((got or {}).get("modified") or published or "")[:10] == check.expected
    return (published or "")[:10] == check.expected


def ours(html: bytes, url: str) -> dict[str, str | None] | None:
    from newsharvest.extract import Article, extract_article

    record = extract_article(html, url)
    if not isinstance(record, Article):
        return None
    return {"published": record.date_published, "modified": record.date_modified}


def htmldate_dates(html: bytes, url: str) -> dict[str, str | None]:
    from htmldate import find_date

    def found(original: bool) -> str | None:
        try:
            return find_date(html, url=url, original_date=original)
        except Exception:  # a page it cannot read has no date
            return None

    return {"published": found(True), "modified": found(False)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--show", choices=("dev",), help="list the failed checks of this half")
    args = parser.parse_args(argv)
    import htmldate

    tests = fetch("htmldate", VERSION, "tests", args.cache)
    pages, expectations = read_expectations((tests / "unit_tests.py").read_text(encoding="utf-8"))
    checks = checks_of([e for e in expectations if e.url in pages])
    urls = list(dict.fromkeys(c.url for c in checks))
    records: dict[tuple[str, str], dict[str, str | None] | None] = {}
    for url in urls:
        html = (tests / "cache" / pages[url]).read_bytes()
        records["newsharvest", url] = ours(html, url)
        records["htmldate", url] = htmldate_dates(html, url)
    print(f"htmldate {VERSION}'s expected dates: {len(checks)} checks on {len(urls)} of its "
          f"{len(pages)} pages; beside ours, htmldate {htmldate.__version__}")  # fmt: skip
    for split in ("test", "dev"):
        chosen = [check for check in checks if in_split(DATASET, check.url, split)]
        chosen_urls = list(dict.fromkeys(c.url for c in chosen))
        counts = {kind: sum(check.kind == kind for check in chosen) for kind in KINDS}
        shown = ", ".join(f"{counts[kind]} {kind!r}" for kind in KINDS if counts[kind])
        print(f"\n{split} half: {len(chosen_urls)} pages, {len(chosen)} checks ({shown})")
        for name in ("newsharvest", "htmldate"):
            passed = {
                kind: sum(passes(c, records[name, c.url]) for c in chosen if c.kind == kind) for kind in KINDS
            }
            detail = "  ".join(f"{kind} {passed[kind]}/{counts[kind]}" for kind in KINDS if counts[kind])
            undated = sum(not (records[name, url] or {}).get("published") for url in chosen_urls)
            rejected = sum(records[name, url] is None for url in chosen_urls)
            print(f"  {name:12} {sum(passed.values())}/{len(chosen)} checks passed   {detail}   "
                  f"no date on {undated} pages ({rejected} rejected)")  # fmt: skip
        if args.show == split:
            for check in chosen:
                if passes(check, records["newsharvest", check.url]):
                    continue
                got = records["newsharvest", check.url]
                theirs = records["htmldate", check.url] or {}
                value = "(no article)" if got is None else f"{got['published']} / modified {got['modified']}"
                also = "" if passes(check, theirs) else " (htmldate too)"
                print(f"    FAIL{also} {check.url}\n      {check.kind} {check.expected} got {value}; "
                      f"htmldate {theirs.get('published')} / {theirs.get('modified')}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
