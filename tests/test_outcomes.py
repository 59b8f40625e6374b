"""Run outcomes and exit statuses from crawl stats; the progress line (pure functions)."""

from __future__ import annotations

from newsharvest import outcomes
from newsharvest.extensions.progress import progress_line

GOOD = {
    "downloader/response_status_count/200": 12,
    "downloader/response_status_count/404": 1,
    "robotstxt/response_status_count/200": 1,
}


def test_a_run_that_fetched_pages_is_ok() -> None:
    assert outcomes.fetched_pages(GOOD) == 11
    assert outcomes.run_outcome(GOOD, "finished") == "ok"
    assert outcomes.EXIT_CODES["ok"] == 0


def test_a_404_is_an_answer_and_a_refused_connection_a_failure() -> None:
    assert outcomes.run_outcome({**GOOD, "newsharvest/failed/not_found": 3}, "finished") == "ok"
    partial = {**GOOD, "newsharvest/failed/connection_refused": 1, "newsharvest/failed/timeout": 2}
    assert outcomes.failed_fetches(partial) == 3
    assert outcomes.run_outcome(partial, "finished") == "partial"
    assert outcomes.EXIT_CODES["partial"] == 3


def test_nothing_fetched_when_only_robots_txt_answered_or_nothing_did() -> None:
    robots_only = {"downloader/response_status_count/200": 1, "robotstxt/response_status_count/200": 1}
    assert outcomes.run_outcome(robots_only, "finished") == "nothing_fetched"
    dns = {"newsharvest/refused/robots_unavailable": 1, "log_count/ERROR": 1}
    assert outcomes.run_outcome(dns, "finished") == "nothing_fetched"
    assert outcomes.EXIT_CODES["nothing_fetched"] == 4


def test_a_304_counts_as_fetched_and_ctrl_c_as_interrupted() -> None:
    assert outcomes.fetched_pages({"downloader/response_status_count/304": 5}) == 5
    assert outcomes.run_outcome(GOOD, "shutdown") == "interrupted"
    assert outcomes.EXIT_CODES["interrupted"] == 130
    assert outcomes.LOCKED == 75 and outcomes.BAD_CONFIGURATION == 2


def test_a_crawl_closed_for_its_lost_database_says_so_whatever_it_fetched() -> None:
    lost = {**GOOD, "log_count/ERROR": 4}
    assert outcomes.run_outcome(lost, "database_unavailable") == "database_unavailable"
    assert outcomes.EXIT_CODES["database_unavailable"] == 5


def test_progress_line_counts() -> None:
    stats = {
        "response_received_count": 42,
        "newsharvest/robots_txt_reused": 1,
        "newsharvest/articles/new": 30,
        "newsharvest/articles/unchanged": 2,
        "newsharvest/rejected/not_article": 3,
        "newsharvest/rejected/not_found": 1,
        "newsharvest/failed/timeout": 2,
        "scheduler/enqueued": 60,
        "scheduler/dequeued": 45,
    }
    assert progress_line(stats, 12.345) == (
        "fetched 41 · stored 32 · rejected 4 · failed 2 · 12.3 pages/s · queue 15"
    )
