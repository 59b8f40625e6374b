"""Full-text search: FTS5 kept in sync by triggers, ranked, filtered, bad input refused."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from newsharvest import query
from newsharvest.store import Archive, QueryError, pgsearch, pgsnippets, search
from newsharvest.store.reader import Filters
from tests.store.factory import FETCHED, make_article


def test_the_index_is_named_and_built_as_sqlite_utils_does(sqlite_archive: Archive, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        assert {"articles_ai", "articles_ad", "articles_au"} <= names
        # The query datasette runs to find a table's FTS index (datasette.utils.detect_fts).
        detected = conn.execute(
            "SELECT name FROM sqlite_master WHERE rootpage = 0 AND ("
            " sql LIKE '%VIRTUAL TABLE%USING FTS%content=[articles]%'"
            " OR sql LIKE '%VIRTUAL TABLE%USING FTS%content=\"articles\"%')"
        ).fetchall()
        assert detected == [("articles_fts",)]
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name='articles_fts'").fetchone()[0]
        assert "tokenize='porter unicode61'" in sql


def test_postgres_indexes_a_weighted_generated_tsvector(postgres_url: str) -> None:
    with Archive.open(postgres_url) as archive:
        archive.store_article(make_article(), fetched_at=FETCHED)
        with archive.reading() as conn:
            generated = conn.exec_driver_sql(
                "SELECT data_type, is_generated FROM information_schema.columns"
                " WHERE table_name = 'articles' AND column_name = 'search_vector'"
            ).one()
            index = conn.exec_driver_sql(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_articles_search_vector'"
            ).scalar_one()
            weights = conn.exec_driver_sql(
                "SELECT ARRAY(SELECT DISTINCT unnest(weights) FROM unnest(search_vector) ORDER BY 1)"
                " FROM articles"
            ).scalar_one()
    assert tuple(generated) == ("tsvector", "ALWAYS")
    assert "USING gin (search_vector)" in index
    assert weights == ["A", "B", "C", "D"]  # headline, dek, authors, body


def test_postgres_keeps_a_head_vector_of_headline_dek_and_byline_in_the_row(postgres_url: str) -> None:
    with Archive.open(postgres_url) as archive:
        archive.store_article(make_article(), fetched_at=FETCHED)
        with archive.reading() as conn:
            generated, storage = conn.exec_driver_sql(
                "SELECT c.is_generated, a.attstorage FROM information_schema.columns c"
                " JOIN pg_attribute a ON a.attrelid = 'articles'::regclass AND a.attname = c.column_name"
                " WHERE c.table_name = 'articles' AND c.column_name = 'head_vector'"
            ).one()
            lexemes = conn.exec_driver_sql(
                "SELECT array_agg(lexeme || ':' || array_to_string(weights, '') ORDER BY lexeme)"
                " FROM articles, unnest(head_vector)"
            ).scalar_one()
    assert (generated, storage) == ("ALWAYS", "m")  # storage MAIN: kept in the row
    assert sorted(lexemes) == sorted([
        "budget:A", "bill:A", "brien:C", "doe:C", "jane:C", "lawmak:B", "matt:C", "night:B", "number:A",
        "o:C", "pass:A", "senat:A", "the:B", "through:B", "work:B", "1:A",
    ])  # no body word ("washington", "hous")


def test_postgres_scores_the_best_of_the_window_by_headline_dek_and_byline(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Of the newest matches, those with the word in the headline come first, then the newest;
    only the first `RANK_SCORED` are scored by their whole vector."""
    articles = [make_article(n, headline=f"Story {n}", body="A glacier.") for n in range(1, 13)]
    articles[3] = make_article(4, headline="Glacier story", body="A glacier.")  # older, in the headline
    articles[4] = make_article(5, headline="Story 5", body="Glacier, glacier, glacier: a glacier.")
    monkeypatch.setattr(pgsearch, "RANK_WINDOW", 10)  # ids 3 to 12
    monkeypatch.setattr(pgsearch, "RANK_SCORED", 3)
    with Archive.open(postgres_url) as archive:
        archive.store_batch([(a, FETCHED) for a in articles], None)
        found = query.search_articles(archive, "glacier", limit=3)
        assert (found["total"], found["total_capped"], found["windowed"]) == (10, True, True)
        assert [r["id"] for r in found["results"]] == [4, 12, 11]  # 5 scores higher, but is not scored
        assert found["results"][0]["score"] < found["results"][1]["score"] == found["results"][2]["score"]
        reached = query.search_articles(archive, "glacier", limit=5)  # a page past RANK_SCORED
        assert [r["id"] for r in reached["results"]] == [4, 12, 11, 10, 9]


def test_migrate_gives_a_postgres_archive_at_0007_its_head_vector(postgres_url: str) -> None:
    from click.testing import CliRunner
    from sqlalchemy import create_engine

    from newsharvest.cli import main
    from newsharvest.store.schema import SCHEMA_VERSION, current_revision, upgrade
    from newsharvest.store.writer import BatchWriter

    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        upgrade(conn, "0007")
        BatchWriter(conn, None).store([(make_article(1, headline="Glacier story"), FETCHED)])
        assert current_revision(conn) == "0007"
    engine.dispose()
    result = CliRunner().invoke(main, ["migrate", "--db", postgres_url])
    assert result.exit_code == 0, result.output
    with Archive.open(postgres_url, readonly=True) as archive:
        assert archive.schema_version == SCHEMA_VERSION
        with archive.reading() as conn:
            head = conn.exec_driver_sql("SELECT head_vector::text FROM articles").scalar_one()
        assert "'glacier':1A" in head and "'doe':" in head
        [hit] = query.search_articles(archive, "glacier")["results"]
        assert hit["headline_marked"] == "[Glacier] story"


def test_postgres_writes_a_new_article_row_once(postgres_url: str) -> None:
    """A new article goes in pointing at its first revision: no second row version, whose
    search vector the GIN index would take again."""
    with Archive.open(postgres_url) as archive:
        archive.store_batch([(make_article(n), FETCHED) for n in (1, 2, 3)], None)
        with archive.reading() as conn:
            rows = conn.exec_driver_sql(
                "SELECT a.ctid::text, a.current_revision_id = r.id, r.number FROM articles a"
                " JOIN revisions r ON r.article_id = a.id ORDER BY a.id"
            ).all()
    assert [tuple(row) for row in rows] == [("(0,1)", True, 1), ("(0,2)", True, 1), ("(0,3)", True, 1)]


def test_triggers_keep_the_index_in_sync(archive: Archive) -> None:
    article = make_article(body="The glacier retreated by forty metres.")
    archive.store_article(article, fetched_at=FETCHED)
    assert query.search_articles(archive, "glacier")["total"] == 1
    assert query.search_articles(archive, "retreating")["total"] == 1  # porter stemming
    changed = dataclasses.replace(article, body="The river flooded the valley.")
    archive.store_article(changed, fetched_at="2024-05-02T00:00:00+00:00")
    assert query.search_articles(archive, "glacier")["total"] == 0
    assert query.search_articles(archive, "flooded")["total"] == 1
    archive.store_article(changed, fetched_at="2024-05-03T00:00:00+00:00")  # unchanged
    assert query.search_articles(archive, "valley")["total"] == 1


def test_a_batch_is_indexed_as_one_segment(sqlite_archive: Archive, db_path: Path) -> None:
    """FTS5 flushes its pending index at every statement that fires its triggers: a batch
    must reach the index in one statement, not as one tiny segment per article."""
    archive = sqlite_archive
    archive.store_batch([(make_article(n), FETCHED) for n in range(1, 41)], None)
    with sqlite3.connect(db_path) as conn:
        segments = conn.execute("SELECT count(DISTINCT segid) FROM articles_fts_idx").fetchone()[0]
    assert segments == 1
    assert query.search_articles(archive, "senate")["total"] == 40


def test_authors_dek_and_headline_are_searchable(archive: Archive) -> None:
    archive.store_article(make_article(), fetched_at=FETCHED)
    for text in ("O'Brien", "obrien OR o'brien", "authors:doe", "headline:senate", "lawmakers night"):
        assert query.search_articles(archive, text)["total"] == 1, text


def test_results_are_ranked_and_highlighted(archive: Archive) -> None:
    archive.store_batch(
        [
            (make_article(1, headline="Budget talks stall", body="Nothing about it."), FETCHED),
            (make_article(2, headline="Weather", body="A word on the budget, once."), FETCHED),
            (make_article(3, headline="Sports", body="No match here."), FETCHED),
        ],
        None,
    )
    found = query.search_articles(archive, "budget")
    assert found["total"] == 2
    first, second = found["results"]
    assert first["headline"] == "Budget talks stall"
    assert first["score"] <= second["score"]  # bm25: lower is better
    assert first["headline_marked"] == "[Budget] talks stall"
    assert "[budget]" in second["snippet"]
    assert set(first) >= {"id", "headline", "canonical_url", "authors", "date_published", "snippet"}


FILLER = "The council met again and talked at length about the roads. " * 40  # 2,440 characters


def test_a_snippet_shows_a_match_deep_in_a_long_body(archive: Archive) -> None:
    body = f"{FILLER}Then the glacier retreated further than ever. Both cities flooded. {FILLER}"
    archive.store_article(make_article(headline="Ice", body=body), fetched_at=FETCHED)
    [hit] = query.search_articles(archive, "retreating")["results"]
    assert "[retreated] further than ever" in hit["snippet"]
    [hit] = query.search_articles(archive, "city")["results"]  # stemmed "citi" on PostgreSQL
    assert "[cities] flooded" in hit["snippet"]


def test_a_match_outside_the_body_gives_the_body_start_as_snippet(archive: Archive) -> None:
    archive.store_article(make_article(headline="Budget talks", body=FILLER), fetched_at=FETCHED)
    [hit] = query.search_articles(archive, "budget")["results"]
    assert hit["headline_marked"] == "[Budget] talks"
    assert hit["snippet"].startswith("The council met again") and "[" not in hit["snippet"]


def test_postgres_snippet_of_a_stem_that_does_not_start_its_word(postgres_url: str) -> None:
    """Snowball stems "lying" to "lie": no word of the body starts with the stem, so the
    snippet is taken from the whole body."""
    with Archive.open(postgres_url) as archive:
        body = f"{FILLER}The witness was lying under oath. {FILLER}"
        archive.store_article(make_article(headline="Trial", body=body), fetched_at=FETCHED)
        [hit] = query.search_articles(archive, "lie")["results"]
    assert "[lying] under oath" in hit["snippet"]


def test_postgres_snippet_starts_at_the_first_of_many_matches(postgres_url: str) -> None:
    """The body's first match, found once however often the word recurs, places the snippet."""
    with Archive.open(postgres_url) as archive:
        body = f"{FILLER}Then the glacier retreated once.\n{'A glacier moved again. ' * 80}"
        archive.store_article(make_article(headline="Ice", body=body), fetched_at=FETCHED)
        [hit] = query.search_articles(archive, "glacier")["results"]
    again = "A [glacier] moved again."
    assert hit["snippet"] == f"[glacier] retreated once.\n{again} {again} A [glacier]"


@pytest.mark.parametrize(
    ("lexemes", "text", "position"),
    [
        ("'the'", "Other: thesis the THE\nthe", 8),
        ("'the'", "nothing here", 0),
        ("'citi' & 'glacier'", "A\nGlaciers of a city", 3),
        ("'citi' <-> 'the'", "Cities, the city", 1),
        ("'o''brien'", "Mr O'Brien and O'Brien", 4),
    ],
)
def test_postgres_first_match_pattern_finds_the_first_match(
    postgres_url: str, lexemes: str, text: str, position: int
) -> None:
    pattern = pgsnippets.lexeme_pattern(lexemes)
    assert pattern is not None
    with Archive.open(postgres_url) as archive, archive.reading() as conn:
        found = conn.exec_driver_sql(
            "SELECT regexp_instr(%(text)s, %(pattern)s, 1, 1, 0, 'i'),"
            " regexp_instr(%(text)s, %(first)s, 1, 1, 0, 'i')",
            {"text": text, "pattern": pattern, "first": pgsnippets.first_match_pattern(pattern)},
        ).one()
    assert tuple(found) == (position, position)


def test_filters_apply_to_search(archive: Archive) -> None:
    archive.store_batch(
        [
            (make_article(1, section="World", date_published="2024-01-05T10:00:00+00:00"), FETCHED),
            (make_article(2, section="Politics", date_published="2024-03-05T10:00:00+00:00"), FETCHED),
        ],
        None,
    )
    assert query.search_articles(archive, "senate")["total"] == 2
    assert query.search_articles(archive, "senate", section="world")["total"] == 1
    assert query.search_articles(archive, "senate", since="2024-02-01")["total"] == 1
    assert query.search_articles(archive, "senate", until="2024-01-05")["total"] == 1
    assert query.search_articles(archive, "senate", author="jane")["total"] == 2
    assert query.search_articles(archive, "senate", site="apnews.com")["total"] == 0


def test_an_author_filter_keeps_that_authors_articles_only(archive: Archive) -> None:
    """The author's condition is a subquery on the article's own authors (it once matched
    every article as soon as any article had such an author)."""
    from newsharvest.items import Author

    bob = [Author("Bob Smith", None)]
    archive.store_batch([(make_article(1), FETCHED), (make_article(2, authors=bob), FETCHED)], None)
    assert [r["id"] for r in query.search_articles(archive, "senate", author="jane")["results"]] == [1]
    assert [r["id"] for r in query.search_articles(archive, "senate", author="BOB")["results"]] == [2]
    assert query.search_articles(archive, "senate", author="nobody")["total"] == 0


@pytest.mark.parametrize("bad", ['"unbalanced', "AND OR", "col:", "nosuchcolumn:word", "NEAR(", "", "   "])
def test_malformed_queries_raise_query_error(archive: Archive, bad: str) -> None:
    archive.store_article(make_article(), fetched_at=FETCHED)
    with pytest.raises(QueryError) as caught:
        query.search_articles(archive, bad)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("text", ["covid-19", "U.S.", "don't", "senate budget", '"senate passed"', "sen*"])
def test_everyday_queries_just_work(archive: Archive, text: str) -> None:
    archive.store_article(
        make_article(body="COVID-19 hit the U.S. and we don't know. Senate passed."), fetched_at=FETCHED
    )
    assert query.search_articles(archive, text)["total"] == 1, search.prepare(text)


def test_a_broad_query_ranks_and_counts_the_newest_window_unless_asked_to_count(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive.store_batch([(make_article(n), FETCHED) for n in range(1, 31)], None)
    monkeypatch.setattr(search, "RANK_WINDOW", 10)
    monkeypatch.setattr(pgsearch, "RANK_WINDOW", 10)
    found = query.search_articles(archive, "senate", limit=50)
    assert (found["total"], found["total_capped"], found["windowed"]) == (10, True, True)  # "10+"
    assert sorted(r["id"] for r in found["results"]) == list(range(21, 31))  # the newest 10
    counted = query.search_articles(archive, "senate", limit=50, exact_count=True)
    assert (counted["total"], counted["total_capped"], counted["windowed"]) == (30, False, True)
    assert counted["results"] == found["results"]
    narrow = query.search_articles(archive, "senate", until="2024-01-01")  # no match: counted exactly
    assert (narrow["total"], narrow["total_capped"], narrow["windowed"]) == (0, False, False)


@pytest.mark.parametrize(("articles", "total", "capped"), [(9, 9, False), (10, 10, False), (11, 10, True)])
def test_the_count_is_exact_up_to_the_window_and_capped_past_it(
    archive: Archive, monkeypatch: pytest.MonkeyPatch, articles: int, total: int, capped: bool
) -> None:
    archive.store_batch([(make_article(n), FETCHED) for n in range(1, articles + 1)], None)
    monkeypatch.setattr(search, "RANK_WINDOW", 10)
    monkeypatch.setattr(pgsearch, "RANK_WINDOW", 10)
    found = query.search_articles(archive, "senate")
    assert (found["total"], found["total_capped"], found["windowed"]) == (total, capped, capped)
    assert query.search_articles(archive, "senate", exact_count=True)["total"] == articles


def test_postgres_search_restores_the_planner_settings(postgres_url: str) -> None:
    with Archive.open(postgres_url) as archive:
        archive.store_article(make_article(), fetched_at=FETCHED)
        with archive.reading() as conn:
            hits, total, capped = search.search_ids(conn, "senate", Filters(), limit=5)
            settings = conn.exec_driver_sql(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')"
            ).one()
    assert (len(hits), total, capped, tuple(settings)) == (1, 1, False, ("on", "on"))


PARITY_QUERIES = [
    "glacier", "retreating", "glacier valley", "glacier OR flood", "valley NOT (river OR senate)",
    "glacier NOT river", "(glacier OR river) AND valley", '"river flooded"', '"flooded river"',
    "gla*", "flood*", "headline:glacier", "body:glacier", "dek:night", "authors:doe", "authors:ann",
    "-body: glacier", "-body:glacier", "NEAR(glacier retreated)", "NEAR(river flooded, 5)",
    "^glacier", "covid-19", "U.S.", "don't", "o'brien", "the", "über", "senate passed",
    "glacier + retreated", "river + valley",
]  # fmt: skip


def test_postgres_finds_what_sqlite_finds(db_path: Path, postgres_archive_url: str) -> None:
    """The same articles and queries on both databases: the same matches. (NEAR and ^ are read
    more loosely on PostgreSQL, as AND and a plain word: see `pgsearch`.)"""
    articles = [
        make_article(1, headline="Glacier retreats", body="The glacier retreated up the valley.", dek=None),
        make_article(2, headline="Floods", body="The river flooded the valley. Über.", dek="All night."),
        make_article(3, headline="Senate", body="COVID-19 reached the U.S. and we don't know."),
        make_article(4, headline="Valley news", body="Glaciers and rivers; a flood.", authors=[]),
        make_article(5, headline="Ann Lee on glaciers", body="Nothing of the kind.", dek="Glacier talk"),
    ]
    found: dict[str, list[list[int]]] = {}
    for target in (str(db_path), postgres_archive_url):
        with Archive.open(target) as archive:
            archive.store_batch([(a, FETCHED) for a in articles], None)
            for text in PARITY_QUERIES:
                ids = sorted(r["id"] for r in query.search_articles(archive, text, limit=10)["results"])
                found.setdefault(text, []).append(ids)
    differing = {text: pair for text, pair in found.items() if pair[0] != pair[1]}
    assert differing == {}
