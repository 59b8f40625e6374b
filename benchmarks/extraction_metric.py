"""Scoring rules of `extraction.py` that are the benchmark's own (not score.py's or AEB's).

Author-set F1, the half a page belongs to, and the per-split summaries of field scores. Kept
free of I/O and of ../shared so that tests check them on hand-made data.

Author-set F1 (pages whose truth has a byline): the truth byline is split into names by
`split_names` (at ; , / & | • and the words "and", "und", "et"); a predicted author list is
taken name by name (an extractor returning one string, such as trafilatura's "A; B", is split
by the same `split_names`). Every name is
normalised by `normalise_name` (NFKC, case-folded, runs of non-word characters to one space,
a leading "by"/"par"/"por"/"von" dropped). Per page: tp = names in both sets, P = tp /
predicted names (0 when none), R = tp / true names, F1 = 2PR/(P+R); then the mean over pages.

Title match (`title_match`), beside the strict exact match, forgives the truth's known defects,
the same rule for every extractor: after whitespace collapse and case-folding, with every
non-ASCII character and "?" read as one placeholder (L3S-GN1's truth has "?" for each character
it lost), the prediction equals the truth, or the truth without one leading or trailing segment
after " | ", " - ", " — ", " – ", " _ " (or a leading one before ": ") — the site name a
headline should not carry — or the prediction's headline + " " + its dek (L3S-GN1's annotators
marked the headline and the subtitle as one).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from splits import in_split

_SEPARATORS = re.compile(r"\s*(?:[;,/&|•·\n]|\s(?:and|und|et)\s)\s*", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+")
_LEADING_BY = re.compile(r"^(?:by|par|por|von)\s+", re.IGNORECASE)
_SEGMENT_MARKS = (" | ", " - ", " — ", " – ", " _ ")
"""What sits between a headline and a site name in a title; ": " counts only after a leading name."""
_LOST_CHAR = re.compile(r"[^\x00-\x7f]|\?")


def normalise_name(name: str) -> str:
    """A person's name reduced for comparison: "By John C. Welch" -> "john c welch"."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _NON_WORD.sub(" ", text).strip()
    return _LEADING_BY.sub("", text).strip()


def split_names(byline: str | None) -> set[str]:
    """The set of normalised names in a byline string ("By A, B and C" -> {a, b, c})."""
    if not byline:
        return set()
    names = (normalise_name(part) for part in _SEPARATORS.split(byline))
    return {name for name in names if name}


def name_set(names: Iterable[str] | str | None) -> set[str]:
    """Predicted authors as a set of normalised names: a list is taken name by name, a string split."""
    if names is None:
        return set()
    if isinstance(names, str):
        return split_names(names)
    return {n for n in (normalise_name(name) for name in names) if n}


def author_set_prf(
    predicted: Iterable[str] | str | None, true_byline: str | None
) -> tuple[float, float, float]:
    """(precision, recall, F1) of the predicted author names against the truth byline's names."""
    truth, pred = split_names(true_byline), name_set(predicted)
    if not truth:
        return (1.0, 1.0, 1.0) if not pred else (0.0, 1.0, 0.0)
    tp = len(truth & pred)
    precision = tp / len(pred) if pred else 0.0
    recall = tp / len(truth)
    return precision, recall, (2 * precision * recall / (precision + recall) if tp else 0.0)


def normalise_title(text: str | None) -> str:
    """A title reduced for the lenient match: whitespace collapsed, case-folded, each non-ASCII
    character and "?" one placeholder ("Town‘s plan" and "town?s plan" agree)."""
    return _LOST_CHAR.sub("\ufffd", " ".join((text or "").split()).casefold())


def _truth_variants(truth: str) -> set[str]:
    """The normalised truth, and the truth without one leading or trailing site-name segment."""
    whole = " ".join(truth.split())
    variants = {whole}
    for mark in _SEGMENT_MARKS:
        head, found, _ = whole.rpartition(mark)
        if found and head.strip():
            variants.add(head)
        _, found, tail = whole.partition(mark)
        if found and tail.strip():
            variants.add(tail)
    _, found, tail = whole.partition(": ")
    if found and tail.strip():
        variants.add(tail)
    return {normalise_title(v) for v in variants}


def title_match(predicted: str | None, truth: str, dek: str | None = None) -> bool:
    """Whether a predicted title is the truth up to the truth's known defects (module docstring)."""
    if not predicted or not predicted.strip():
        return False
    variants = _truth_variants(truth)
    if normalise_title(predicted) in variants:
        return True
    return bool(dek and dek.strip()) and normalise_title(f"{predicted} {dek}") == normalise_title(truth)


def select(dataset: str, ids: Iterable[str], split: str | None, flagged: Iterable[str] = ()) -> list[str]:
    """The ids of `split` ('dev', 'test', 'all'/None) with the flagged ones left out, in order."""
    skip = set(flagged)
    return [i for i in ids if i not in skip and in_split(dataset, i, split)]


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def field_scores(
    rows: Sequence[tuple[dict[str, Any], dict[str, Any]]],
    fields: Iterable[str],
    same_date: Callable[[Any, Any], bool],
    norm_ws: Callable[[str | None], str],
) -> dict[str, Any]:
    """Title exact match and title match, author-set F1 and date accuracy over (truth, prediction) pairs.

    Only the fields the extractor offers (`fields`) are scored, each over the pages whose truth
    has it; `same_date` and `norm_ws` are the corpora scorer's. A figure is None when no page
    counts (no truth, or an extractor without that field).
    """
    offered = set(fields)
    titles: list[bool] = []
    lenient: list[bool] = []
    authors: list[float] = []
    spurious: list[bool] = []
    dates: list[bool] = []
    for truth, pred in rows:
        if "title" in offered and truth.get("title"):
            titles.append(norm_ws(pred.get("title")) == norm_ws(truth["title"]))
            lenient.append(title_match(pred.get("title"), truth["title"], pred.get("dek")))
        if "authors" in offered:
            if truth.get("byline"):
                authors.append(author_set_prf(pred.get("authors"), truth["byline"])[2])
            else:
                spurious.append(bool(name_set(pred.get("authors"))))
        if "published" in offered and truth.get("published"):
            dates.append(same_date(pred.get("published"), truth["published"]))
    return {
        "title_n": len(titles),
        "title_exact": _mean([float(t) for t in titles]),
        "title_match": _mean([float(t) for t in lenient]),
        "author_n": len(authors),
        "author_f1": _mean(authors),
        # pages without a truth byline that got authors: meaningful only where the set has bylines
        "author_spurious": _mean([float(s) for s in spurious]) if authors else None,
        "published_n": len(dates),
        "published_accuracy": _mean([float(d) for d in dates]),
    }
