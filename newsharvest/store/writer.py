"""The write path: many items stored in one transaction with a handful of statements.

Called by `Archive.store_batch` inside its ``BEGIN IMMEDIATE`` transaction. A batch looks
up the articles it knows in one query, then inserts the new ones in multi-row statements
(so that FTS5 indexes the batch as one segment), with their first revision, people,
photos and labels by ``executemany``; an unchanged article only has
its `last_seen` moved; a changed one (a new revision) is handled one by one. Every item
also updates its address in the `urls` frontier. SQLAlchemy Core throughout: the ORM
costs more than the database here (see ``benchmarks/archive.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.engine import Connection

from newsharvest.extract.record import Article, Rejection
from newsharvest.extract.signature import Signature, Signed, signature
from newsharvest.store import linkqueue, runs
from newsharvest.store import models as m
from newsharvest.store.bulk import chunks, insert_many, later
from newsharvest.store.fetched import write_frontier, write_rejections
from newsharvest.store.identity import host_of, identity_url
from newsharvest.store.linking import Linker
from newsharvest.store.reader import load_records
from newsharvest.store.revising import Revised, write_revisions
from newsharvest.store.rows import CONTENT_FIELDS, article_columns, record_of
from newsharvest.store.shared import author_ids, site_ids, tag_ids

Item = tuple[Article | Signed | Rejection, str]


def _prepare(items: Sequence[Item], start: int) -> list[_Pending | tuple[int, Rejection, str]]:
    """Records, columns and identities of `items` (numbered from `start`): no database."""
    out: list[_Pending | tuple[int, Rejection, str]] = []
    for index, (item, fetched_at) in enumerate(items, start):
        if isinstance(item, Rejection):
            out.append((index, item, fetched_at))
            continue
        signed = item.signature if isinstance(item, Signed) else None
        article = item.article if isinstance(item, Signed) else item
        record = record_of(article)
        key = identity_url(article.canonical_url or article.url)
        out.append(_Pending(index, record, article_columns(record), fetched_at, key, signed))
    return out


@dataclass(slots=True)
class _Pending:
    """An article of the batch on its way in."""

    index: int
    record: dict[str, Any]
    columns: dict[str, Any]
    fetched_at: str
    key: str
    signed: Signature | None = None
    """The body's signature when extraction computed it (`Signed`)."""

    def signature(self) -> Signature:
        """The body's signature: extraction's, else computed here with the same function."""
        return self.signed if self.signed is not None else signature(self.record["body"])


def _paired(article: dict[str, Any], revision: dict[str, Any]) -> dict[str, Any]:
    """The parameters of `_insert_with_revision` for one article and its first revision."""
    return {**{f"a_{k}": v for k, v in article.items()}, **{f"r_{k}": v for k, v in revision.items()}}


@lru_cache(maxsize=4)
def _insert_with_revision(article_columns: tuple[str, ...], revision_columns: tuple[str, ...]) -> Any:
    """``WITH new_article AS (INSERT INTO articles ...) INSERT INTO revisions ...``: an article
    and its first revision, both with ids reserved beforehand, in one statement."""
    a, r = m.articles, m.revisions
    article = insert(a).values({c: bindparam(f"a_{c}") for c in article_columns}).cte("new_article")
    return insert(r).values({c: bindparam(f"r_{c}") for c in revision_columns}).add_cte(article)


class BatchWriter:
    """Stores one batch of items on an open write transaction; tallies the outcomes.

    With `queue_links` (PostgreSQL) the transaction never waits for the linking lock: it
    links its articles last, if no other writer holds the lock, else queues them
    (`link_queue`) and lists them in `to_link` for the caller to link once it has committed
    (`Linker.link_queued`, in a transaction that waits for the lock before anything else).
    """

    def __init__(
        self,
        conn: Connection,
        run_id: int | None,
        *,
        link_threshold: float | None = None,
        queue_links: bool = False,
    ) -> None:
        self.conn = conn
        self.run_id = run_id
        self.linker = None if link_threshold is None else Linker(conn, link_threshold)
        """Links new and changed articles into stories of copies (None: linking off)."""
        self.queue_links = queue_links and self.linker is not None
        self.to_link: dict[int, Signature] = {}
        """Articles to link (`queue_links`), with their signatures: left queued for after the
        commit when another writer was linking."""
        self.revised: set[int] = set()
        """Those of `to_link` that were signed before (a revision whose body changed)."""
        self.swept = False
        """Whether this transaction linked (and emptied) the link queue itself."""
        self.counts: Counter[str] = Counter()
        self.rejected_by_reason: Counter[str] = Counter()
        self.frontier: dict[str, dict[str, Any]] = {}
        """identity → `urls` row, the latest state of each address in the batch."""

    # -- entry point -------------------------------------------------------------------

    def store(self, items: Sequence[Item]) -> list[str]:
        """Store `items` in order; return "new"/"updated"/"unchanged"/"rejected" for each.

        The same article twice in a batch is stored in two steps, first one first.
        """
        outcomes = [""] * len(items)
        prepared = _prepare(items, 0)  # no database: done before other writers wait for this one
        articles = not all(isinstance(item, Rejection) for item, _ in items)
        if self.linker is not None and not self.queue_links and articles:
            self.linker.lock()  # before any row is written (see `Linker.lock`)
        pending: list[_Pending] = []
        keys: set[str] = set()
        rejections: list[tuple[Rejection, str]] = []
        for item in prepared:
            if isinstance(item, _Pending):
                if item.key in keys:
                    self._store_articles(pending, outcomes)
                    pending, keys = [], set()
                keys.add(item.key)
                pending.append(item)
            else:
                index, rejection, fetched_at = item
                rejections.append((rejection, fetched_at))
                outcomes[index] = "rejected"
        self._store_articles(pending, outcomes)
        self._store_rejections(rejections)
        self._update_frontier()
        self.counts.update(outcomes)
        if self.run_id is not None:
            runs.count_batch(self.conn, self.run_id, self.counts, self.rejected_by_reason)
        self._link_or_queue()
        return outcomes

    # -- articles ----------------------------------------------------------------------

    def _store_articles(self, pending: list[_Pending], outcomes: list[str]) -> None:
        if not pending:
            return
        known = self._known([p.key for p in pending])
        new: list[_Pending] = []
        touched: list[dict[str, Any]] = []
        changed: list[tuple[Mapping[Any, Any], _Pending]] = []
        for item in pending:
            row = known.get(item.key)
            if row is None:
                new.append(item)
                outcomes[item.index] = "new"
                continue
            if row["content_hash"] == item.columns["content_hash"]:
                touched.append({"b_id": row["id"], "b_seen": item.fetched_at})
                outcomes[item.index] = "unchanged"
            else:
                changed.append((row, item))
            self._seen(item.record["url"], item.fetched_at, "stored", article_id=row["id"])
        if touched:
            a = m.articles
            self.conn.execute(
                update(a)
                .where(a.c.id == bindparam("b_id"))
                .values(last_seen=later(a.c.last_seen, bindparam("b_seen"))),
                touched,
            )
        if changed:
            for (_, item), revised in zip(changed, self._new_revisions(changed), strict=True):
                outcomes[item.index] = "updated" if revised else "unchanged"
        if new:
            self._insert_new(new)

    def _known(self, keys: list[str]) -> dict[str, Mapping[Any, Any]]:
        a = m.articles
        found: dict[str, Mapping[Any, Any]] = {}
        for chunk in chunks(keys):
            query = select(
                a.c.id, a.c.identity_url, a.c.content_hash, a.c.revision_count,
                a.c.current_revision_id,
            ).where(a.c.identity_url.in_(chunk))  # fmt: skip
            for row in self.conn.execute(query).mappings():
                found[row["identity_url"]] = row
        return found

    def _insert_new(self, new: list[_Pending]) -> None:
        a, r = m.articles, m.revisions
        site_of = site_ids(self.conn, {host_of(p.key): p.record["site_name"] for p in new})
        rows = [
            {
                **p.columns,
                "identity_url": p.key,
                "site_id": site_of[host_of(p.key)],
                "first_seen": p.fetched_at,
                "last_seen": p.fetched_at,
                "revision_count": 1,
            }
            for p in new
        ]
        first_revisions = [
            {
                "number": 1,
                "content_hash": p.columns["content_hash"],
                "fetched_at": p.fetched_at,
                "run_id": self.run_id,
                "changed_fields": "[]",
            }
            for p in new
        ]
        # Ids are known before the rows go in (SQLite: we hold its write lock, BEGIN
        # IMMEDIATE; PostgreSQL: taken from the sequences), so each article points at its first
        # revision as it is written, and needs no second statement.
        sqlite = self.conn.dialect.name == "sqlite"
        if sqlite:
            ids, revision_ids = self._next_ids(a, len(new)), self._next_ids(r, len(new))
        else:
            ids, revision_ids = self._reserve_ids(len(new))
        for row, revision, article_id, revision_id in zip(
            rows, first_revisions, ids, revision_ids, strict=True
        ):
            row.update(id=article_id, current_revision_id=revision_id)
            revision.update(id=revision_id, article_id=article_id)
        if sqlite:
            self.conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # checked at commit
            insert_many(self.conn, a, rows, one_statement=True)
            insert_many(self.conn, r, first_revisions)
        else:
            # Article and first revision in one statement: PostgreSQL checks the foreign keys
            # between them at its end, and the article row (with its search vector) is
            # written and indexed once.
            statement = _insert_with_revision(tuple(sorted(rows[0])), tuple(sorted(first_revisions[0])))
            pairs = [_paired(row, rev) for row, rev in zip(rows, first_revisions, strict=True)]
            self.conn.execute(statement, pairs)
        self._insert_children([(article_id, p.record) for article_id, p in zip(ids, new, strict=True)])
        if self.queue_links:
            self.to_link.update((article_id, p.signature()) for article_id, p in zip(ids, new, strict=True))
        elif self.linker is not None:
            self.linker.link([(article_id, p.signature()) for article_id, p in zip(ids, new, strict=True)])
        for article_id, p in zip(ids, new, strict=True):
            self._seen(p.record["url"], p.fetched_at, "stored", article_id=article_id)

    def _reserve_ids(self, count: int) -> tuple[list[int], list[int]]:
        """`count` new article ids and as many revision ids from PostgreSQL's sequences, in order."""
        a, r = m.articles, m.revisions
        pairs = self.conn.execute(
            select(
                func.nextval(func.pg_get_serial_sequence(a.name, a.c.id.name)),
                func.nextval(func.pg_get_serial_sequence(r.name, r.c.id.name)),
            ).select_from(func.generate_series(1, count))
        ).all()
        return [int(i) for i, _ in pairs], [int(j) for _, j in pairs]

    def _next_ids(self, table: Table, count: int) -> list[int]:
        """The `count` ids SQLite would give the next rows of `table` (write lock held)."""
        highest = self.conn.execute(select(func.max(table.c.id))).scalar() or 0
        return list(range(highest + 1, highest + 1 + count))

    def _new_revisions(self, changed: list[tuple[Mapping[Any, Any], _Pending]]) -> list[bool]:
        """Changed articles (their `_known` row, the item), all in a handful of statements:
        each one's current text kept in its current revision, then replaced by a new one.

        False for an article whose fields do not actually differ (a hash from an older
        version of this code): only its stored hash is brought up to date."""
        a = m.articles
        olds = {old["id"]: old for old in load_records(self.conn, [row["id"] for row, _ in changed])}
        diffs = [[n for n in CONTENT_FIELDS if olds[row["id"]][n] != p.record[n]] for row, p in changed]
        stale = [
            {"b_id": row["id"], "b_hash": p.columns["content_hash"], "b_seen": p.fetched_at}
            for (row, p), diff in zip(changed, diffs, strict=True)
            if not diff
        ]
        if stale:
            seen = later(a.c.last_seen, bindparam("b_seen"))
            statement = update(a).where(a.c.id == bindparam("b_id"))
            self.conn.execute(statement.values(content_hash=bindparam("b_hash"), last_seen=seen), stale)
        revised = [
            (Revised(row, olds[row["id"]], p.columns, p.fetched_at, diff), p)
            for (row, p), diff in zip(changed, diffs, strict=True)
            if diff
        ]
        write_revisions(self.conn, self.run_id, [item for item, _ in revised])
        self._insert_children([(item.row["id"], p.record) for item, p in revised])
        if self.linker is not None:
            for item, p in revised:  # in order, as one at a time would
                if "body" not in item.changed:
                    continue
                if self.queue_links:
                    self.to_link[item.row["id"]] = p.signature()
                    self.revised.add(item.row["id"])
                else:
                    self.linker.relink(item.row["id"], p.signature())
        return [bool(diff) for diff in diffs]

    def _insert_children(self, stored: list[tuple[int, dict[str, Any]]]) -> None:
        """Authors, captions and tags of freshly written articles."""
        author_of = author_ids(
            self.conn, {(au["name"], au["url"] or "") for _, rec in stored for au in rec["authors"]}
        )
        tag_of = tag_ids(self.conn, {tag for _, rec in stored for tag in rec["tags"]})
        links, photos, labels = [], [], []
        for article_id, record in stored:
            for position, author in enumerate(record["authors"]):
                key = (author["name"], author["url"] or "")
                links.append({"article_id": article_id, "position": position, "author_id": author_of[key]})
            for position, caption in enumerate(record["captions"]):
                photos.append({"article_id": article_id, "position": position, **caption})
            for position, tag in enumerate(dict.fromkeys(record["tags"])):
                labels.append({"article_id": article_id, "position": position, "tag_id": tag_of[tag]})
        for table, rows in ((m.article_authors, links), (m.captions, photos), (m.article_tags, labels)):
            insert_many(self.conn, table, rows)

    def _link_or_queue(self) -> None:
        """With `queue_links`, last in the transaction: link `to_link` here if no other writer
        is linking (`Linker.try_lock`, which never waits: no other writer can be waiting for
        this one's rows while it waits for the lock), else queue them for after the commit."""
        if not self.to_link or self.linker is None:
            return
        if self.linker.try_lock():
            self.linker.link_queued(self.to_link, self.revised)
            self.to_link = {}
            self.swept = True
        else:
            linkqueue.queue(self.conn, self.to_link)  # in id order, for after the commit

    # -- rejections, the frontier ------------------------------------------------------

    def _store_rejections(self, items: Sequence[tuple[Rejection, str]]) -> None:
        if not items:
            return
        rows = [
            {
                "identity_url": identity_url(rej.url),
                "url": rej.url,
                "reason": rej.reason,
                "detail": rej.detail,
                "first_seen": fetched_at,
                "fetched_at": fetched_at,
                "run_id": self.run_id,
            }
            for rej, fetched_at in items
        ]
        for rej, fetched_at in items:
            error = f"{rej.reason}: {rej.detail}" if rej.detail else rej.reason
            self._seen(rej.url, fetched_at, "rejected", error=error)
        self.rejected_by_reason.update(rej.reason for rej, _ in items)
        write_rejections(self.conn, rows)

    def _seen(
        self,
        url: str,
        fetched_at: str,
        state: str,
        *,
        article_id: int | None = None,
        error: str | None = None,
    ) -> None:
        """Note the outcome for the fetched address (written by `_update_frontier`)."""
        key = identity_url(url)
        self.frontier[key] = {
            "identity_url": key,
            "url": url,
            "state": state,
            "attempts": 1,
            "last_error": error,
            "first_seen": fetched_at,
            "last_seen": fetched_at,
            "article_id": article_id,
        }

    def _update_frontier(self) -> None:
        write_frontier(self.conn, list(self.frontier.values()))
