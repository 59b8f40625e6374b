"""Recent story bands: new band rows go to a small table, merged into `story_bands` in bulk.

Adds `story_bands_recent` (band key, article; a table without rowid keyed by both, like
`story_bands`). Band keys are random, so writing each article's 32 rows straight into the
whole index touched most of its pages in every transaction; the small table takes them
cheaply and `Linker.merge` moves them in key order once it has grown enough
(`store/linking.py`). An archive at 0006 needs nothing moved: the new table starts empty.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_bands_recent",
        sa.Column("band", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("article_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("band", "article_id", name=op.f("pk_story_bands_recent")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.execute("INSERT INTO story_bands (band, article_id) SELECT band, article_id FROM story_bands_recent")
    op.drop_table("story_bands_recent")
