"""The extraction benchmark's own scoring (benchmarks/extraction_metric.py, extraction.py) on tiny data."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsharvest.extract import Article, Rejection, extract_article

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from aeb_metric import page_counts, precision_recall  # noqa: E402
from extraction import check, print_report, score_split  # noqa: E402
from extraction_metric import (  # noqa: E402
    author_set_prf,
    author_set_prf_cleaned,
    clean_byline,
    field_scores,
    name_set,
    normalise_name,
    normalise_title,
    person_names,
    select,
    split_names,
    title_match,
)


def test_names_are_normalised_for_comparison() -> None:
    assert normalise_name("By John C. Welch") == "john c welch"
    assert normalise_name("  CÉSAR   SALZA ") == "césar salza"
    assert normalise_name("Par Sébastien Farcis") == "sébastien farcis"
    assert normalise_name("Ｊａｎｅ Doe") == "jane doe"  # NFKC folds full-width letters


def test_a_byline_splits_into_names_at_separators_and_and() -> None:
    assert split_names("By Stella Kim, Jennifer Jett and Tom Lee") == {
        "stella kim",
        "jennifer jett",
        "tom lee",
    }
    assert split_names("Anna Roy; Vincent Vallet / AFP") == {"anna roy", "vincent vallet", "afp"}
    assert split_names("Brandon Hardwick & Alex Heath") == {"brandon hardwick", "alex heath"}
    assert split_names("Alexander Anderson") == {"alexander anderson"}  # "and" inside a name stays
    assert split_names(None) == set()
    assert split_names(" , ") == set()


def test_predicted_authors_are_taken_name_by_name_or_split_when_one_string() -> None:
    assert name_set(["Smith, Jr.", "Ann Lee"]) == {"smith jr", "ann lee"}
    assert name_set("Erin Cunningham; Steven Mufson") == {"erin cunningham", "steven mufson"}
    assert name_set(None) == set()


def test_author_set_f1_counts_names_in_both_sets() -> None:
    assert author_set_prf(["Stella Kim", "Jennifer Jett"], "Stella Kim, Jennifer Jett") == (1.0, 1.0, 1.0)
    p, r, f = author_set_prf(["Stella Kim", "Opinion Desk"], "By Stella Kim and Jennifer Jett")
    assert (p, r) == (0.5, 0.5)
    assert f == pytest.approx(0.5)
    assert author_set_prf(["Stella Kim"], "Stella Kim and Jennifer Jett") == pytest.approx((1.0, 0.5, 2 / 3))
    assert author_set_prf([], "Stella Kim") == (0.0, 0.0, 0.0)
    assert author_set_prf(["Someone Else"], "Stella Kim") == (0.0, 0.0, 0.0)
    assert author_set_prf("Erin Cunningham; Steven Mufson", "By Erin Cunningham, Steven Mufson") == (
        1.0,
        1.0,
        1.0,
    )


def test_cleaning_takes_dates_times_and_status_words_out_of_a_truth_byline() -> None:
    assert clean_byline("By GILLIAN MOHNEY March 11, 2015 3:46 PM") == "By GILLIAN MOHNEY"
    assert clean_byline("by Lucas Nolan22 Dec 2016651") == "by Lucas Nolan"  # counters glued on
    assert clean_byline("April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm") == ""
    assert clean_byline("Last Updated: January 7, 2025") == ""
    assert clean_byline("por César Salza 1 de diciembre de 2017 3:00 AM PST") == "por César Salza"
    assert clean_byline("Von Anna Roy, 28.04.2023 um 10:15 Uhr") == "Von Anna Roy,"
    assert clean_byline("John Smith Posted on Monday, 3 hours ago") == "John Smith"
    # a month name not beside a number is part of a name
    assert clean_byline("Laura June Topolsky") == "Laura June Topolsky"
    assert clean_byline("Bruno Mars and April Ryan") == "Bruno Mars and April Ryan"
    assert clean_byline(None) == ""


def test_cleaned_truth_keeps_only_person_names() -> None:
    assert person_names("By Brenda Goodman, MA WebMD Health News") == {"brenda goodman"}
    assert person_names("Jane Doe MD PhD; Jane Roe, Ph.D.") == {"jane doe", "jane roe"}
    assert person_names("Anna Roy; Vincent Vallet / AFP") == {"anna roy", "vincent vallet"}
    assert person_names("Yo-Yo Ma") == {"yo yo ma"}  # "Ma" as a name is not the degree "MA"
    assert person_names("Stella Kim, Jennifer Jett") == split_names("Stella Kim, Jennifer Jett")
    for nobody in ("Follow Author", "BBC News", "Organization for Transformative Works", "MA", "May 5, 2020"):
        assert person_names(nobody) == set(), nobody


def test_cleaned_author_f1_scores_the_names_and_leaves_out_truths_naming_nobody() -> None:
    assert author_set_prf_cleaned(["Gillian Mohney"], "By GILLIAN MOHNEY March 11, 2015 3:46 PM") == (
        1.0,
        1.0,
        1.0,
    )
    assert author_set_prf(["Gillian Mohney"], "By GILLIAN MOHNEY March 11, 2015 3:46 PM")[2] == 0.0
    # predictions are not cleaned: a desk returned as a name still costs precision
    truth = "By Brenda Goodman, MA WebMD Health News"
    p, r, f = author_set_prf_cleaned(["Brenda Goodman", "WebMD Health News"], truth)
    assert (p, r) == (0.5, 1.0) and f == pytest.approx(2 / 3)
    assert author_set_prf_cleaned([], "Par Sébastien Farcis") == (0.0, 0.0, 0.0)
    assert author_set_prf_cleaned(["Sleyca"], "Follow Author") is None
    assert author_set_prf_cleaned([], "BBC News") is None
def test_titles_are_normalised_with_lost_characters_as_one_placeholder() -> None:
    assert normalise_title("  Mayor:  Town‘s plan ") == normalise_title("mayor: town?s plan")
    assert normalise_title("Māori") == normalise_title("M?ori") != normalise_title("Maori")
    assert normalise_title(None) == ""


def test_title_match_forgives_the_truths_known_defects_only() -> None:
    assert title_match("A  Headline", "a headline")
    assert title_match("Mayor‘s budget", "Mayor?s budget")  # "?" is a character the truth lost
    assert not title_match("Mayors budget", "Mayor?s budget")  # but stands for one character
    # one site-name segment the truth keeps, at either end
    assert title_match("How to Build a Terrarium", "How to Build a Terrarium | eHow")
    assert title_match("Was ist neu", "Was ist neu – Golem.de")
    assert title_match("Rain again", "Weather News: Rain again")
    assert title_match("Rain again", "Site _ Rain again")
    assert not title_match("Rain again", "Rain again - Section - Site")  # one segment only
    assert not title_match("Evolve", "Evolve: Shared Mutable History")  # ": " only before the headline
    assert not title_match("Rain", "Rain again")
    # the headline and its dek annotated as one
    joined = "Council passes budget Schools win, roads wait"
    assert title_match("Council passes budget", joined, "Schools win, roads wait")
    assert not title_match("Council passes budget", joined, "Other dek")
    assert not title_match("Council passes budget", joined)
    # nothing predicted never matches, not even with a dek equal to the truth
    assert not title_match(None, "Deal", "Deal")
    assert not title_match("  ", "x")


def _side(dataset: str, page_id: str) -> str:
    """The split rule written out again: the low bit of sha256("<dataset>/<id>")'s first byte."""
    return ("dev", "test")[hashlib.sha256(f"{dataset}/{page_id}".encode()).digest()[0] & 1]


def test_split_selection_partitions_the_ids_and_leaves_out_flagged_ones() -> None:
    ids = [f"page-{n}" for n in range(40)]
    dev = select("l3s-gn1", ids, "dev")
    test = select("l3s-gn1", ids, "test")
    assert dev and test
    assert sorted(dev + test) == sorted(ids)
    assert dev == [i for i in ids if _side("l3s-gn1", i) == "dev"]  # id order kept
    assert select("l3s-gn1", ids, "all") == ids == select("l3s-gn1", ids, None)
    flagged = [test[0], dev[0]]
    assert select("l3s-gn1", ids, "test", flagged) == test[1:]
    assert select("l3s-gn1", ids, "all", flagged) == [i for i in ids if i not in flagged]
    # the dataset's name is part of the hash: the same ids split differently elsewhere
    assert select("dragnet", ids, "dev") != dev


def _norm_ws(text: str | None) -> str:
    return " ".join((text or "").split())


def _same_date(pred: Any, truth: Any) -> bool:
    return bool(pred) and str(pred)[:10] == str(truth)[:10]


def test_field_scores_cover_only_offered_fields_on_pages_with_truth() -> None:
    rows = [
        (
            {"title": "A  headline", "byline": "Ann Lee, Bo Chen", "published": "2020-01-02T10:00:00Z"},
            {"title": "A headline", "authors": ["Ann Lee"], "published": "2020-01-02T11:00:00+01:00"},
        ),
        (
            {"title": "Other | Site", "byline": None, "published": "2020-05-05"},
            {"title": "Other page", "authors": ["Bo Chen"], "published": "2020-05-06"},
        ),
        ({"title": None, "byline": None, "published": None}, {"title": "x", "authors": []}),
    ]
    full = field_scores(rows, ("title", "authors", "published"), _same_date, _norm_ws)
    assert full["title_n"] == 2 and full["title_exact"] == 0.5
    assert full["title_match"] == 0.5  # "Other page" is not "Other" with the site name off
    assert full["author_n"] == 1 and full["author_f1"] == pytest.approx(2 / 3)
    assert full["author_cleaned_n"] == 1 and full["author_f1_cleaned"] == pytest.approx(2 / 3)
    assert full["author_cleaned_left_out"] == 0
    assert full["author_spurious"] == 0.5  # one of the two pages without a byline got one
    assert full["published_n"] == 2 and full["published_accuracy"] == 0.5
    title_only = field_scores(rows, ("title",), _same_date, _norm_ws)
    assert title_only["title_exact"] == 0.5
    rows[1][1]["title"] = "other"
    assert field_scores(rows, ("title",), _same_date, _norm_ws)["title_match"] == 1.0
    assert title_only["author_n"] == 0 and title_only["author_f1"] is None
    assert title_only["published_accuracy"] is None


def test_field_scores_give_the_cleaned_author_figure_beside_the_strict_one() -> None:
    rows = [
        ({"byline": "By Ann Lee March 3, 2021 4:05 PM"}, {"authors": ["Ann Lee"]}),
        ({"byline": "BBC News"}, {"authors": []}),
        ({"byline": "Last Updated: January 7, 2025"}, {"authors": ["Bo Chen"]}),
        ({"byline": "Bo Chen, MA Example Health News"}, {"authors": ["Bo Chen"]}),
    ]
    scores = field_scores(rows, ("authors",), _same_date, _norm_ws)
    assert scores["author_n"] == 4
    assert scores["author_f1"] == pytest.approx((0 + 0 + 0 + 2 / 3) / 4)
    assert scores["author_cleaned_n"] == 2 and scores["author_f1_cleaned"] == 1.0
    assert scores["author_cleaned_left_out"] == 2


def test_aeb_split_scores_use_the_shingle_metric_on_that_half_only() -> None:
    ids = [f"p{n}" for n in range(12)]
    truths = [{"id": i, "url": "", "body": f"one two three four five {i}"} for i in ids]
    predictions = {i: {"body": f"one two three four five {i}" if n % 2 else ""} for n, i in enumerate(ids)}
    predictions[ids[0]]["rejected"] = "paywall_stub"
    result = {"predictions": predictions}
    test_ids = select("aeb", ids, "test")
    figures = score_split("aeb", "test", truths, result, None, [])
    assert figures is not None
    assert figures["pages"] == len(test_ids)
    expected = precision_recall(
        [page_counts(t["body"], predictions[t["id"]]["body"]) for t in truths if t["id"] in test_ids]
    )
    assert (figures["precision"], figures["recall"]) == expected
    assert figures["empty"] == sum(1 for n, i in enumerate(ids) if i in test_ids and n % 2 == 0)
    assert figures["rejected"] == (1 if ids[0] in test_ids else 0)
    whole = score_split("aeb", "all", truths, result, None, [])
    assert whole is not None and whole["pages"] == 12


def _report(f1: float) -> dict[str, Any]:
    return {
        "newsharvest": {
            "available": True,
            "label": "newsharvest",
            "input": "bytes",
            "rss_base_mb": 40.0,
            "rss_peak_mb": 90.0,
            "pages_per_s": 50.0,
            "datasets": {
                "aeb": {
                    "pages_per_s": 50.0,
                    "splits": {
                        "test": {
                            "pages": 3,
                            "precision": 0.9,
                            "recall": 0.9,
                            "f1": f1,
                            "f1_std": 0.01,
                            "empty": 0,
                        }
                    },
                },
            },
        },
        "resiliparse": {"available": False, "reason": "ModuleNotFoundError: No module named 'resiliparse'"},
    }


def test_check_fails_only_below_the_floor(capsys: pytest.CaptureFixture[str]) -> None:
    assert check(_report(0.95), {"aeb": {"f1": 0.95}, "dragnet": {"f1": 0.9}}) == []
    assert check(_report(0.949), {"aeb": {"f1": 0.95}}) == ["aeb f1"]
    assert check(_report(0.96), {"aeb": {"f1": 0.95, "title_exact": 0.5}}) == ["aeb title_exact"]
    crashed = _report(0.96)
    crashed["newsharvest"]["datasets"]["aeb"]["splits"]["test"]["extraction_errors"] = 1
    assert check(crashed, {"aeb": {"f1": 0.95}}) == ["aeb errors"]
    assert "check aeb test f1: 0.9600 >= floor 0.9500" in capsys.readouterr().out


def test_report_names_a_peer_that_is_not_installed(capsys: pytest.CaptureFixture[str]) -> None:
    print_report(_report(0.95), ["aeb"], ["test"])
    out = capsys.readouterr().out
    assert "resiliparse: not run (ModuleNotFoundError: No module named 'resiliparse')" in out
    assert "newsharvest       test       3  0.900  0.900  0.950±0.010" in out


def test_check_without_the_shared_data_passes_with_a_message(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCHMARKS / "extraction.py"), "--check", "--shared", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("skipped: no data")


def _aeb_folder(root: Path) -> dict[str, dict[str, str]]:
    """An AEB-format folder built from the project's generic fixture pages; their truths."""
    folder = root / "aeb"
    (folder / "html").mkdir(parents=True)
    truth = {}
    for case in sorted((BENCHMARKS.parent / "fixtures" / "pages" / "generic").iterdir()):
        page = case / "page.html"
        if not page.is_file():
            continue
        spec = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        truth[case.name] = {"url": spec["url"], "articleBody": (spec.get("record") or {}).get("body", "")}
        (folder / "html" / f"{case.name}.html.gz").write_bytes(gzip.compress(page.read_bytes()))
    (folder / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return truth


def test_a_run_scores_each_half_as_the_metric_does_and_check_compares_with_the_floor(tmp_path: Path) -> None:
    truth = _aeb_folder(tmp_path)
    expected = {}
    for split in ("test", "dev"):
        ids = select("aeb", sorted(truth), split)
        records = {
            i: extract_article(
                gzip.decompress((tmp_path / "aeb" / "html" / f"{i}.html.gz").read_bytes()).decode("utf-8"),
                truth[i]["url"],
            )
            for i in ids
        }
        bodies = {i: r.body if isinstance(r, Article) else "" for i, r in records.items()}
        counts = [page_counts(truth[i]["articleBody"], bodies[i]) for i in ids]
        expected[split] = (
            len(ids),
            sum(isinstance(r, Rejection) for r in records.values()),
            precision_recall(counts),
        )
    command = [
        sys.executable,
        str(BENCHMARKS / "extraction.py"),
        "--shared",
        str(tmp_path),
        "--extractors",
        "newsharvest",
    ]
    out = tmp_path / "figures.json"
    run = subprocess.run([*command, "--json", str(out)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "readability: no data at" in run.stdout
    figures = json.loads(out.read_text())["extractors"]["newsharvest"]["datasets"]["aeb"]["splits"]
    for split, (pages, rejected, (precision, recall)) in expected.items():
        assert figures[split]["pages"] == pages
        assert figures[split]["rejected"] == rejected
        assert figures[split]["precision"] == pytest.approx(precision)
        assert figures[split]["recall"] == pytest.approx(recall)
    assert figures["all"]["pages"] == len(truth)
    test_f1 = figures["test"]["f1"]
    for margin, status in ((-0.001, 0), (0.001, 1)):
        floor = tmp_path / "floor.json"
        floor.write_text(json.dumps({"aeb": {"f1": test_f1 + margin}}))
        checked = subprocess.run(
            [*command, "--check", "--floor", str(floor)], capture_output=True, text=True, check=False
        )
        assert checked.returncode == status, checked.stdout + checked.stderr
