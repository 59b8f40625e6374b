"""The tables of stories of copies (`linking.py`): the stories, the articles' MinHash
signatures, the LSH band index, and the link queue.

Declared on the archive's one `Base` (`modelbase.py`) like every other table, and reached
as `models.stories`, `models.link_queue`…; kept apart from `models.py` as the part of the
schema that only the linking writes.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from newsharvest.store.modelbase import Base, UtcTimestamp


class StoryRow(Base):
    """One story found on several pages (wire copies, reprints): see `store/linking.py`."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_seen: Mapped[str] = mapped_column(UtcTimestamp)
    """When the archive first stored a copy of it."""
    original_article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    original_reason: Mapped[str] = mapped_column(String, default="", server_default="")
    """Why that copy is the original: ``agency_site``, ``earliest_published`` or ``earliest_seen``."""
    copy_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """How many articles (the original included) carry the story."""


class ArticleSignatureRow(Base):
    """The MinHash signature of an article's normalised body (its copies are found by it)."""

    __tablename__ = "article_signatures"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    shingles: Mapped[int] = mapped_column(Integer)
    """Distinct word shingles of the body: set sizes turn Jaccard into containment."""
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    """The MinHash values as little-endian unsigned 32-bit integers; empty when the body is
    too short to link."""


class LinkQueueRow(Base):
    """An article stored and not linked yet, with the signature to link it by (on PostgreSQL a
    batch's articles commit first and are linked in a transaction of their own: see
    `linking.Linker.link_queued`). A row left by a crawler that died between the two is
    linked by the next writer's."""

    __tablename__ = "link_queue"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    shingles: Mapped[int] = mapped_column(Integer)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    """The body's signature as `article_signatures` keeps it: a new article's, or a revised
    article's new text (its old one is still in `article_signatures` until it is relinked)."""


class StoryBandRow(Base):
    """LSH index: one row per (band key, article). Articles sharing a key are candidates."""

    __tablename__ = "story_bands"
    __table_args__ = ({"sqlite_with_rowid": False},)

    band: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    article_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class RecentStoryBandRow(Base):
    """The band rows of the articles linked since the last merge, in a table small enough to
    take random keys cheaply; moved into `story_bands` in bulk, in key order (`Linker.merge`).
    Candidates are looked up in both."""

    __tablename__ = "story_bands_recent"
    __table_args__ = ({"sqlite_with_rowid": False},)

    band: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    article_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
