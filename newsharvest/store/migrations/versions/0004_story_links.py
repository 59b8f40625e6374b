"""Stories: wire copies and reprints linked across the archive.

Adds `stories` (one row per story found on several pages, with its original and why),
`articles.story_id` (indexed; a plain column, so SQLite adds it without rebuilding the
table), `article_signatures` (each body's MinHash signature) and `story_bands` (the LSH
index, a table without rowid keyed by band and article). Articles stored before are linked
afterwards by ``newsharvest migrate`` or ``newsharvest link --rebuild`` (with a progress
bar), not inside this transaction.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.String(), nullable=False),
        sa.Column("original_article_id", sa.Integer(), nullable=True),
        sa.Column("original_reason", sa.String(), server_default="", nullable=False),
        sa.Column("copy_count", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["original_article_id"],
            ["articles.id"],
            name=op.f("fk_stories_original_article_id_articles"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
    )
    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_signatures_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_signatures")),
    )
    op.create_table(
        "story_bands",
        sa.Column("band", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("article_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("band", "article_id", name=op.f("pk_story_bands")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("story_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_articles_story_id"), ["story_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_index(batch.f("ix_articles_story_id"))
        batch.drop_column("story_id")
    op.drop_table("story_bands")
    op.drop_table("article_signatures")
    op.drop_table("stories")
