"""The write path: many items stored in one transaction with a handful of statements.

Called by `Archive.store_batch` inside its ``BEGIN IMMEDIATE`` transaction. Each batch
looks up the known articles in one query, then inserts the new ones, their people,
photos and labels with ``executemany``; only a changed article (a new revision) is
handled one by one. SQLAlchemy Core throughout: the ORM costs more than the database here.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, case, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from newsharvest.extract.record import Article, Rejection
from newsharvest.store import models as m
from newsharvest.store.identity import host_of, identity_url
from newsharvest.store.records import article_columns

IN_CHUNK = 500
"""Values per ``IN (...)`` list, well under every database's parameter limit."""

Item = tuple[Article | Rejection, str]


def _chunks(values: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _upsert(conn: Connection, table: Table) -> Any:
    """The dialect's ``INSERT ... ON CONFLICT`` statement builder for `table`."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


class BatchWriter:
    """Stores one batch of items on an open write transaction; tallies the outcomes."""

    def __init__(self, conn: Connection, run_id: int | None) -> None:
        self.conn = conn
        self.run_id = run_id
        self.counts: Counter[str] = Counter()
        self.rejected_by_reason: Counter[str] = Counter()

    # -- entry point -------------------------------------------------------------------

    def store(self, items: Sequence[Item]) -> list[str]:
        """Store `items` in order; return "new"/"updated"/"unchanged"/"rejected" for each."""
        outcomes = [""] * len(items)
        pending: list[tuple[int, dict[str, Any], str, str]] = []
        keys: set[str] = set()
        rejections: list[tuple[Rejection, str]] = []
        for index, (item, fetched_at) in enumerate(items):
            if isinstance(item, Rejection):
                rejections.append((item, fetched_at))
                outcomes[index] = "rejected"
                continue
            key = identity_url(item.canonical_url or item.url)
            if key in keys:  # the same article twice in a batch: store the first one first
                self._store_articles(pending, outcomes)
                pending, keys = [], set()
            keys.add(key)
            pending.append((index, item.to_dict(), fetched_at, key))
        self._store_articles(pending, outcomes)
        self._store_rejections(rejections)
        self.counts.update(outcome for outcome in outcomes)
        if self.run_id is not None:
            self._count_in_run()
        return outcomes

    # -- articles ----------------------------------------------------------------------

    def _store_articles(
        self, pending: list[tuple[int, dict[str, Any], str, str]], outcomes: list[str]
    ) -> None:
        if not pending:
            return
        known = self._known([key for _, _, _, key in pending])
        new: list[tuple[dict[str, Any], str, str]] = []
        touched: list[dict[str, Any]] = []
        for index, record, fetched_at, key in pending:
            columns = article_columns(record)
            row = known.get(key)
            if row is None:
                new.append((record, fetched_at, key))
                outcomes[index] = "new"
            elif row["content_hash"] == columns["content_hash"]:
                touched.append({"b_id": row["id"], "b_seen": fetched_at})
                outcomes[index] = "unchanged"
            else:
                self._update(row["id"], record, columns, fetched_at)
                outcomes[index] = "updated"
        if touched:
            a = m.articles
            self.conn.execute(
                update(a)
                .where(a.c.id == bindparam("b_id"))
                .values(
                    last_seen=case(
                        (a.c.last_seen < bindparam("b_seen"), bindparam("b_seen")),
                        else_=a.c.last_seen,
                    )
                ),
                touched,
            )
        if new:
            self._insert_new(new)

    def _known(self, keys: list[str]) -> dict[str, Mapping[str, Any]]:
        a = m.articles
        found: dict[str, Mapping[str, Any]] = {}
        for chunk in _chunks(keys):
            query = select(a.c.id, a.c.identity_url, a.c.content_hash).where(a.c.identity_url.in_(chunk))
            for row in self.conn.execute(query).mappings():
                found[row["identity_url"]] = row
        return found

    def _insert_new(self, new: list[tuple[dict[str, Any], str, str]]) -> None:
        site_ids = self._site_ids({host_of(key): rec["site_name"] for rec, _, key in new})
        rows = []
        for record, fetched_at, key in new:
            columns = article_columns(record)
            columns.update(
                identity_url=key,
                site_id=site_ids[host_of(key)],
                first_seen=fetched_at,
                last_seen=fetched_at,
                revision_count=1,
            )
            rows.append(columns)
        a = m.articles
        ids = (
            self.conn.execute(insert(a).returning(a.c.id, sort_by_parameter_order=True), rows).scalars().all()
        )
        self._insert_children(list(zip(ids, (rec for rec, _, _ in new), strict=True)))

    def _update(
        self, article_id: int, record: dict[str, Any], columns: dict[str, Any], fetched_at: str
    ) -> None:
        """A changed article: the new text replaces the current one."""
        a = m.articles
        self.conn.execute(
            update(a)
            .where(a.c.id == article_id)
            .values(**columns, last_seen=fetched_at, revision_count=a.c.revision_count + 1)
        )
        for table in (m.article_authors, m.captions, m.article_tags):
            self.conn.execute(delete(table).where(table.c.article_id == article_id))
        self._insert_children([(article_id, record)])

    def _insert_children(self, stored: list[tuple[int, dict[str, Any]]]) -> None:
        """Authors, captions and tags of freshly written articles."""
        author_ids = self._author_ids(
            {(au["name"], au["url"] or "") for _, rec in stored for au in rec["authors"]}
        )
        tag_ids = self._tag_ids({tag for _, rec in stored for tag in rec["tags"]})
        links, photos, labels = [], [], []
        for article_id, record in stored:
            for position, author in enumerate(record["authors"]):
                author_id = author_ids[(author["name"], author["url"] or "")]
                links.append({"article_id": article_id, "position": position, "author_id": author_id})
            for position, caption in enumerate(record["captions"]):
                photos.append({"article_id": article_id, "position": position, **caption})
            for position, tag in enumerate(dict.fromkeys(record["tags"])):
                labels.append({"article_id": article_id, "position": position, "tag_id": tag_ids[tag]})
        for table, rows in ((m.article_authors, links), (m.captions, photos), (m.article_tags, labels)):
            if rows:
                self.conn.execute(insert(table), rows)

    # -- shared rows: sites, authors, tags ---------------------------------------------

    def _site_ids(self, names: dict[str, str | None]) -> dict[str, int]:
        s = m.sites
        stmt = _upsert(self.conn, s)
        stmt = stmt.on_conflict_do_update(
            index_elements=[s.c.host],
            set_={"name": stmt.excluded.name},
            where=stmt.excluded.name.is_not(None),
        )
        self.conn.execute(stmt, [{"host": h, "name": n} for h, n in names.items()])
        query = select(s.c.host, s.c.id).where(s.c.host.in_(list(names)))
        return {host: site_id for host, site_id in self.conn.execute(query)}

    def _author_ids(self, people: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
        if not people:
            return {}
        au = m.authors
        rows = [{"name": name, "url": url} for name, url in people]
        self.conn.execute(_upsert(self.conn, au).on_conflict_do_nothing(), rows)
        found: dict[tuple[str, str], int] = {}
        names = sorted({name for name, _ in people})
        for chunk in _chunks(names):
            query = select(au.c.id, au.c.name, au.c.url).where(au.c.name.in_(chunk))
            for author_id, name, url in self.conn.execute(query):
                found[(name, url)] = author_id
        return found

    def _tag_ids(self, labels: set[str]) -> dict[str, int]:
        if not labels:
            return {}
        t = m.tags
        self.conn.execute(_upsert(self.conn, t).on_conflict_do_nothing(), [{"name": n} for n in labels])
        found: dict[str, int] = {}
        for chunk in _chunks(sorted(labels)):
            query = select(t.c.name, t.c.id).where(t.c.name.in_(chunk))
            found.update({name: tag_id for name, tag_id in self.conn.execute(query)})
        return found

    # -- rejections and run counts -----------------------------------------------------

    def _store_rejections(self, items: Iterable[tuple[Rejection, str]]) -> None:
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
        if not rows:
            return
        self.rejected_by_reason.update(row["reason"] for row in rows)
        r = m.rejections
        stmt = _upsert(self.conn, r)
        stmt = stmt.on_conflict_do_update(
            index_elements=[r.c.identity_url],
            set_={
                "url": stmt.excluded.url,
                "reason": stmt.excluded.reason,
                "detail": stmt.excluded.detail,
                "fetched_at": stmt.excluded.fetched_at,
                "run_id": stmt.excluded.run_id,
                "times_seen": r.c.times_seen + 1,
            },
        )
        self.conn.execute(stmt, rows)

    def _count_in_run(self) -> None:
        """Add this batch's outcomes to its crawl run, in the same transaction."""
        runs = m.crawl_runs
        current = self.conn.execute(
            select(runs.c.rejected_by_reason).where(runs.c.id == self.run_id)
        ).scalar()
        by_reason = Counter(json.loads(current or "{}"))
        by_reason.update(self.rejected_by_reason)
        self.conn.execute(
            update(runs)
            .where(runs.c.id == self.run_id)
            .values(
                new=runs.c.new + self.counts["new"],
                updated=runs.c.updated + self.counts["updated"],
                unchanged=runs.c.unchanged + self.counts["unchanged"],
                rejected=runs.c.rejected + self.counts["rejected"],
                rejected_by_reason=json.dumps(dict(sorted(by_reason.items()))),
            )
        )
