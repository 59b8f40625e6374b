"""Search of a word most articles hold: the newest matches ranked, whichever way they are found
(on PostgreSQL: listed by the GIN index, or read newest first, `pgplan`)."""

from __future__ import annotations

from typing import Any

import pytest

from newsharvest import query
from newsharvest.store import Archive, pgplan, pgschema, pgsearch, pgslices, search
from tests.store.factory import FETCHED, make_article

GLACIER_BODY = "A glacier retreated up the valley."


def glacier_articles() -> list[Any]:
    """30 articles with "glacier" in the body; 5 and 24 also in the headline, 27 not at all."""
    articles = [make_article(n, body=f"{GLACIER_BODY} Story {n}.") for n in range(1, 31)]
    for n in (5, 24):
        articles[n - 1] = make_article(n, headline=f"Glacier story {n}", body=f"{GLACIER_BODY} Story {n}.")
    articles[26] = make_article(27, body="The river flooded the valley.")
    return articles


def analysed(archive: Archive) -> None:
    """Give PostgreSQL's planner the table's statistics (its estimate chooses the plan)."""
    if archive.engine.dialect.name == "postgresql":
        with archive.atomic() as conn:
            conn.exec_driver_sql("ANALYZE articles")


def test_newest_first_bound_reads_the_newest_articles_only_for_a_query_matching_most() -> None:
    assert pgplan.newest_first_bound(100_000, 100_000, 1_000) == 2_000  # a word in every article
    assert pgplan.newest_first_bound(60_000, 100_000, 1_000) == 3_334
    assert pgplan.newest_first_bound(20_000, 100_000, 1_000) is None  # listing 20,000 costs less
    assert pgplan.newest_first_bound(900, 100_000, 1_000) is None  # fewer than the window
    assert pgplan.newest_first_bound(10_000, 10_000, 1_000) is None  # a small archive: listing is cheap
    assert pgplan.newest_first_bound(5_000, 0, 1_000) is None  # no estimate


def test_the_first_slice_spans_the_ids_the_matches_wanted_need() -> None:
    assert pgslices.first_slice(1_001, 0.0) == 4_004  # share unknown: 4 ids a match
    assert pgslices.first_slice(1_001, 0.5) == 3_003  # half again what a half share needs
    assert pgslices.first_slice(1_001, 1.0) == pgslices.first_slice(1_001, 3.0) == 1_502


def test_only_plain_words_all_required_are_estimated_from_the_lexeme_shares() -> None:
    shares = {"the": 0.95, "was": 0.5, "glacier": 0.2, "don't": 0.5}
    assert pgplan.estimated_matches("'the'", shares, 1_000) == 950
    assert pgplan.estimated_matches("'the' & 'was'", shares, 1_000) == 475  # as independent
    assert pgplan.estimated_matches("'don''t'", shares, 1_000) == 500
    assert pgplan.estimated_matches("'the' & 'ydr'", shares, 1_000) == 0  # not a common lexeme
    for other in ("'the' <-> 'was'", "'the' | 'was'", "'the' & !'was'", "'glac':*", "'the':A", ""):
        assert pgplan.estimated_matches(other, shares, 1_000) == 0, other


@pytest.mark.parametrize(
    ("lexemes", "share"),
    [
        ("'the'", 0.95),
        ("'the' & 'was'", 0.475),  # as independent
        ("'glac':*", 0.3),  # the common lexemes the prefix starts
        ("'the' | 'was'", 0.975),
        ("'was' | 'ydr'", 0.5),  # a rare lexeme: at least the other's
        ("'the' & !'was'", 0.475),
        ("'the' & !'ydr'", 0.95),  # NOT a rare lexeme: nearly every article
        ("'don''t'", 0.5),
        ("'ydr'", 0.0),  # not a common lexeme: unknown
        ("'the' & 'ydr'", 0.0),
        ("'zq':*", 0.0),
        ("'the' <-> 'was'", 0.0),  # a phrase
        ("'the':A", 0.0),  # a field
        ("", 0.0),
    ],
)
def test_the_share_that_sizes_the_first_slice_reads_or_not_and_prefixes(lexemes: str, share: float) -> None:
    shares = {"the": 0.95, "was": 0.5, "glacier": 0.2, "glacial": 0.1, "don't": 0.5}
    assert pgplan.estimated_share(lexemes, shares) == pytest.approx(share)


def test_a_word_in_most_articles_ranks_the_newest_window_on_both_databases(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive.store_batch([(a, FETCHED) for a in glacier_articles()], None)
    monkeypatch.setattr(search, "RANK_WINDOW", 10)
    monkeypatch.setattr(pgsearch, "RANK_WINDOW", 10)
    monkeypatch.setattr(pgplan, "READ_COST", 0.0)  # on PostgreSQL: read newest first
    monkeypatch.setattr(pgplan, "NEWEST_FIRST_GAIN", 1.0)
    analysed(archive)
    found = query.search_articles(archive, "glacier", limit=5)
    assert (found["total"], found["total_capped"], found["windowed"]) == (10, True, True)
    assert query.search_articles(archive, "glacier", limit=5, exact_count=True)["total"] == 29
    assert [r["id"] for r in found["results"]] == [24, 30, 29, 28, 26]  # newest 10: 21-30 but 27
    assert found["results"][0]["headline_marked"] == "[Glacier] story 24"


def _spy_listed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the calls of `pgsearch.newest_matches` (the matches taken from the GIN index)."""
    calls: list[int] = []
    listed = pgsearch.newest_matches

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return listed(*args, **kwargs)

    monkeypatch.setattr(pgsearch, "newest_matches", spy)
    return calls


@pytest.mark.parametrize("bound", ["estimated", "too-small", "window-only"])
def test_postgres_reads_newest_first_and_finds_what_the_index_lists(
    postgres_archive_url: str, monkeypatch: pytest.MonkeyPatch, bound: str
) -> None:
    """The same page and count either way; a reading that falls short of the window (an
    estimate far off), or holds the window but not one match more (the count's "10+"), is
    done again from the index."""
    monkeypatch.setattr(pgsearch, "RANK_WINDOW", 10)
    with Archive.open(postgres_archive_url) as archive:
        archive.store_batch([(a, FETCHED) for a in glacier_articles()], None)
        analysed(archive)
        listed = [query.search_articles(archive, "glacier", limit=limit) for limit in (3, 12)]
        monkeypatch.setattr(pgplan, "READ_COST", 0.0)
        monkeypatch.setattr(pgplan, "NEWEST_FIRST_GAIN", 1.0)
        if bound == "too-small":  # the newest 8 articles hold 7 matches: fewer than the window
            monkeypatch.setattr(pgsearch, "newest_first_bound", lambda *_: 8)
        if bound == "window-only":  # the newest 11 articles hold 10 matches: the window, no more
            monkeypatch.setattr(pgsearch, "newest_first_bound", lambda *_: 11)
        calls = _spy_listed(monkeypatch)
        newest = [query.search_articles(archive, "glacier", limit=limit) for limit in (3, 12)]
    assert newest == listed
    assert [r["id"] for r in newest[1]["results"]] == [24, 30, 29, 28, 26, 25, 23, 22, 21, 20]
    assert len(calls) == (0 if bound == "estimated" else 2)


PHRASE_BODIES = [
    "Up the glacier, the river retreated.",  # both words of "glacier retreated", apart
    "The river flooded the valley.",
    "The glacier retreated up the valley.",
]
PHRASES = {
    '"glacier retreated"': [38, 35, 32, 29, 26],  # two rarer words
    '"retreated up"': [38, 35, 32, 29, 26],  # with a common word
    '"up the"': [39, 38, 36, 35, 33],  # common words only
    '"the glacier"': [39, 38, 36, 35, 33],
    '"glacier xylophone"': [],  # a word no article holds
}


@pytest.mark.parametrize("phrase", list(PHRASES))
def test_a_phrase_finds_the_newest_matches_among_its_words_candidates(
    archive: Archive, monkeypatch: pytest.MonkeyPatch, phrase: str
) -> None:
    """On PostgreSQL the newest matches (6: the window and one more, to know if more match)
    come from slices of ids, newest first (6 ids here, then as many as the first one's matches
    say, or the rest at once), each phrase checked only on its words' candidates in the
    slice: the same rows, in the same order, as listing every match."""
    articles = [make_article(n, body=PHRASE_BODIES[n % 3]) for n in range(1, 41)]
    archive.store_batch([(a, FETCHED) for a in articles], None)
    monkeypatch.setattr(search, "RANK_WINDOW", 5)
    monkeypatch.setattr(pgsearch, "RANK_WINDOW", 5)
    monkeypatch.setattr(pgslices, "FIRST_SLICE", 1)
    found = query.search_articles(archive, phrase, limit=10)
    listed = query.search_articles(archive, phrase, limit=10, exact_count=True)  # every match listed
    assert [r["id"] for r in found["results"]] == PHRASES[phrase]
    assert found["results"] == listed["results"]
    everything = {'"glacier retreated"': 13, '"retreated up"': 13, '"up the"': 26, '"the glacier"': 26}
    assert listed["total"] == everything.get(phrase, 0)
    assert (found["total"], found["total_capped"]) == ((5, True) if phrase in everything else (0, False))


def test_a_filtered_phrase_finds_the_newest_matches_as_listing_every_one(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A filtered phrase with more matches than the window (6: the window and one more): on
    PostgreSQL only its newest candidates are checked until 6 match; the same page as when
    every match is listed and counted, on both databases."""
    articles = [
        make_article(n, body=PHRASE_BODIES[n % 3], section="Politics" if n % 2 == 0 else "World")
        for n in range(1, 41)
    ]
    archive.store_batch([(a, FETCHED) for a in articles], None)
    monkeypatch.setattr(search, "RANK_WINDOW", 5)
    monkeypatch.setattr(pgsearch, "RANK_WINDOW", 5)
    found = query.search_articles(archive, '"up the"', section="politics", limit=10)
    listed = query.search_articles(archive, '"up the"', section="politics", limit=10, exact_count=True)
    assert sorted((r["id"] for r in found["results"]), reverse=True) == [38, 36, 32, 30, 26]
    assert found["results"] == listed["results"]
    assert (found["total"], found["total_capped"]) == (5, True)
    assert listed["total"] == 13  # the even articles whose body holds "up the"


def test_a_phrase_is_checked_on_its_newest_candidates_only(postgres_archive_url: str) -> None:
    """The statement listing a phrase's newest matches checks its candidates (the articles
    holding the phrase's pairs) newest first and stops when enough match: of the 26 articles
    holding "up the", the newest 4 are checked for 4 matches, none older."""
    from newsharvest.store.pgpairs import required_pairs

    with Archive.open(postgres_archive_url) as archive:
        articles = [make_article(n, body=PHRASE_BODIES[n % 3]) for n in range(1, 41)]
        archive.store_batch([(a, FETCHED) for a in articles], None)
        with archive.reading() as conn:
            lexemes = pgsearch.lexemes_of(conn, '"up the"')
            candidates, recheck, params = pgsearch._matching(required_pairs(lexemes))
            assert recheck is not None
            statement = pgsearch._newest(candidates, recheck, "4")
            params |= {"q": lexemes}
            ids = [row.id for row in conn.exec_driver_sql(statement, params)]
            (plan,) = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", params).one()
    checks = [node for node in _plan_nodes(plan[0]["Plan"]) if "ts_match_vq" in node.get("Filter", "")]
    assert ids == [39, 38, 36, 35]
    assert len(checks) == 1
    assert checks[0]["Actual Rows"] + checks[0]["Rows Removed by Filter"] == 4


def _plan_nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    """`node` of an EXPLAIN (FORMAT JSON) plan and every node under it."""
    return [node, *(found for child in node.get("Plans", []) for found in _plan_nodes(child))]


def _two_sites() -> list[Any]:
    """Articles 1-12: the even ones on AP News (apnews.com), the odd ones on HuffPost."""
    ap = {"site_name": "AP News"}
    return [
        make_article(n, **(ap | {"url": f"https://apnews.com/article/{n}", "canonical_url": f"https://apnews.com/article/{n}"}))
        if n % 2 == 0
        else make_article(n)
        for n in range(1, 13)
    ]


@pytest.mark.parametrize(
    ("site", "ids"),
    [
        ("apnews.com", [12, 10, 8, 6, 4, 2]),
        ("www.apnews.com", [12, 10, 8, 6, 4, 2]),
        ("AP News", [12, 10, 8, 6, 4, 2]),
        ("huffpost.com", [11, 9, 7, 5, 3, 1]),
        ("nosuch.example", []),
    ],
)
def test_a_site_filter_names_the_site_by_host_or_name_on_both_databases(
    archive: Archive, site: str, ids: list[int]
) -> None:
    """On PostgreSQL the site's ids are read before its matches (as values the planner can
    estimate): the same articles as by the site's host or name on SQLite."""
    archive.store_batch([(a, FETCHED) for a in _two_sites()], None)
    for words in ("senate", '"senate passed"', "bill AND house"):
        found = query.search_articles(archive, words, site=site, limit=20)
        assert sorted((r["id"] for r in found["results"]), reverse=True) == ids, words
        assert (found["total"], found["total_capped"]) == (len(ids), False), words


def test_a_section_filter_reads_the_sections_index_on_postgres(db_url: str) -> None:
    """A section filter matches the section in any case on both databases; on PostgreSQL the
    filter is what migration 0012's index holds (``lower(section)``), so the planner ANDs the
    index's bitmap with the GIN index's, and the index comes and goes with the migration."""
    from alembic import command
    from sqlalchemy import create_engine, select

    from newsharvest.store import models as m
    from newsharvest.store.engine import to_url
    from newsharvest.store.reader import Filters
    from newsharvest.store.schema import alembic_config

    sections = ["Health", "HEALTH", "World", None, "health"]
    articles = [make_article(n, section=section) for n, section in enumerate(sections, 1)]
    with Archive.open(db_url) as archive:
        archive.store_batch([(a, FETCHED) for a in articles], None)
        found = query.search_articles(archive, "senate", section="health", limit=10)
        assert sorted(r["id"] for r in found["results"]) == [1, 2, 5]
        if archive.engine.dialect.name != "postgresql":
            return
        with archive.reading() as conn:
            statement = select(m.articles.c.id).where(*Filters(section="Health").clauses())
            compiled = statement.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {compiled}"))
    assert pgschema.SECTION_INDEX in plan
    listed = f"SELECT count(*) FROM pg_indexes WHERE indexname = '{pgschema.SECTION_INDEX}'"
    engine = create_engine(to_url(db_url))
    with engine.begin() as conn:
        command.downgrade(alembic_config(connection=conn), "0011")
        assert conn.exec_driver_sql(listed).scalar() == 0
        command.upgrade(alembic_config(connection=conn), "0012")
        assert conn.exec_driver_sql(listed).scalar() == 1
    engine.dispose()


WAYS = ["slices", "one-slice", "filtered", "counted", "newest-first", "fallen-back", "empty"]


@pytest.mark.parametrize("way", WAYS)
def test_postgres_search_restores_the_planner_settings_whichever_way_it_went(
    postgres_archive_url: str, monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    """The search's last statement restores the planner's settings (or a statement of its own,
    when none ran): the statements after it in the transaction are planned as usual."""
    from newsharvest.store.reader import Filters

    monkeypatch.setattr(pgsearch, "RANK_WINDOW", 10)
    monkeypatch.setattr(search, "RANK_WINDOW", 10)
    monkeypatch.setattr(pgslices, "FIRST_SLICE", 1 if way == "slices" else 100)
    with Archive.open(postgres_archive_url) as archive:
        if way != "empty":
            archive.store_batch([(a, FETCHED) for a in glacier_articles()], None)
            analysed(archive)
        if way in ("newest-first", "fallen-back"):
            monkeypatch.setattr(pgplan, "READ_COST", 0.0)
            monkeypatch.setattr(pgplan, "NEWEST_FIRST_GAIN", 1.0)
        if way == "fallen-back":
            monkeypatch.setattr(pgsearch, "newest_first_bound", lambda *_: 8)
        filters = Filters(section="politics") if way == "filtered" else Filters()
        with archive.reading() as conn:
            before = tuple(conn.exec_driver_sql("SELECT current_setting('enable_seqscan')").one())
            found = search.search_ids(conn, "glacier", filters, limit=3, exact=way == "counted")
            settings = conn.exec_driver_sql(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'),"
                " current_setting('enable_bitmapscan')"
            ).one()
    assert before == ("on",)
    assert tuple(settings) == ("on", "on", "on")
    expected = {"empty": 0, "counted": 29}.get(way, 10)
    assert found.total == expected
    assert [hit for hit, _ in found.hits] == ([] if way == "empty" else [24, 30, 29])
