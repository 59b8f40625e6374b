"""The DDL of full-text search on PostgreSQL: the ``newsharvest_english`` configuration, the
generated vectors (`SEARCH_COLUMN`, `HEAD_COLUMN`), the GIN index and the index of the section.

Apart from the queries that read them (`pgsearch`): the migrations and the schema's comparison
(`schema.include_name`) need the names and statements, not the search.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsharvest.store.pgquery import CONFIG, WEIGHTS

SEARCH_COLUMN = "search_vector"
SEARCH_INDEX = "ix_articles_search_vector"
HEAD_COLUMN = "head_vector"
"""The generated vector of the headline, dek and authors alone, kept in the row."""
DICTIONARY = "newsharvest_english_stem"


def _weighted(fields: Sequence[str]) -> str:
    """The SQL of the weighted vector of `fields` (names of `WEIGHTS`)."""
    return " || ".join(
        f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce({name}, '')), '{WEIGHTS[name]}')"
        for name in fields
    )


def index_statements() -> list[str]:
    """The DDL of the generated search column and its GIN index."""
    vector = _weighted(list(WEIGHTS))
    return [
        f"CREATE TEXT SEARCH DICTIONARY {DICTIONARY} (TEMPLATE = snowball, Language = english)",
        f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)",
        f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR asciiword, asciihword,"
        f" hword_asciipart, word, hword, hword_part WITH {DICTIONARY}",
        f"ALTER TABLE articles ADD COLUMN {SEARCH_COLUMN} tsvector GENERATED ALWAYS AS ({vector}) STORED",
        f"CREATE INDEX {SEARCH_INDEX} ON articles USING gin ({SEARCH_COLUMN})",
    ]


def head_statements() -> list[str]:
    """The DDL of `HEAD_COLUMN`: generated from the headline, dek and authors, and kept in the
    row (storage MAIN: moved out of line only if the row could not hold it)."""
    vector = _weighted([name for name in WEIGHTS if name != "body"])
    return [
        f"ALTER TABLE articles ADD COLUMN {HEAD_COLUMN} tsvector GENERATED ALWAYS AS ({vector}) STORED,"
        f" ALTER COLUMN {HEAD_COLUMN} SET STORAGE MAIN"
    ]


SECTION_INDEX = "ix_articles_section_lower"
"""The index of the section as a section filter compares it (`Filters.clauses`: lower case), on
PostgreSQL (migration 0012): its bitmap ANDed with the GIN index's, only the matches in the
section have their row read."""


def section_statements() -> list[str]:
    """The DDL of `SECTION_INDEX`."""
    return [f"CREATE INDEX {SECTION_INDEX} ON articles (lower(section))"]


def drop_statements() -> list[str]:
    return [
        f"DROP INDEX IF EXISTS {SEARCH_INDEX}",
        f"ALTER TABLE articles DROP COLUMN IF EXISTS {SEARCH_COLUMN}",
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
        f"DROP TEXT SEARCH DICTIONARY IF EXISTS {DICTIONARY}",
    ]
