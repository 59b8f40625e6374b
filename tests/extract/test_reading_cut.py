"""The generic extractor skips readability's pass only where its reading could not change the text,
and finds link texts in a page's lines the same way whatever their number."""

from __future__ import annotations

from itertools import count, product

from newsharvest.extract import link_text
from newsharvest.extract.reading_cut import against_reading, reading_may_cut

_ANCHOR = "Story of the day"
_SHARES = (0.0, 0.08, 0.12, 0.35, 0.45, 0.55, 1.0)
"""Link shares of the lines tried: either side of every threshold `against_reading` uses."""


def _line(share: float, serial: count[int]) -> str:
    """A line with about this share of its characters in one link text, the rest words no
    other line has (a line without a link is long enough to make a reading alone)."""
    if share == 1.0:
        return _ANCHOR
    if share == 0.0:
        return " ".join(f"w{next(serial)}" for _ in range(60))
    size = round(len(_ANCHOR) / share) - len(_ANCHOR)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < size:
        words.append(f"w{next(serial)}")
    return " ".join([*words[:2], _ANCHOR, *words[2:]])


def test_text_readability_cannot_cut_is_never_cut() -> None:
    """Every text of one to three lines of those shares, against every run of its lines and a
    reading it does not hold: whenever `reading_may_cut` says no, `against_reading` returns
    our lines unchanged."""
    serial = count()
    lines = {share: _line(share, serial) for share in _SHARES}
    elsewhere = [_line(0.0, serial)]
    anchors = {_ANCHOR}
    skipped = cut = 0
    for size in range(1, 4):
        for shares in product(_SHARES, repeat=size):
            paragraphs = [lines[s] for s in shares]
            runs = [paragraphs[a:b] for a in range(size) for b in range(a + 1, size + 1)]
            may_cut = reading_may_cut(paragraphs, link_text.linked_chars(paragraphs, anchors))
            for reading in [*runs, elsewhere]:
                kept = against_reading(paragraphs, reading, anchors)
                cut += kept != paragraphs
                if not may_cut:
                    skipped += 1
                    assert kept == paragraphs, (shares, reading)

    assert skipped > 300 and cut > 100  # both sides of the rule are exercised


def test_link_texts_found_the_same_in_pages_of_thousands_of_links() -> None:
    """Past `_DIRECT_PAIRS` the link texts are found by one automaton pass per line: the same
    counts as looking for each in each line (overlapping texts, texts inside words, repeats,
    accents and emoji)."""
    anchors = {f"Member {n}" for n in range(300)} | {"ember 1", "the", "Zürich’s café", "🙂 ok"}
    lines = [
        f"Councillor Member {n} said the branch stays open, the the. Member {n * 7 % 300} too"
        + (" in Zürich’s café 🙂 ok" if n % 3 == 0 else "")
        for n in range(100)
    ]
    assert len(lines) * len(anchors) > link_text._DIRECT_PAIRS
    direct = [min(len(line), sum(len(a) for a in anchors if a in line)) for line in lines]
    assert link_text.linked_chars(lines, anchors) == direct
    assert link_text.linked_chars(lines[:2], anchors) == direct[:2]  # the direct way
