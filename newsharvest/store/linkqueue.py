"""The link queue (`link_queue`, PostgreSQL): articles committed and not linked yet.

A batch's transaction never waits for the writers' linking lock (`linking.Linker.lock`): it
links its articles last if no other writer is linking, else queues them here (`queue`), and
they are linked after its commit in a short transaction of their own that takes the lock
before anything else and empties the queue (`take`, `linking.Linker.link_queued`). A row
left by a writer killed between the two, or whose linking failed, is linked by the next
writer's. Kept apart from the linking itself: this is only the hand-over between the
transaction that stores and the one that links.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from newsharvest.extract.signature import Signature
from newsharvest.store import models as m
from newsharvest.store.bulk import upsert
from newsharvest.store.errors import ArchiveError
from newsharvest.store.retry import while_locked

logger = logging.getLogger(__name__)

LINK_RETRIES = 5
"""Tries again of a batch's linking transaction that lost a race (0.5 s doubling)."""


def queue(conn: Connection, to_link: dict[int, Signature]) -> None:
    """Queue articles (id → body signature) for linking after the commit, in id order (the
    order two writers lock rows in); a revised article queued and not linked yet takes its
    newest text."""
    q = m.link_queue
    statement = upsert(conn, q)
    statement = statement.on_conflict_do_update(
        index_elements=[q.c.article_id],
        set_={"shingles": statement.excluded.shingles, "signature": statement.excluded.signature},
    )
    rows = [
        {"article_id": article_id, "shingles": sig.shingles, "signature": sig.to_bytes()}
        for article_id, sig in sorted(to_link.items())
    ]
    conn.execute(statement, rows)


def take(
    conn: Connection, known: dict[int, Signature], revised: Iterable[int], *, queued: bool = False
) -> tuple[list[tuple[int, Signature]], list[tuple[int, Signature]]]:
    """Empty the queue: its articles and those of `known` (signatures this process has in
    memory; the rest are read from the queue), as (revised articles to relink, articles to
    link), each in id order. A queued article is revised when it was signed before; one of
    `known` not queued (written by this transaction) when it is in `revised`. With `queued`,
    `known` are articles a committed transaction queued: one no longer queued was taken, and
    linked, by another writer's linking, and is left alone."""
    q, s = m.link_queue, m.article_signatures
    signed = select(s.c.article_id).where(s.c.article_id == q.c.article_id).exists()
    rows = conn.execute(delete(q).returning(q.c.article_id, q.c.shingles, q.c.signature, signed))
    entries = {
        article_id: (
            known[article_id] if article_id in known else Signature.from_bytes(blob, shingles),
            bool(was_signed),
        )
        for article_id, shingles, blob, was_signed in rows
    }
    relinked = set(revised)
    for article_id, sig in () if queued else known.items():
        entries.setdefault(article_id, (sig, article_id in relinked))
    ordered = sorted(entries.items())
    return (
        [(article_id, sig) for article_id, (sig, was_signed) in ordered if was_signed],
        [(article_id, sig) for article_id, (sig, was_signed) in ordered if not was_signed],
    )


def link_committed(link: Callable[[], None]) -> bool:
    """Run `link` (a transaction linking the queue, after its batch committed), tried again
    when it loses a race (`retry.RACE_SQLSTATES`: a deadlock with another writer's rows).
    The batch is committed already, so a failure is logged and not raised: the queue keeps
    the articles for the next linking of any writer on the archive (this one's next batch,
    or the next crawl's first). Returns whether it linked."""
    try:
        while_locked(link, LINK_RETRIES, who="linking")
    except (SQLAlchemyError, ArchiveError) as exc:
        logger.warning("Articles left queued for linking by the next batch: %s", exc)
        return False
    return True
