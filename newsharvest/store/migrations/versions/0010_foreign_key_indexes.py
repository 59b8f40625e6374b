"""Indexes on `stories.original_article_id` and `captures.revision_id`.

The write path inserts a batch's articles before their first revisions, with SQLite's
foreign keys deferred to the commit. While such a violation is outstanding, SQLite checks
every row inserted into a parent table for child rows that would resolve it: for each new
article it looks up the stories whose original it is, and with no index on that column it
reads the whole `stories` table, once per article. An archive's stories grow with it, so
that scan made storing an article slower the more stories the archive held. The index makes
it one lookup (and deleting an article, which sets its stories' original to null, too).
Each first revision inserted in the same state is looked up in `captures` the same way
(every fetch kept in a WARC file is a row there), hence the second index.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_stories_original_article_id"), "stories", ["original_article_id"])
    op.create_index(op.f("ix_captures_revision_id"), "captures", ["revision_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_captures_revision_id"), table_name="captures")
    op.drop_index(op.f("ix_stories_original_article_id"), table_name="stories")
