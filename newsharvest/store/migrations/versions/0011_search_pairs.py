"""An index of adjacent word pairs for phrase search on PostgreSQL.

Adds, on PostgreSQL, the functions `newsharvest_pair_key` and `newsharvest_pairs` and a GIN
index over the keys of the pairs of lexemes at adjacent positions of each article's search
vector (`store/pgpairs.py`). A phrase's candidates are listed from it, so that only the
articles holding the phrase's pairs have their vector read to check the phrase, not every
article holding its words. Creating the index reads every article's vector once (the
backfill); no row is rewritten. SQLite's FTS5 index keeps positions and needs nothing.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from alembic import op

from newsharvest.store import pgpairs, pgschema

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in pgpairs.index_statements(pgschema.SEARCH_COLUMN):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in pgpairs.drop_statements():
            op.execute(statement)
