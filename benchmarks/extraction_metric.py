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

Author F1, truth cleaned (a second figure beside the strict one, never instead of it): the
truth bylines are Readability.js's picks and some carry what is no name ("By GILLIAN MOHNEY
March 11, 2015 3:46 PM", "By Brenda Goodman, MA WebMD Health News", "Follow Author"). Before
the same split and the same per-page F1, `clean_byline` takes out of the truth byline date and
time expressions (a month name beside a number, numeric dates, clock times with am/pm and a
zone, "3 hours ago", weekdays, "Updated"/"Last Updated"/"Published"/"Posted"/"Modified") and
any digits left; then `person_names` drops trailing academic credentials (MA, PhD, MD, ...;
a part that is only credentials goes) and every part naming no person: one holding an
organisation, desk, wire-agency or page-interface word (`NOT_PERSON_WORDS`: "news", "press",
"staff", "organization", "AFP", "follow", "author", ...), which takes off a desk or site name
after a comma ("WebMD Health News"). A page whose cleaned truth names nobody ("Follow Author",
"BBC News", a date alone) is left out of this figure and counted. Predictions are not
cleaned: an extractor that returns a date or a desk as a name still loses precision.
Title exact, site name aside (`title_exact_site`), beside the strict exact match: the same
exact match after `site_names.strip_site_segment` takes off both the truth and the predicted
title one trailing and one leading segment that is the site's name as the page states it (the
truth record's `site_names`, set by `extraction.py` from the page; none: the plain exact match).
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

from site_names import strip_site_segment
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


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|"
    r"januar|februar|m[äa]rz|juni|juli|oktober|dezember|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
    r"janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|novembro|dezembro)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th|er|º)?\.?"
_YEAR = r"(?:,?\s*(?:de\s+)?\d{4}\d*)"
_DATE_TIME = re.compile(
    "|".join(
        (
            rf"{_DAY}\s*(?:de\s+)?\b{_MONTH}(?![^\W\d_]){_YEAR}?",  # 22 Dec 2016, 1 de diciembre de 2017
            rf"\b{_MONTH}\s+(?:{_DAY}{_YEAR}?|\d{{4}}\d*)",  # March 11, 2015; June 2019
            r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b",  # 2019-04-28, 28.04.2019, 4/28/19
            r"(?:\b(?:at|à|um|a\s+las)\s+)?\b\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\b\.?)?"
            # 6:01 am, 3:00 PM PST, 10:15 Uhr
            r"(?:\s*(?-i:[ECMP][SD]T|GMT|UTC|BST|CES?T|AES?T|AEDT|JST|IST)\b|\s*Uhr\b)?",
            r"\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago\b",
            r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b,?",
            r"\b(?:last\s+)?(?:updated|modified|published|posted)(?:\s+on)?\b\s*:?",
            r"\d+",  # what digits remain: glued counters ("Nolan22 Dec 2016651"), stray years
        )
    ),
    re.IGNORECASE,
)
"""Date and time expressions in a byline; a month name counts only beside a number, so the
"June" of "Laura June Topolsky" stays."""
_CREDENTIALS = frozenset(
    {"BA", "BSc", "MA", "MSc", "MBA", "MPH", "MD", "DDS", "DVM", "PhD", "DPhil", "EdD", "JD", "LLM", "RN"}
)
"""Academic and professional credentials, as written (case matters: "Ma" is a name)."""
NOT_PERSON_WORDS = frozenset(
    {
        # organisations, desks and wire agencies
        "news", "press", "media", "agency", "wire", "desk", "staff", "newsroom", "editors", "editorial",
        "organization", "organisation", "network", "magazine", "company", "inc", "ltd", "llc", "corp",
        "institute", "university", "foundation", "association", "ap", "afp", "reuters", "dpa", "upi",
        # page interface put where a byline goes
        "follow", "author", "authors", "share", "subscribe", "comments", "profile",
    }
)
"""Words that make a byline part something other than a person's name (case-folded, whole words)."""
_CREDENTIAL_DOTS = re.compile(r"\.")


def clean_byline(byline: str | None) -> str:
    """The truth byline without its date and time expressions and digits:
    "By GILLIAN MOHNEY March 11, 2015 3:46 PM" -> "By GILLIAN MOHNEY"."""
    if not byline:
        return ""
    text = unicodedata.normalize("NFKC", byline)
    return " ".join(_DATE_TIME.sub(" ", text).split())


def _without_credentials(part: str) -> str:
    """A byline part without the credentials at its end ("Jane Doe MD PhD" -> "Jane Doe");
    "" when it is only credentials ("MA")."""
    words = part.split()
    while words and _CREDENTIAL_DOTS.sub("", words[-1]) in _CREDENTIALS and (
        len(words) > 2 or all(_CREDENTIAL_DOTS.sub("", w) in _CREDENTIALS for w in words)
    ):
        words.pop()
    return " ".join(words)


def person_names(byline: str | None) -> set[str]:
    """The normalised person names of a truth byline once cleaned (see the module's docstring):
    "By Brenda Goodman, MA WebMD Health News" -> {"brenda goodman"}; "BBC News" -> set()."""
    names = set()
    for part in _SEPARATORS.split(clean_byline(byline)):
        name = normalise_name(_without_credentials(part))
        if name and NOT_PERSON_WORDS.isdisjoint(name.split()):
            names.add(name)
    return names


def author_set_prf_cleaned(
    predicted: Iterable[str] | str | None, true_byline: str | None
) -> tuple[float, float, float] | None:
    """`author_set_prf` against the cleaned truth's person names; None when it names nobody."""
    truth, pred = person_names(true_byline), name_set(predicted)
    if not truth:
        return None
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
    """Title exact match (raw, and with the site's name aside), title match, author-set F1
    (strict and truth cleaned) and date accuracy over (truth, prediction) pairs; the title and
    author figures again over the pages whose truth record says its title (`title_present`) or
    byline (`byline_present`) is written in the page (see `truth_present`; records without the
    key count as absent).

    Only the fields the extractor offers (`fields`) are scored, each over the pages whose truth
    has it; `same_date` and `norm_ws` are the corpora scorer's. A figure is None when no page
    counts (no truth, or an extractor without that field).
    """
    offered = set(fields)
    titles: list[bool] = []
    aside: list[bool] = []
    lenient: list[bool] = []
    titles_present: list[bool] = []
    lenient_present: list[bool] = []
    authors_present: list[float] = []
    cleaned_present: list[float] = []
    authors: list[float] = []
    cleaned: list[float] = []
    cleaned_left_out = 0
    spurious: list[bool] = []
    dates: list[bool] = []
    for truth, pred in rows:
        if "title" in offered and truth.get("title"):
            titles.append(norm_ws(pred.get("title")) == norm_ws(truth["title"]))
            names = truth.get("site_names") or ()
            aside.append(
                strip_site_segment(pred.get("title"), names) == strip_site_segment(truth["title"], names)
            )
            lenient.append(title_match(pred.get("title"), truth["title"], pred.get("dek")))
            if truth.get("title_present"):
                titles_present.append(titles[-1])
                lenient_present.append(lenient[-1])
        if "authors" in offered:
            if truth.get("byline"):
                authors.append(author_set_prf(pred.get("authors"), truth["byline"])[2])
                prf = author_set_prf_cleaned(pred.get("authors"), truth["byline"])
                if prf is None:
                    cleaned_left_out += 1
                else:
                    cleaned.append(prf[2])
                if truth.get("byline_present"):
                    authors_present.append(authors[-1])
                    if prf is not None:
                        cleaned_present.append(prf[2])
            else:
                spurious.append(bool(name_set(pred.get("authors"))))
        if "published" in offered and truth.get("published"):
            dates.append(same_date(pred.get("published"), truth["published"]))
    return {
        "title_n": len(titles),
        "title_exact": _mean([float(t) for t in titles]),
        "title_exact_site": _mean([float(t) for t in aside]),
        "title_match": _mean([float(t) for t in lenient]),
        "title_present_n": len(titles_present),
        "title_exact_present": _mean([float(t) for t in titles_present]),
        "title_match_present": _mean([float(t) for t in lenient_present]),
        "author_n": len(authors),
        "author_f1": _mean(authors),
        "author_cleaned_n": len(cleaned),
        "author_f1_cleaned": _mean(cleaned),
        "author_cleaned_left_out": cleaned_left_out if authors else None,
        "author_present_n": len(authors_present),
        "author_f1_present": _mean(authors_present),
        "author_cleaned_present_n": len(cleaned_present),
        "author_f1_cleaned_present": _mean(cleaned_present),
        # pages without a truth byline that got authors: meaningful only where the set has bylines
        "author_spurious": _mean([float(s) for s in spurious]) if authors else None,
        "published_n": len(dates),
        "published_accuracy": _mean([float(d) for d in dates]),
    }
