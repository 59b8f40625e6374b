"""The archive's query commands, through click's runner and the installed console script."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsharvest.cli import main
from newsharvest.extract.record import Rejection
from newsharvest.store import Archive, pgsearch, search
from newsharvest.store.schema import SCHEMA_VERSION
from newsharvest.testing.server import FixtureServer
from tests.conftest import BACKENDS, create_database, drop_database
from tests.store.factory import FETCHED, make_article

COMMANDS = ["search", "show", "export", "stats", "runs", "revisions"]


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An archive with 12 articles, one of them revised twice, a rejection and a run: a SQLite
    file, then a PostgreSQL database (every test below runs on both)."""
    if request.param == "sqlite":
        path = str(tmp_path_factory.mktemp("cli") / "archive.db")
    else:
        server = request.getfixturevalue("postgres_server")
        path = create_database(server)
        request.addfinalizer(lambda: drop_database(server, path))
    with Archive.open(path) as archive:
        run = archive.begin_run("huffpost", started_at="2024-05-01T00:00:00+00:00")
        items: list[tuple[object, str]] = [(make_article(n), FETCHED) for n in range(1, 12)]
        items.append(
            (
                make_article(
                    12, headline="Wildfire smoke drifts east", body="Smoke from Canadian wildfires."
                ),
                FETCHED,
            )
        )
        items.append(
            (Rejection("https://www.huffpost.com/video/x", "not_article", "og:type is video"), FETCHED)
        )
        archive.store_batch(items, run)  # type: ignore[arg-type]
        first = make_article(1)
        second = dataclasses.replace(first, body=first.body + "\n\nCorrection: bill 1 passed on Monday.")
        archive.store_article(second, fetched_at="2024-05-02T00:00:00+00:00", run_id=run)
        archive.store_article(
            dataclasses.replace(second, headline="Senate passes bill 1 after all-night session"),
            fetched_at="2024-05-03T00:00:00+00:00",
            run_id=run,
        )
        archive.finish_run(run, finish_reason="finished", stats={"pages": 15})
    yield path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example_and_db(command: str) -> None:
    code, out, _ = invoke(command, "--help")
    assert code == 0
    lines = [line.strip() for line in out.splitlines()]
    examples = lines.index("Examples:") if "Examples:" in lines else lines.index("Example:")
    # the example block is printed as written, one command per line, not rewrapped into prose
    assert lines[examples + 1].startswith(f"newsharvest {command} "), out
    assert "--db PATH|URL" in out


def test_search_table(db: str) -> None:
    code, out, _ = invoke("search", "wildfire", "--db", db)
    assert code == 0
    assert "1 article matches 'wildfire'" in out
    assert "[12] Wildfire smoke drifts east" in out  # markers styled away when not a terminal


def test_search_formats_and_filters(db: str) -> None:
    code, out, _ = invoke("search", "senate", "--db", db, "--format", "json", "--limit", "3")
    found = json.loads(out)
    assert code == 0 and found["total"] == 11 and len(found["results"]) == 3
    assert found["results"][0]["snippet"]
    code, out, _ = invoke("search", "senate", "--db", db, "--format", "jsonl", "--author", "o'brien")
    assert len(out.splitlines()) == 11
    code, out, _ = invoke("search", "wildfire OR correction", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sorted(int(r["id"]) for r in rows) == [1, 12]
    code, out, _ = invoke("search", "senate", "--db", db, "--format", "json", "--site", "apnews.com")
    assert json.loads(out)["total"] == 0


def test_search_counts_past_the_window_only_with_count(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "RANK_WINDOW", 10)
    monkeypatch.setattr(pgsearch, "RANK_WINDOW", 10)
    code, out, _ = invoke("search", "senate", "--db", db, "--limit", "2")
    assert code == 0 and "10+ articles match 'senate'; the best 2 of the newest matches:" in out
    code, out, _ = invoke("search", "senate", "--db", db, "--limit", "2", "--count")
    assert code == 0 and "11 articles match 'senate'; the best 2 of the newest matches:" in out
    code, out, _ = invoke("search", "senate", "--db", db, "--format", "json", "--collapse")
    found = json.loads(out)
    assert (found["total"], found["total_capped"], found["windowed"]) == (10, True, True)
    code, out, _ = invoke("search", "senate", "--db", db, "--format", "json", "--count")
    found = json.loads(out)
    assert (found["total"], found["total_capped"], found["windowed"]) == (11, False, True)


def test_show(db: str) -> None:
    code, out, _ = invoke("show", "1", "--db", db)
    assert code == 0
    assert out.startswith("Senate passes bill 1 after all-night session\n")
    assert "revisions: 3" in out and "Correction: bill 1 passed on Monday." in out
    assert "photo 2:" in out
    code, out, _ = invoke("show", "http://huffpost.com/entry/story-2_n_000002/?utm_source=x", "--db", db,
                          "--format", "json")  # fmt: skip
    record = json.loads(out)
    assert record["id"] == 2 and record["authors"][0]["name"] == "Matt O'Brien"
    code, _, err = invoke("show", "999", "--db", db)
    assert code == 1 and "no article 999" in err


def test_export_jsonl_and_csv(db: str, tmp_path: Path) -> None:
    target = tmp_path / "all.jsonl"
    code, _, err = invoke("export", "--db", db, "-o", str(target))
    assert code == 0 and "12 articles written" in err
    records = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r["id"] for r in records] == list(range(1, 13))
    assert records[0]["captions"][0]["credit"] == "J. Scott Applewhite/AP"
    code, out, _ = invoke("export", "--db", db, "--format", "csv", "--section", "politics")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 12 and rows[0]["authors"] == "Matt O'Brien; Jane Doe"


def test_stats_and_runs(db: str) -> None:
    code, out, _ = invoke("stats", "--db", db)
    assert code == 0
    assert "12 articles (14 revisions) from 1 sites" in out
    assert "huffpost.com (HuffPost)" in out and "Matt O'Brien" in out and "not_article" in out
    code, out, _ = invoke("runs", "--db", db)
    assert code == 0
    line = out.splitlines()[1].split()
    # ended, outcome (not recorded by this hand-made run), pages, new, upd, same, known, rej
    assert line[:2] == ["1", "huffpost"] and line[3:11] == ["finished", "-", "15", "12", "2", "0", "-", "1"]
    assert "rejected: not_article 1" in out
    code, out, _ = invoke("runs", "--db", db, "--format", "json")
    assert json.loads(out)[0]["rejected_by_reason"] == {"not_article": 1}


def test_revisions_list_and_diff(db: str) -> None:
    code, out, _ = invoke("revisions", "https://www.huffpost.com/entry/story-1_n_000001", "--db", db)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("revision 1  2024-05-01") and lines[0].endswith("first version")
    assert lines[1].endswith("body") and lines[2].startswith("revision 3 (current)")
    assert "--- revision 2" in out and "+headline: Senate passes bill 1 after all-night session" in out
    code, out, _ = invoke("revisions", "1", "--db", db, "--from", "1", "--to", "2")
    assert "+Correction: bill 1 passed on Monday." in out
    code, _, err = invoke("revisions", "1", "--db", db, "--from", "1", "--to", "9")
    assert code == 2 and "no revision 9" in err


@pytest.mark.parametrize("bad", ['"unbalanced', "AND OR", "col:", "headline:", "NEAR("])
def test_malformed_search_is_one_line_exit_2(db: str, bad: str) -> None:
    code, out, err = invoke("search", bad, "--db", db)
    assert code == 2
    assert out == "" and len(err.strip().splitlines()) == 1 and "bad search query" in err


def test_bad_dates_exit_2(db: str) -> None:
    code, _, err = invoke("search", "senate", "--db", db, "--since", "last week")
    assert code == 2 and "not a date" in err


# Through the installed console script, as a user runs it.


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["newsharvest", *args], capture_output=True, text=True, cwd=cwd, timeout=60)


def test_console_script_search_and_bad_query(db: str) -> None:
    ok = run_cli("search", "wildfire", "--db", db, "--format", "jsonl")
    assert ok.returncode == 0 and json.loads(ok.stdout)["id"] == 12
    bad = run_cli("search", '"unbalanced', "--db", db)
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == ["Error: bad search query '\"unbalanced': unterminated string"]
    assert "Traceback" not in bad.stderr


def test_console_script_refuses_what_is_not_an_archive(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n")
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    for target, message in (
        ("missing.db", "does not exist"),
        (str(notes), "not a SQLite database"),
        (str(foreign), "not a newsharvest archive"),
    ):
        result = run_cli("search", "x", "--db", target, cwd=tmp_path)  # the real entry point
        assert result.returncode == 2, (target, result.stderr)
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
        for command in COMMANDS:  # every query command, in-process for speed
            args = [command, "x"] if command in ("search", "show", "revisions") else [command]
            code, _, err = invoke(*args, "--db", str(tmp_path / target))
            assert code == 2 and message in err, (command, target, err)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # nothing created or changed


def test_default_db_is_in_the_working_directory(tmp_path: Path) -> None:
    result = run_cli("stats", cwd=tmp_path)
    assert result.returncode == 2 and "newsharvest.db" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrate_creates_and_reports(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    target = str(tmp_path / "new.db") if backend == "sqlite" else request.getfixturevalue("postgres_url")
    code, out, _ = invoke("migrate", "--db", target)
    assert code == 0 and f"schema {SCHEMA_VERSION} (current)" in out
    code, out, _ = invoke("stats", "--db", target)
    assert code == 0 and out.startswith("0 articles")


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _newer_postgres_archive(server: str) -> str:
    from sqlalchemy import create_engine, text

    url = create_database(server)
    Archive.open(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    return url


def test_a_database_that_cannot_be_used_is_one_line_before_any_fetch(
    huffpost_server: FixtureServer, postgres_server: str
) -> None:
    """For each way a --db can be wrong, `crawl`, `migrate` and `search` print one line and
    exit 2, and the crawl fetches nothing (the first through the console script, as a user
    runs it; the rest in-process)."""
    newer = _newer_postgres_archive(postgres_server)
    try:
        cases = [
            (f"postgresql+psycopg://news:secret@127.0.0.1:{_closed_port()}/news", "Connection refused"),
            ("postgresql+nosuchdriver://news@localhost/news", "driver is not installed"),
            ("mysql://news@localhost/news", "SQLite or PostgreSQL, not mysql"),
            ("not a url://x", "not a database URL"),
            (newer, "written by a newer newsharvest"),
        ]
        crawl = ["crawl", "huffpost", "-a", f"base_url={huffpost_server.base_url}"]
        result = run_cli(*crawl, "--db", cases[0][0])
        [line] = result.stderr.strip().splitlines()
        assert result.returncode == 2 and line.startswith("Error: cannot open postgresql+psycopg://news:***@")
        assert line.endswith("Connection refused")
        for target, message in cases:
            for args in (crawl, ["migrate"], ["search", "senate"]):
                code, _, err = invoke(*args, "--db", target)
                assert code == 2, (args, target, err)
                lines = err.strip().splitlines()
                assert len(lines) == 1 and message in lines[0], (args, target, err)
                assert "secret" not in err
        assert huffpost_server.log == []  # nothing fetched
    finally:
        drop_database(postgres_server, newer)

