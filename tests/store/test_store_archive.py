"""Storing articles, rejections and crawl runs: identity, outcomes, round trip."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from newsharvest import query
from newsharvest.extract.record import Rejection
from newsharvest.store import Archive
from newsharvest.store.rows import ARTICLE_FIELDS
from tests.store.factory import FETCHED, STORED_FETCHED, make_article


def test_the_full_record_reads_back(archive: Archive) -> None:
    article = make_article()
    assert archive.store_article(article, fetched_at=FETCHED) == "new"
    record = query.get_article(archive, article.url)
    assert record is not None
    assert set(record) == {
        *ARTICLE_FIELDS, "id", "first_seen", "last_seen", "revision_count", "story_id", "is_original"
    }
    assert {k: record[k] for k in ARTICLE_FIELDS} == article.to_dict()
    assert (record["first_seen"], record["last_seen"], record["revision_count"]) == (
        STORED_FETCHED,
        STORED_FETCHED,
        1,
    )
    assert query.get_article(archive, record["id"]) == record
    assert query.get_article(archive, str(record["id"])) == record


def test_a_sparse_record_reads_back(archive: Archive) -> None:
    article = make_article(
        dek=None,
        authors=[],
        dateline=None,
        tags=[],
        captions=[],
        site_name=None,
        date_published=None,
        section=None,
        agency=None,
        top_image=None,
    )
    archive.store_article(article, fetched_at=FETCHED)
    record = query.get_article(archive, article.url)
    assert record is not None
    assert {k: record[k] for k in ARTICLE_FIELDS} == article.to_dict()


def test_one_row_per_article_under_every_address(archive: Archive) -> None:
    base = "https://www.huffpost.com/entry/story_n_1"
    addresses = [
        base,
        base.replace("https:", "http:") + "/",
        base + "?utm_source=twitter&utm_medium=social",
        base + "/amp",
        base.replace("www.", "amp.") + "?amp=1",
        base + "?ncid=abc#comments",
    ]
    outcomes = [
        archive.store_article(make_article(url=a, canonical_url=a), fetched_at=FETCHED) for a in addresses
    ]
    assert outcomes == ["new"] + ["unchanged"] * (len(addresses) - 1)
    assert query.table_counts(archive)["articles"] == 1
    assert query.count_articles(archive) == 1
    for address in addresses:
        record = query.get_article(archive, address)
        assert record is not None and record["id"] == 1


def test_unchanged_recrawl_only_moves_last_seen(archive: Archive) -> None:
    article = make_article()
    archive.store_article(article, fetched_at="2024-05-01T00:00:00+00:00")
    assert archive.store_article(article, fetched_at="2024-05-02T00:00:00+00:00") == "unchanged"
    assert archive.store_article(article, fetched_at="2024-04-01T00:00:00+00:00") == "unchanged"
    record = query.get_article(archive, article.url)
    assert record is not None
    assert record["first_seen"] == "2024-05-01T00:00:00Z"
    assert record["last_seen"] == "2024-05-02T00:00:00Z"  # an older copy never moves it back
    assert record["revision_count"] == 1


def test_changed_text_is_an_update(archive: Archive) -> None:
    article = make_article()
    archive.store_article(article, fetched_at=FETCHED)
    changed = dataclasses.replace(
        article,
        body=article.body + "\n\nCorrection appended.",
        tags=["Congress"],
        captions=article.captions[:1],
    )
    assert archive.store_article(changed, fetched_at="2024-05-02T00:00:00+00:00") == "updated"
    record = query.get_article(archive, article.url)
    assert record is not None
    assert record["body"].endswith("Correction appended.")
    assert record["tags"] == ["Congress"]
    assert len(record["captions"]) == 1
    assert record["revision_count"] == 2
    assert query.table_counts(archive)["articles"] == 1


def test_authors_and_tags_are_shared_between_articles(archive: Archive) -> None:
    archive.store_batch([(make_article(n), FETCHED) for n in range(1, 4)], None)
    counts = query.table_counts(archive)
    assert counts["articles"] == 3
    assert counts["authors"] == 2
    assert counts["tags"] == 3
    assert counts["article_authors"] == 6
    assert counts["captions"] == 6
    assert counts["sites"] == 1
    assert query.count_articles(archive, author="o'brien") == 3


def test_rejections_one_row_per_url_latest_reason_wins(archive: Archive) -> None:
    archive.record_rejection(
        Rejection("https://x.test/v?utm_source=a", "not_article", "og:type is video"),
        fetched_at="2024-05-01T00:00:00+00:00",
    )
    archive.record_rejection(
        Rejection("http://x.test/v", "http_error", "HTTP 503"),
        fetched_at="2024-05-02T00:00:00+00:00",
    )
    archive.record_rejection(Rejection("https://x.test/w", "not_found", "HTTP 404"), fetched_at=FETCHED)
    rows = query.list_rejections(archive)
    assert [(r["reason"], r["times_seen"]) for r in rows] == [("http_error", 2), ("not_found", 1)]
    assert rows[0]["detail"] == "HTTP 503"
    assert rows[0]["first_seen"] == "2024-05-01T00:00:00Z"
    assert query.list_rejections(archive, reason="not_found")[0]["url"] == "https://x.test/w"


def test_a_batch_is_one_transaction_with_an_outcome_per_item(archive: Archive) -> None:
    one, two = make_article(1), make_article(2)
    items = [
        (one, FETCHED),
        (Rejection("https://x.test/a", "not_article"), FETCHED),
        (two, FETCHED),
        (one, FETCHED),  # the same article again in the same batch
        (dataclasses.replace(two, headline="Senate passes the budget"), FETCHED),
    ]
    assert archive.store_batch(items, None) == ["new", "rejected", "new", "unchanged", "updated"]
    assert query.table_counts(archive)["articles"] == 2


def test_a_failing_batch_stores_nothing(archive: Archive) -> None:
    bad = make_article(2, headline=None)  # NOT NULL violated after the first item went in
    try:
        archive.store_batch([(make_article(1), FETCHED), (bad, FETCHED)], None)
    except Exception:
        pass
    else:  # pragma: no cover
        raise AssertionError("a NULL headline must fail")
    assert query.table_counts(archive)["articles"] == 0


def test_a_run_counts_what_its_batches_committed(archive: Archive) -> None:
    run = archive.begin_run("huffpost", started_at="2024-05-01T00:00:00+00:00")
    archive.store_batch(
        [
            (make_article(1), FETCHED),
            (make_article(2), FETCHED),
            (Rejection("https://x.test/a", "not_article"), FETCHED),
            (Rejection("https://x.test/b", "not_found"), FETCHED),
            (Rejection("https://x.test/c", "not_found"), FETCHED),
        ],
        run,
    )
    archive.store_article(make_article(1), fetched_at=FETCHED, run_id=run)
    archive.finish_run(run, finish_reason="finished", stats={"pages": 9, "errors": 1})
    [row] = query.list_runs(archive)
    assert row["spider"] == "huffpost"
    assert row["finish_reason"] == "finished"
    assert row["finished_at"] is not None
    assert (row["pages"], row["new"], row["updated"], row["unchanged"]) == (9, 2, 0, 1)
    assert (row["rejected"], row["errors"]) == (3, 1)
    assert row["rejected_by_reason"] == {"not_article": 1, "not_found": 2}
    assert query.list_rejections(archive)[0]["run_id"] == run


def test_listing_filters(archive: Archive) -> None:
    archive.store_batch(
        [
            (make_article(1, date_published="2024-04-30T23:30:00-04:00"), FETCHED),  # May 1 UTC
            (make_article(2, date_published="2024-04-29T10:00:00+00:00", section="World"), FETCHED),
        ],
        None,
    )
    assert query.count_articles(archive, since="2024-05-01") == 1
    assert query.count_articles(archive, until="2024-04-30") == 1
    assert query.count_articles(archive, section="world") == 1
    assert query.count_articles(archive, site="HuffPost") == 2
    assert query.count_articles(archive, site="www.huffpost.com") == 2
    assert query.count_articles(archive, site="apnews.com") == 0
    listed = query.list_articles(archive, limit=10)
    assert [a["headline"][-1] for a in listed] == ["1", "2"]  # newest first


def test_reopening_keeps_everything(db_url: str) -> None:
    with Archive.open(db_url) as archive:
        archive.store_article(make_article(), fetched_at=FETCHED)
    as_url = db_url if "://" in db_url else f"sqlite:///{db_url}"
    with Archive.open(as_url, readonly=True) as archive:
        assert query.count_articles(archive) == 1


def test_a_run_left_running_by_a_dead_process_is_recorded_interrupted(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "runs.db"
    code = (
        "import sys\nfrom newsharvest.store import Archive\n"
        "archive = Archive.open(sys.argv[1])\nprint(archive.begin_run('huffpost'))\narchive.close()"
    )
    dead = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    dead_run = int(dead.stdout)
    with Archive.open(path) as archive:
        alive_run = archive.begin_run("apnews")  # this process is alive: its run is not touched
        next_run = archive.begin_run("huffpost")
        rows = {r["id"]: r for r in query.list_runs(archive)}
    assert rows[dead_run]["finish_reason"] == "interrupted" and rows[dead_run]["finished_at"] is None
    assert rows[alive_run]["finish_reason"] is None and rows[next_run]["finish_reason"] is None
