"""The article-extraction benchmark's metric, exactly as ../shared/aeb/README.md defines it.

Kept free of numpy and of the benchmark's I/O so that tests can check it on hand-made texts.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")

Counts = tuple[float, float, float]
"""(tp, fp, fn) of one page, each divided by tp+fp+fn (all zero when both texts are empty)."""


def tokenize(text: str) -> list[str]:
    """Case-sensitive Unicode word tokens (`\\w+`)."""
    return _TOKEN.findall(text or "")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of consecutive n-token tuples; 1..n-1 tokens give one shorter tuple."""
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_counts(true: str, pred: str, n: int = 4) -> Counts:
    """Shingle tp, fp, fn of one page, normalised by their sum."""
    t, p = shingles(true, n), shingles(pred, n)
    tp = fp = fn = 0
    for key in t.keys() | p.keys():
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    total = tp + fp + fn
    if total == 0:
        return (0.0, 0.0, 0.0)
    return (tp / total, fp / total, fn / total)


def precision_recall(counts: Sequence[Counts]) -> tuple[float, float]:
    """Mean precision over pages that predicted something, mean recall over pages with truth."""
    precisions = [tp / (tp + fp) for tp, fp, _ in counts if tp + fp > 0]
    recalls = [tp / (tp + fn) for tp, _, fn in counts if tp + fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    return precision, recall


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of the two means (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def exact_match(true: str, pred: str) -> bool:
    """Whether the two texts have exactly the same token list (the benchmark's accuracy)."""
    return tokenize(true) == tokenize(pred)


@dataclass
class Score:
    """Benchmark figures for one system; `*_std` are bootstrap standard deviations."""

    precision: float
    recall: float
    f1: float
    accuracy: float
    precision_std: float = 0.0
    recall_std: float = 0.0
    f1_std: float = 0.0
    accuracy_std: float = 0.0


def _std(values: Sequence[float]) -> float:
    """Population standard deviation (as numpy's default)."""
    mean = sum(values) / len(values)
    return (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5


def score(
    counts: Sequence[Counts],
    matches: Sequence[bool],
    resamples: int = 1000,
    seed: int = 42,
) -> Score:
    """Precision, recall, F1 and accuracy over pages, with bootstrap std over `resamples`."""
    precision, recall = precision_recall(counts)
    accuracy = sum(matches) / len(matches) if matches else 0.0
    result = Score(precision, recall, f1(precision, recall), accuracy)
    if not counts or resamples <= 0:
        return result
    rng = random.Random(seed)
    n = len(counts)
    ps: list[float] = []
    rs: list[float] = []
    fs: list[float] = []
    accs: list[float] = []
    for _ in range(resamples):
        idx = [rng.randrange(n) for _ in range(n)]
        p, r = precision_recall([counts[i] for i in idx])
        ps.append(p)
        rs.append(r)
        fs.append(f1(p, r))
        accs.append(sum(matches[i] for i in idx) / n)
    result.precision_std = _std(ps)
    result.recall_std = _std(rs)
    result.f1_std = _std(fs)
    result.accuracy_std = _std(accs)
    return result
