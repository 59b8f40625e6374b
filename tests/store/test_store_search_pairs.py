"""PostgreSQL phrase search narrowed by the index of adjacent pairs: the same matches as
without it, on text made to split words differently (hyphens, apostrophes, punctuation,
numbers, letters outside ASCII), and the index comes and goes with its migration."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Text, cast, create_engine, select, text

from newsharvest import query
from newsharvest.store import Archive, QueryError, pgsearch
from newsharvest.store.pgpairs import KEY_FUNCTION, PAIRS_FUNCTION, PAIRS_INDEX, required_pairs
from newsharvest.store.search import prepare
from tests.store.factory import FETCHED, make_article


@pytest.mark.parametrize(
    ("tsquery", "pairs"),
    [
        ("'do' <-> 'euodt'", [("do", "euodt")]),
        ("'a' <-> 'b' <-> 'c'", [("a", "b"), ("b", "c")]),
        ("( 'a' <-> 'b' ) <-> ( 'c' <-> 'd' )", [("a", "b"), ("b", "c"), ("c", "d")]),
        ("'x' & 'a' <-> 'b'", [("a", "b")]),
        ("'x' | 'a' <-> 'b'", []),  # a match may hold 'x' alone
        ("'a' <-> 'b' | 'a' <-> 'b' <-> 'c'", [("a", "b")]),  # what both sides hold
        ("'x' & !( 'a' <-> 'b' )", []),
        ("'a' <-> !'b'", []),
        ("'a':* <-> 'b'", []),  # a prefix is no lexeme of the vector
        ("'a' <-> 'b':*", []),
        ("'a' <2> 'b'", []),
        ("'a':AB <-> 'b':A", [("a", "b")]),  # weights only narrow the match further
        ("'covid-19' <-> 'covid' <-> '19'", [("covid", "19"), ("covid-19", "covid")]),
        ("'o''brien' <-> 'said'", [("o'brien", "said")]),
        ("'back\\\\slash' <-> 'x'", [("back\\slash", "x")]),
        ("'a'", []),
        ("", []),
        ("'a' <-> (", []),  # unreadable: no filter
    ],
)
def test_the_pairs_every_match_of_a_tsquery_holds(tsquery: str, pairs: list[tuple[str, str]]) -> None:
    assert required_pairs(tsquery) == pairs


BODIES = [
    "The do euodt rule: COVID-19 vaccines reached the U.S. on Jan. 5, 2021, officials said.",
    "Matt O'Brien didn't say it; \"we don't know\" was all he'd offer — then the state-of-the-art lab shut.",
    "Über-Rechner and naïve café owners in São Paulo met; the mayor's well-known re-election bid failed.",
    "Rates rose 3.5% to $1,200.50 in Q3 (up from 2.1%) as news@example.com and www.example.com e-mail rose.",
    "Flooding: the river-valley towns re-opened after 10-12 days; 'nothing', she said, 'was left'.",
    "Dying glaciers lie in the valleys; skies cried as the ties of cities' agencies frayed.",
]


def _phrases(articles: list[str]) -> list[str]:
    """Every run of two and three words of the texts, as the phrase query a reader would type."""
    out: set[str] = set()
    for body in articles:
        words = body.split()
        for size in (2, 3):
            for at in range(len(words) - size + 1):
                phrase = " ".join(words[at : at + size]).replace('"', "")
                out.add(f'"{phrase}"')
    return [
        *sorted(out),
        '"covid-19 vaccines"', '"o\'brien didn\'t"', '"don\'t know"', '"über-rechner and"', '"naïve café"',
        '"são paulo"', '"3.5% to"', '"news@example.com and"', '"e-mail rose"',
        '"well-known re-election"', '"dying glacier"',
        '"die glaciers"', '"sky cried"', '"tie of citi"', '"said dying"', "headline:\"senate passes\"",
        '"senate passes" OR flood', '"the river" NOT "river valley"', '"the do euodt"', 'euodt + rule',
        '"do euodt"*', '"budget bill number"',
    ]  # fmt: skip


def test_postgres_phrases_find_the_same_articles_with_and_without_the_pairs(
    postgres_archive_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = [make_article(n, body=body, dek=None) for n, body in enumerate(BODIES, start=1)]
    articles.append(make_article(len(BODIES) + 1, body=" ".join(reversed(BODIES[0].split()))))
    narrowed = 0
    with Archive.open(postgres_archive_url) as archive:
        archive.store_batch([(a, FETCHED) for a in articles], None)
        found: dict[str, list[list[int]]] = {}
        for enabled in (True, False):
            monkeypatch.setattr(pgsearch, "PAIRS_ENABLED", enabled)
            for phrase in _phrases(BODIES):
                try:
                    ids = sorted(r["id"] for r in query.search_articles(archive, phrase, limit=50)["results"])
                except QueryError:  # a run of words FTS5's syntax refuses (refused on SQLite too)
                    ids = [-1]
                found.setdefault(phrase, []).append(ids)
        refused = [phrase for phrase, ids in found.items() if ids[0] == [-1]]
        with archive.reading() as conn:
            for phrase in set(found) - set(refused):
                lexemes = conn.execute(select(cast(pgsearch.tsquery(prepare(phrase)), Text))).scalar() or ""
                narrowed += bool(required_pairs(lexemes))
    assert {p: ids for p, ids in found.items() if ids[0] != ids[1]} == {}
    assert len(refused) < len(found) * 0.2
    searched = len(found) - len(refused)
    assert sum(bool(ids[0]) for ids in found.values()) - len(refused) >= searched * 0.9  # most find a text
    assert narrowed >= searched * 0.9  # ... and nearly every one went through the pairs' index


def test_postgres_pairs_are_those_of_adjacent_positions(postgres_archive_url: str) -> None:
    """The keys of a vector's pairs are those of its lexemes at adjacent positions, across
    fields (headline to dek to byline to body, as ``<->`` reads them), each pair once."""
    with Archive.open(postgres_archive_url) as archive:
        article = make_article(1, headline="Glacier retreats", dek="Fast", body="It melts.")
        archive.store_article(article, fetched_at=FETCHED)
        with archive.reading() as conn:
            keys = conn.execute(text(f"SELECT {PAIRS_FUNCTION}(search_vector) FROM articles")).scalar_one()
            vector = conn.execute(text("SELECT search_vector::text FROM articles")).scalar_one()
            positions = {
                int(p): word for word, ps in re.findall(r"'([^']+)':([\dA-D,]+)", vector)
                for p in re.findall(r"\d+", ps)
            }  # fmt: skip
            key = text(f"SELECT {KEY_FUNCTION}(:a, :b)")
            expected = {
                conn.execute(key, {"a": positions[p], "b": positions[p + 1]}).scalar_one()
                for p in positions
                if p + 1 in positions
            }
    assert [positions[p] for p in sorted(positions)][:4] == ["glacier", "retreat", "fast", "matt"]
    assert sorted(keys) == sorted(expected) and len(keys) == len(set(keys))


def test_the_pairs_index_comes_and_goes_with_migration_0011(db_url: str) -> None:
    from alembic import command

    from newsharvest.store.engine import to_url
    from newsharvest.store.schema import alembic_config

    postgres = db_url.startswith("postgresql")
    listed = "SELECT count(*) FROM pg_indexes WHERE indexname = :name"
    with Archive.open(db_url) as archive:
        archive.store_batch([(make_article(n, body=body), FETCHED) for n, body in enumerate(BODIES)], None)
        before = query.search_articles(archive, '"do euodt rule"')["results"]
    engine = create_engine(to_url(db_url))
    with engine.begin() as conn:
        if postgres:
            assert conn.execute(text(listed), {"name": PAIRS_INDEX}).scalar() == 1
        command.downgrade(alembic_config(connection=conn), "0010")
        if postgres:
            assert conn.execute(text(listed), {"name": PAIRS_INDEX}).scalar() == 0
            functions = "SELECT count(*) FROM pg_proc WHERE proname LIKE 'newsharvest_pair%'"
            assert conn.execute(text(functions)).scalar() == 0
    engine.dispose()
    with Archive.open(db_url) as archive:  # opening upgrades it again, the index built from the rows
        assert query.search_articles(archive, '"do euodt rule"')["results"] == before
        assert [r["id"] for r in before] == [1]
    if postgres:
        with engine.connect() as conn:
            assert conn.execute(text(listed), {"name": PAIRS_INDEX}).scalar() == 1
        engine.dispose()


def test_the_pairs_cost_is_declared_by_migration_0014(postgres_archive_url: str) -> None:
    """Computing an article's pairs is declared costly to the planner (so that a phrase filtered
    by site lists its candidates from the pairs' index rather than compute the pairs of every
    article of the site), and the declaration comes and goes with migration 0014; the phrase
    finds the same articles either way."""
    from alembic import command

    from newsharvest.store.engine import to_url
    from newsharvest.store.pgpairs import DEFAULT_SQL_COST, PAIRS_COST
    from newsharvest.store.schema import alembic_config

    with Archive.open(postgres_archive_url) as archive:
        archive.store_batch([(make_article(n, body=body), FETCHED) for n, body in enumerate(BODIES)], None)
        before = query.search_articles(archive, '"do euodt rule"', site="huffpost.com")["results"]
    costed = f"SELECT procost FROM pg_proc WHERE proname = '{PAIRS_FUNCTION}'"
    engine = create_engine(to_url(postgres_archive_url))
    with engine.begin() as conn:
        assert conn.exec_driver_sql(costed).scalar() == PAIRS_COST
        command.downgrade(alembic_config(connection=conn), "0013")
        assert conn.exec_driver_sql(costed).scalar() == DEFAULT_SQL_COST
    engine.dispose()
    with Archive.open(postgres_archive_url) as archive:  # opening upgrades it again
        assert query.search_articles(archive, '"do euodt rule"', site="huffpost.com")["results"] == before
        assert [r["id"] for r in before] == [1]
    with engine.connect() as conn:
        assert conn.exec_driver_sql(costed).scalar() == PAIRS_COST
    engine.dispose()
