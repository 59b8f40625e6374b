"""The planner's cost of computing a vector's word pairs, on PostgreSQL.

Sets the declared cost of `pgpairs.PAIRS_FUNCTION` to `pgpairs.PAIRS_COST`. Declared with
the default cost of a SQL function, the planner took computing an article's pairs (about a
millisecond: its whole vector read and self-joined) for nearly free, and answered a phrase
of common words filtered by site by reading every article of the site and computing its
pairs, instead of listing the phrase's candidates from the pairs' index: seconds where
the index takes milliseconds. No row or index is rewritten.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from alembic import op

from newsharvest.store import pgpairs

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(pgpairs.cost_statement(pgpairs.PAIRS_COST))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(pgpairs.cost_statement(pgpairs.DEFAULT_SQL_COST))
