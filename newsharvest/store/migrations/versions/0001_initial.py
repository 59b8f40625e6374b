"""Initial schema: articles, people, photos, labels, sites, rejections, crawl runs.

The schema of the first release (no revisions, frontier or full-text index yet).

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from newsharvest.store.models import JsonText

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "authors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("url", sa.String(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_authors"),
        sa.UniqueConstraint("name", "url", name="uq_authors_name_url"),
    )
    op.create_table(
        "crawl_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("spider", sa.String(), nullable=False),
        sa.Column("started_at", sa.String(), nullable=False),
        sa.Column("finished_at", sa.String(), nullable=True),
        sa.Column("finish_reason", sa.String(), nullable=True),
        sa.Column("pages", sa.Integer(), server_default="0", nullable=False),
        sa.Column("new", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updated", sa.Integer(), server_default="0", nullable=False),
        sa.Column("unchanged", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rejected", sa.Integer(), server_default="0", nullable=False),
        sa.Column("errors", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rejected_by_reason", JsonText(), server_default="{}", nullable=False),
        sa.Column("stats", JsonText(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_crawl_runs"),
    )
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sites"),
        sa.UniqueConstraint("host", name="uq_sites_host"),
    )
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tags"),
        sa.UniqueConstraint("name", name="uq_tags_name"),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity_url", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("canonical_url", sa.String(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("site_name", sa.String(), nullable=True),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("dek", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("authors", sa.Text(), server_default="", nullable=False),
        sa.Column("agency", sa.String(), nullable=True),
        sa.Column("byline_raw", sa.Text(), nullable=True),
        sa.Column("dateline_place", sa.String(), nullable=True),
        sa.Column("dateline_agency", sa.String(), nullable=True),
        sa.Column("dateline_raw", sa.String(), nullable=True),
        sa.Column("date_published", sa.String(), nullable=True),
        sa.Column("date_published_raw", sa.String(), nullable=True),
        sa.Column("date_modified", sa.String(), nullable=True),
        sa.Column("date_modified_raw", sa.String(), nullable=True),
        sa.Column("published_utc", sa.String(), nullable=True),
        sa.Column("section", sa.String(), nullable=True),
        sa.Column("top_image", sa.String(), nullable=True),
        sa.Column("word_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("first_seen", sa.String(), nullable=False),
        sa.Column("last_seen", sa.String(), nullable=False),
        sa.Column("revision_count", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name="fk_articles_site_id_sites"),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("identity_url", name="uq_articles_identity_url"),
    )
    op.create_index("ix_articles_published_utc", "articles", ["published_utc"])
    op.create_index("ix_articles_section", "articles", ["section"])
    op.create_index("ix_articles_site_published", "articles", ["site_id", "published_utc"])
    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity_url", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.Column("first_seen", sa.String(), nullable=False),
        sa.Column("fetched_at", sa.String(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("times_seen", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["crawl_runs.id"], name="fk_rejections_run_id_crawl_runs"),
        sa.PrimaryKeyConstraint("id", name="pk_rejections"),
        sa.UniqueConstraint("identity_url", name="uq_rejections_identity_url"),
    )
    op.create_index("ix_rejections_reason", "rejections", ["reason"])
    op.create_table(
        "article_authors",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_article_authors_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["author_id"], ["authors.id"], name="fk_article_authors_author_id_authors"),
        sa.PrimaryKeyConstraint("article_id", "position", name="pk_article_authors"),
    )
    op.create_index("ix_article_authors_author_id", "article_authors", ["author_id"])
    op.create_table(
        "article_tags",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_article_tags_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name="fk_article_tags_tag_id_tags"),
        sa.PrimaryKeyConstraint("article_id", "position", name="pk_article_tags"),
    )
    op.create_index("ix_article_tags_tag_id", "article_tags", ["tag_id"])
    op.create_table(
        "captions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("credit", sa.String(), nullable=True),
        sa.Column("image_url", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_captions_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_captions"),
        sa.UniqueConstraint("article_id", "position", name="uq_captions_article_id_position"),
    )


def downgrade() -> None:
    op.drop_table("captions")
    op.drop_index("ix_article_tags_tag_id", "article_tags")
    op.drop_table("article_tags")
    op.drop_index("ix_article_authors_author_id", "article_authors")
    op.drop_table("article_authors")
    op.drop_index("ix_rejections_reason", "rejections")
    op.drop_table("rejections")
    op.drop_index("ix_articles_site_published", "articles")
    op.drop_index("ix_articles_section", "articles")
    op.drop_index("ix_articles_published_utc", "articles")
    op.drop_table("articles")
    op.drop_table("tags")
    op.drop_table("sites")
    op.drop_table("crawl_runs")
    op.drop_table("authors")
