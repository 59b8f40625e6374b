"""Moving a batch's new search-index entries into PostgreSQL's GIN indexes after its commit.

A GIN index (``fastupdate``, PostgreSQL's default) takes a new row's keys into a pending
list, and the insert that finds that list past ``gin_pending_list_limit`` (4 MB) sorts it
and merges it into the index: a few hundred articles' keys, in that writer's transaction,
most of what the word-pairs index costs an insert (`pgpairs`), and a wait for any other
writer that needs the rows or the lock that transaction holds.

`clean_pending` merges both lists (``gin_clean_pending_list``), each in a transaction of its
own, once a writer's batches since its last merge hold `MERGE_EVERY` new or changed articles,
after the batch's commit, outside the writers' lock: the same work, off the path the writers
share, and in runs as long as before (a crawl's batches are a few articles each: merging
after every one would merge a few articles' keys at a time).
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from newsharvest.store.pgpairs import PAIRS_INDEX
from newsharvest.store.pgschema import SEARCH_INDEX

logger = logging.getLogger(__name__)

GIN_INDEXES = (SEARCH_INDEX, PAIRS_INDEX)
"""The GIN indexes of `articles` a batch adds keys to."""
MERGE_EVERY = 100
"""Articles a writer stores between its merges: about 1.5 MB of keys in the pending lists
(most of them the word pairs'), under the 4 MB past which an insert merges them itself."""

_CLEAN = text("SELECT gin_clean_pending_list(to_regclass(:name))")
_NOT_ALLOWED = {"42501", "25006"}
"""SQLSTATEs of a session that may not merge them: not the indexes' owner, a read-only server."""


def clean_pending(engine: Engine) -> bool:
    """Merge the GIN indexes' pending lists into them, each in its own short transaction (an
    index that does not exist is skipped). False when this session may not (a role that does
    not own the indexes, a read-only server): the lists are then merged as before, by an
    insert or by autovacuum, and there is no point trying again. A database that cannot be
    reached is left to the next batch's write, which waits for it (`retry`)."""
    try:
        with engine.connect() as conn:
            for name in GIN_INDEXES:
                with conn.begin():
                    conn.execute(_CLEAN, {"name": name})
    except SQLAlchemyError as exc:  # never raised: the batch is committed already
        if getattr(getattr(exc, "orig", None), "sqlstate", None) in _NOT_ALLOWED:
            reason = str(getattr(exc, "orig", exc)).splitlines()[0]
            logger.info("GIN pending lists left to the inserts and autovacuum: %s", reason)
            return False
        logger.debug("GIN pending lists not merged this time: %s", exc)
    return True
