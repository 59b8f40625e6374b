"""The AEB metric (benchmarks/aeb_metric.py) on small hand-made texts with exact expectations."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from aeb_metric import (
    exact_match,
    f1,
    page_counts,
    precision_recall,
    score,
    shingles,
    tokenize,
)


def test_tokens_are_unicode_words_case_kept() -> None:
    assert tokenize("Über-Straße, café's 3.5% — ok!") == ["Über", "Straße", "café", "s", "3", "5", "ok"]
    assert tokenize("") == []


def test_shingles_are_a_multiset_of_four_token_tuples() -> None:
    assert shingles("a b c d e") == Counter({("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1})
    assert shingles("x y z w x y z w") == Counter(
        {("x", "y", "z", "w"): 2, ("y", "z", "w", "x"): 1, ("z", "w", "x", "y"): 1, ("w", "x", "y", "z"): 1}
    )


def test_short_texts_give_one_shorter_shingle_and_empty_none() -> None:
    assert shingles("one two three") == Counter({("one", "two", "three"): 1})
    assert shingles("alone") == Counter({("alone",): 1})
    assert shingles("  ... ") == Counter()


def test_page_counts_are_normalised_tp_fp_fn() -> None:
    # truth: 7 tokens -> 4 shingles; prediction keeps the first 5 tokens and adds 2 junk ones
    true = "a b c d e f g"
    pred = "a b c d e x y"
    # shared shingles: (a b c d), (b c d e) -> tp 2; pred-only 2; truth-only 2
    assert page_counts(true, pred) == pytest.approx((2 / 6, 2 / 6, 2 / 6))
    tp, fp, fn = page_counts(true, pred)
    assert tp / (tp + fp) == pytest.approx(0.5)
    assert tp / (tp + fn) == pytest.approx(0.5)


def test_page_counts_respect_multiplicity() -> None:
    # the truth says a sentence twice, the prediction once: one shingle of each kind is missed
    true = "p q r s p q r s"
    pred = "p q r s"
    tp, fp, fn = page_counts(true, pred)
    assert (tp, fp, fn) == pytest.approx((1 / 5, 0.0, 4 / 5))


def test_both_empty_is_all_zero() -> None:
    assert page_counts("", "") == (0.0, 0.0, 0.0)


def test_empty_prediction_only_costs_recall() -> None:
    pages = [page_counts("a b c d e", "a b c d e"), page_counts("f g h i j", "")]
    precision, recall = precision_recall(pages)
    assert precision == pytest.approx(1.0)  # the empty page drops out of precision
    assert recall == pytest.approx(0.5)
    assert f1(precision, recall) == pytest.approx(2 * 1.0 * 0.5 / 1.5)


def test_precision_and_recall_are_means_over_pages_then_f1() -> None:
    pages = [
        page_counts("a b c d e f g", "a b c d e x y"),  # P 0.5, R 0.5
        page_counts("a b c d e", "a b c d e f"),  # tp 2, fp 1, fn 0: P 2/3, R 1
    ]
    precision, recall = precision_recall(pages)
    assert precision == pytest.approx((0.5 + 2 / 3) / 2)
    assert recall == pytest.approx((0.5 + 1.0) / 2)
    assert f1(precision, recall) == pytest.approx(2 * precision * recall / (precision + recall))


def test_page_without_truth_drops_out_of_recall() -> None:
    pages = [page_counts("", "some words here now"), page_counts("a b c d", "a b c d")]
    precision, recall = precision_recall(pages)
    assert precision == pytest.approx(0.5)
    assert recall == pytest.approx(1.0)


def test_accuracy_is_exact_token_equality() -> None:
    assert exact_match("Hello, world!\n\nBye.", "Hello world Bye")
    assert not exact_match("Hello world", "hello world")
    s = score([page_counts("a b", "a b"), page_counts("c d", "c")], [True, False], resamples=0)
    assert s.accuracy == 0.5


def test_bootstrap_std_is_reproducible_and_zero_for_identical_pages() -> None:
    same = [page_counts("a b c d e", "a b c d e")] * 20
    s = score(same, [True] * 20, resamples=200, seed=1)
    assert s.f1 == pytest.approx(1.0) and s.f1_std == pytest.approx(0.0)
    mixed = [page_counts("a b c d e f g", "a b c d e x y"), page_counts("a b c d", "a b c d")] * 5
    one = score(mixed, [False, True] * 5, resamples=300, seed=7)
    two = score(mixed, [False, True] * 5, resamples=300, seed=7)
    assert one.f1_std == two.f1_std > 0
