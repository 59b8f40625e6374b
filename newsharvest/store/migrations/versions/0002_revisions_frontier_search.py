"""Revisions, the crawl frontier and full-text search.

Adds `revisions` (every distinct version of an article; the existing text becomes each
article's current revision), `urls` (the frontier, seeded from articles and rejections),
`articles.current_revision_id`, and the FTS5 index `articles_fts` with its triggers
(`newsharvest.store.search` owns that DDL), filled from the existing articles.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from newsharvest.store import search
from newsharvest.store.models import JsonText

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("fetched_at", sa.String(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("changed_fields", JsonText(), nullable=True),
        sa.Column("content", JsonText(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_revisions_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["run_id"], ["crawl_runs.id"], name="fk_revisions_run_id_crawl_runs"),
        sa.PrimaryKeyConstraint("id", name="pk_revisions"),
        sa.UniqueConstraint("article_id", "number", name="uq_revisions_article_id_number"),
    )
    op.create_table(
        "urls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity_url", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("first_seen", sa.String(), nullable=False),
        sa.Column("last_seen", sa.String(), nullable=False),
        sa.Column("etag", sa.String(), nullable=True),
        sa.Column("last_modified", sa.String(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "state IN ('queued', 'fetched', 'stored', 'rejected', 'failed')", name="ck_urls_state"
        ),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name="fk_urls_site_id_sites"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_urls_article_id_articles", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_urls"),
        sa.UniqueConstraint("identity_url", name="uq_urls_identity_url"),
    )
    op.create_index("ix_urls_state", "urls", ["state"])
    op.create_index("ix_urls_article_id", "urls", ["article_id"])
    if op.get_bind().dialect.name == "sqlite":  # SQLite adds a column with its constraint inline
        op.execute(
            "ALTER TABLE articles ADD COLUMN current_revision_id INTEGER"
            " CONSTRAINT fk_articles_current_revision_id_revisions REFERENCES revisions (id)"
        )
    else:
        op.add_column("articles", sa.Column("current_revision_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_articles_current_revision_id_revisions",
            "articles",
            "revisions",
            ["current_revision_id"],
            ["id"],
        )

    # Every foreign key's child column is indexed: SQLite looks it up on each parent write.
    op.create_index("ix_articles_current_revision_id", "articles", ["current_revision_id"])
    # What a filtered full-text search checks per match, narrow enough to stay cached; it
    # also serves section filters and counts, so the section index goes (one less to write).
    op.create_index("ix_articles_facets", "articles", ["id", "site_id", "section", "published_utc"])
    op.drop_index("ix_articles_section", "articles")

    # The text each article holds now is its current revision; its history is unknown.
    op.execute(
        "INSERT INTO revisions (article_id, number, content_hash, fetched_at)"
        " SELECT id, revision_count, content_hash,"
        " CASE WHEN revision_count = 1 THEN first_seen ELSE last_seen END FROM articles"
    )
    op.execute(
        "UPDATE articles SET current_revision_id ="
        " (SELECT r.id FROM revisions r WHERE r.article_id = articles.id)"
    )
    # The frontier starts from what was stored and rejected.
    op.execute(
        "INSERT INTO urls (identity_url, url, site_id, state, attempts, first_seen, last_seen,"
        " article_id)"
        " SELECT identity_url, url, site_id, 'stored', 1, first_seen, last_seen, id FROM articles"
    )
    op.execute(
        "INSERT INTO urls (identity_url, url, state, attempts, last_error, first_seen, last_seen)"
        " SELECT identity_url, url, 'rejected', times_seen, reason, first_seen, fetched_at"
        " FROM rejections WHERE identity_url NOT IN (SELECT identity_url FROM urls)"
    )
    search.create_index(op.get_bind())


def downgrade() -> None:
    search.drop_index(op.get_bind())
    with op.batch_alter_table("articles") as batch:
        batch.drop_constraint("fk_articles_current_revision_id_revisions", type_="foreignkey")
        batch.drop_column("current_revision_id")
    op.create_index("ix_articles_section", "articles", ["section"])
    op.drop_index("ix_articles_facets", "articles")
    op.drop_index("ix_articles_current_revision_id", "articles")
    op.drop_index("ix_urls_article_id", "urls")
    op.drop_index("ix_urls_state", "urls")
    op.drop_table("urls")
    op.drop_table("revisions")
