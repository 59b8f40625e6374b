"""The archive's tables, declared once with SQLAlchemy 2.x.

One table per kind of thing so that ``sqlite3``, ``sqlite-utils`` and ``datasette`` users
read it without a guide: `articles` holds the current text of each story (one row per
identity URL, see `identity.py`), with its people, photos and labels in `authors`/
`article_authors`, `captions`, `tags`/`article_tags`; `sites` groups articles by host;
`revisions` keeps every distinct version of the text; `urls` is the crawl frontier;
`rejections` keeps pages that were not articles; `crawl_runs` one row per crawl. The
tables of stories of copies are declared in `storymodels.py`, on the one `Base` of
`modelbase.py`, and reached here like the others (`stories`, `link_queue`...). The
full-text index `articles_fts` is made by `search.py`.

Two kinds of times. The instants the store itself records (`UtcTimestamp`: when a run
started and finished, when a page was fetched or first and last seen, `published_utc`, the
store's UTC copy of `date_published`, a lease's end) are kept as UTC text of one fixed
format on SQLite, ``2023-03-02T11:45:00Z`` (leases to the microsecond), so that ranges and
days compare as text, and as ``timestamptz`` on PostgreSQL, read back as that same text:
a row reads the same from both. What a page printed (`date_published`, `date_modified`,
their raw forms) and a response's `Last-Modified` are data, not instants: they stay the text
written, offset and precision kept, on both. JSON columns (`JsonText`) are ``jsonb`` on
PostgreSQL. The migrations in `migrations/versions/` build exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from newsharvest.store.modelbase import Base, JsonText, UtcTimestamp


class SiteRow(Base):
    """A publication, keyed by the host its articles live on."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    host: Mapped[str] = mapped_column(String, unique=True)
    name: Mapped[str | None] = mapped_column(String)
    """The latest `site_name` seen for this host ("HuffPost")."""


class CrawlRunRow(Base):
    """One crawl: when, why it ended, and what it produced (counts of committed items)."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    spider: Mapped[str] = mapped_column(String)
    started_at: Mapped[str] = mapped_column(UtcTimestamp)
    finished_at: Mapped[str | None] = mapped_column(UtcTimestamp)
    finish_reason: Mapped[str | None] = mapped_column(String)
    pages: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    new: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    unchanged: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rejected: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    errors: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rejected_by_reason: Mapped[str] = mapped_column(JsonText, default="{}", server_default="{}")
    """JSON object reason code → count."""
    stats: Mapped[str] = mapped_column(JsonText, default="{}", server_default="{}")
    """JSON object: the crawler's own stats as handed to `finish_run`."""


class ArticleRow(Base):
    """The current version of one article; every `Article` field has a column here."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identity_url: Mapped[str] = mapped_column(String, unique=True)
    """The normalised address (`identity.identity_url`) the article is known by."""
    url: Mapped[str] = mapped_column(String)
    canonical_url: Mapped[str] = mapped_column(String)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    site_name: Mapped[str | None] = mapped_column(String)
    language: Mapped[str | None] = mapped_column(String)
    headline: Mapped[str] = mapped_column(Text)
    headline_raw: Mapped[str | None] = mapped_column(Text)
    dek: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    authors: Mapped[str] = mapped_column(Text, default="", server_default="")
    """Author names joined by ", " (the readable and searchable form of the byline)."""
    agency: Mapped[str | None] = mapped_column(String)
    byline_raw: Mapped[str | None] = mapped_column(Text)
    dateline_place: Mapped[str | None] = mapped_column(String)
    dateline_agency: Mapped[str | None] = mapped_column(String)
    dateline_raw: Mapped[str | None] = mapped_column(String)
    date_published: Mapped[str | None] = mapped_column(String)
    date_published_raw: Mapped[str | None] = mapped_column(String)
    date_modified: Mapped[str | None] = mapped_column(String)
    date_modified_raw: Mapped[str | None] = mapped_column(String)
    published_utc: Mapped[str | None] = mapped_column(UtcTimestamp, index=True)
    section: Mapped[str | None] = mapped_column(String)  # filtered through ix_articles_facets
    embeds: Mapped[str] = mapped_column(JsonText, default="[]", server_default="[]")
    """The embedded posts as a JSON list of ``{kind, url, text}``."""
    top_image: Mapped[str | None] = mapped_column(String)
    word_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    content_hash: Mapped[str] = mapped_column(String)
    """SHA-256 of the record's content fields: equal hashes mean an unchanged re-crawl."""
    first_seen: Mapped[str] = mapped_column(UtcTimestamp)
    last_seen: Mapped[str] = mapped_column(UtcTimestamp)
    revision_count: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    """How many revisions the article has had (the current one's `number`)."""
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("revisions.id", use_alter=True), index=True
    )
    """The revision whose text the row holds now (indexed: SQLite checks this foreign key
    from the revisions side on every revision written)."""
    story_id: Mapped[int | None] = mapped_column(Integer, index=True)
    """The `stories` row of the copies this article belongs to (NULL: no copy known). No
    foreign key: SQLite would rebuild the whole table to add one (see `store/linking.py`)."""


class RevisionRow(Base):
    """One distinct version of an article's content, oldest first (``number`` 1, 2...).

    The current version's text is the `articles` row itself, so `content` is NULL for it;
    when a newer version replaces it, its content fields are kept here as JSON.
    """

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String)
    fetched_at: Mapped[str] = mapped_column(UtcTimestamp)
    """When this version was first fetched."""
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    changed_fields: Mapped[str | None] = mapped_column(JsonText)
    """JSON list of the fields that differ from the previous revision ([] for the first;
    NULL when unknown: revisions older than the upgrade that introduced this table)."""
    content: Mapped[str | None] = mapped_column(JsonText)
    """JSON object of the content fields once superseded; NULL while current."""


class UrlRow(Base):
    """The crawl frontier: every address the crawler queued or fetched, and how it went."""

    __tablename__ = "urls"
    __table_args__ = (
        CheckConstraint("state IN ('queued', 'fetched', 'stored', 'rejected', 'failed')", name="state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identity_url: Mapped[str] = mapped_column(String, unique=True)
    url: Mapped[str] = mapped_column(String)
    """The latest address seen for it."""
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    state: Mapped[str] = mapped_column(String, index=True)
    """queued → fetched → stored | rejected; failed when the fetch itself failed."""
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[str] = mapped_column(UtcTimestamp)
    last_seen: Mapped[str] = mapped_column(UtcTimestamp)
    etag: Mapped[str | None] = mapped_column(String)
    last_modified: Mapped[str | None] = mapped_column(String)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)


class SiteLeaseRow(Base):
    """Which crawler holds a site of the sites file, until when (see `leases.py`)."""

    __tablename__ = "site_leases"

    site: Mapped[str] = mapped_column(String, primary_key=True)
    """The site's name in the sites file."""
    holder: Mapped[str | None] = mapped_column(String)
    """The crawler holding it (``host:pid:run``); None when released."""
    host: Mapped[str | None] = mapped_column(String)
    expires_at: Mapped[str | None] = mapped_column(UtcTimestamp(microseconds=True))
    """UTC, ``2026-11-30T21:40:00.000000Z`` (to the microsecond); past it anyone may claim the site."""
    claimed_at: Mapped[str | None] = mapped_column(UtcTimestamp(microseconds=True))
    discovered_at: Mapped[str | None] = mapped_column(UtcTimestamp(microseconds=True))
    """When its holder had gone through it (discovery documents fetched, their addresses in the
    frontier); None before, and whenever another crawler claims it."""


class AuthorRow(Base):
    """A person credited in bylines; `url` is '' when no profile page was linked."""

    __tablename__ = "authors"
    __table_args__ = (UniqueConstraint("name", "url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    url: Mapped[str] = mapped_column(String, default="", server_default="")


class ArticleAuthorRow(Base):
    """Who wrote what, in byline order."""

    __tablename__ = "article_authors"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), index=True)


class CaptionRow(Base):
    """One photo of an article: caption text, credit and image address, in page order."""

    __tablename__ = "captions"
    __table_args__ = (UniqueConstraint("article_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    credit: Mapped[str | None] = mapped_column(String)
    image_url: Mapped[str | None] = mapped_column(String)


class TagRow(Base):
    """A topic label exactly as pages print it."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, unique=True)


class ArticleTagRow(Base):
    """Which labels an article carries, in page order."""

    __tablename__ = "article_tags"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id"), index=True)


class RejectionRow(Base):
    """A page that did not become an article: one row per address, the latest reason wins."""

    __tablename__ = "rejections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identity_url: Mapped[str] = mapped_column(String, unique=True)
    url: Mapped[str] = mapped_column(String)
    reason: Mapped[str] = mapped_column(String, index=True)
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")
    first_seen: Mapped[str] = mapped_column(UtcTimestamp)
    fetched_at: Mapped[str] = mapped_column(UtcTimestamp)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    times_seen: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class CaptureRow(Base):
    """A fetched response kept in a WARC file: where its response record lies, and what the
    archive made of it (an article and its revision, or a rejection), when anything."""

    __tablename__ = "captures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    url: Mapped[str] = mapped_column(String)
    identity_url: Mapped[str] = mapped_column(String, index=True)
    status: Mapped[int] = mapped_column(Integer)
    fetched_at: Mapped[str] = mapped_column(UtcTimestamp)
    warc_file: Mapped[str] = mapped_column(String)
    warc_offset: Mapped[int] = mapped_column(BigInteger)
    """Offset of the response record's gzip member in the file."""
    warc_length: Mapped[int] = mapped_column(BigInteger)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id", ondelete="SET NULL"))
    rejection_id: Mapped[int | None] = mapped_column(
        ForeignKey("rejections.id", ondelete="SET NULL"), index=True
    )


# The tables of stories of copies, declared after the others: `Base.metadata` lists tables in
# declaration order, and so do `reader.table_counts` and the archive's stats.
from newsharvest.store.storymodels import StoryRow  # noqa: E402

Index("ix_articles_site_published", ArticleRow.site_id, ArticleRow.published_utc)
Index("ix_articles_facets", ArticleRow.id, ArticleRow.site_id, ArticleRow.section, ArticleRow.published_utc)
"""The columns search filters on, by article id: a filtered search checks each full-text
match here instead of in the wide article rows (see `search.py`)."""
Index("ix_stories_original_article_id", StoryRow.original_article_id)
Index("ix_captures_revision_id", CaptureRow.revision_id)
"""Searched by SQLite's deferred foreign-key checks for every row a batch inserts (migration 0010)."""

# Core handles on the same tables, for the batched write path and the readers.
sites = Base.metadata.tables["sites"]
crawl_runs = Base.metadata.tables["crawl_runs"]
articles = Base.metadata.tables["articles"]
authors = Base.metadata.tables["authors"]
article_authors = Base.metadata.tables["article_authors"]
captions = Base.metadata.tables["captions"]
tags = Base.metadata.tables["tags"]
article_tags = Base.metadata.tables["article_tags"]
rejections = Base.metadata.tables["rejections"]
revisions = Base.metadata.tables["revisions"]
urls = Base.metadata.tables["urls"]
captures = Base.metadata.tables["captures"]
stories = Base.metadata.tables["stories"]
article_signatures = Base.metadata.tables["article_signatures"]
story_bands = Base.metadata.tables["story_bands"]
story_bands_recent = Base.metadata.tables["story_bands_recent"]
link_queue = Base.metadata.tables["link_queue"]
site_leases = Base.metadata.tables["site_leases"]
