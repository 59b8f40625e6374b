"""The headline as found and the embedded posts.

Adds `articles.headline_raw` (the headline string before cleaning) and `articles.embeds`
(the story's embedded posts as a JSON list of ``{kind, url, text}``; ``[]`` for the articles
stored before).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from newsharvest.store.models import JsonText

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("headline_raw", sa.Text(), nullable=True))
        batch.add_column(sa.Column("embeds", JsonText(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("embeds")
        batch.drop_column("headline_raw")
