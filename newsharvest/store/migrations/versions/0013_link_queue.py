"""The link queue: articles stored and not linked yet.

Adds `link_queue` (article, the body's shingle count and signature). On PostgreSQL a batch's
articles are committed in one transaction and linked to their copies in a second one, which
alone takes the writers' linking lock (`linking.Linker.link_queued`): the queue holds what
the first committed for the second, so that a crawler killed between the two leaves its
articles to the next writer's linking instead of unlinked. SQLite links inside the batch's
own transaction and leaves the table empty. An archive at 0012 has nothing to queue.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_queue",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_link_queue_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_link_queue")),
    )


def downgrade() -> None:
    op.drop_table("link_queue")
