"""A small search vector of headline, dek and byline for ranking on PostgreSQL.

Adds `articles.head_vector` on PostgreSQL: a generated ``tsvector`` of the headline (weight
A), dek (B) and authors (C), a few hundred bytes kept in the row (storage MAIN). A search
orders the newest matches by it first, so that only the best few have their whole vector
(several kilobytes, stored out of line) read to be ranked (`store/pgsearch.py`). Adding the
generated column rewrites the articles table once. SQLite's FTS5 index ranks from the index
itself and needs nothing.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

from newsharvest.store import pgschema

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in pgschema.head_statements():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE articles DROP COLUMN IF EXISTS {pgschema.HEAD_COLUMN}")
