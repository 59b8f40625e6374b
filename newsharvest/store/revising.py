"""New revisions of changed articles, written for a whole batch in a handful of statements.

Called by `writer.BatchWriter` on its write transaction for the articles of a batch whose
text changed: each one's current text is kept in its current revision (the snapshot), a new
revision numbered after it records what changed, and the article row takes the new text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.engine import Connection

from newsharvest.store import models as m
from newsharvest.store.bulk import chunks, later
from newsharvest.store.rows import content_of


@dataclass(slots=True)
class Revised:
    """A changed article: its row as the batch found it, its old record, its new columns."""

    row: Mapping[Any, Any]
    """`id`, `revision_count` and `current_revision_id` of the stored article."""
    old: Mapping[str, Any]
    columns: dict[str, Any]
    fetched_at: str
    changed: list[str]


def write_revisions(conn: Connection, run_id: int | None, revised: Sequence[Revised]) -> None:
    """Snapshot each article's current text, add its new revision and replace its row with
    the new columns (last seen moved on, never back); its authors, captions and tags are
    deleted for the caller to write anew."""
    if not revised:
        return
    a, r = m.articles, m.revisions
    snapshots = [
        {
            "b_id": item.row["current_revision_id"],
            "b_content": json.dumps(content_of(item.old), ensure_ascii=False),
        }
        for item in revised
        if item.row["current_revision_id"] is not None
    ]
    if snapshots:
        conn.execute(
            update(r).where(r.c.id == bindparam("b_id")).values(content=bindparam("b_content")), snapshots
        )
    revisions = [
        {
            "article_id": item.row["id"],
            "number": item.row["revision_count"] + 1,
            "content_hash": item.columns["content_hash"],
            "fetched_at": item.fetched_at,
            "run_id": run_id,
            "changed_fields": json.dumps(item.changed),
        }
        for item in revised
    ]
    made = conn.execute(insert(r).returning(r.c.id, sort_by_parameter_order=True), revisions).scalars().all()
    columns = sorted(revised[0].columns)
    values: dict[str, Any] = {c: bindparam(f"v_{c}") for c in columns}
    values.update(
        last_seen=later(a.c.last_seen, bindparam("b_seen")),
        revision_count=bindparam("b_count"),
        current_revision_id=bindparam("b_revision"),
    )
    rows = [
        {f"v_{c}": item.columns[c] for c in columns}
        | {"b_id": item.row["id"], "b_seen": item.fetched_at, "b_count": item.row["revision_count"] + 1}
        | {"b_revision": revision_id}
        for item, revision_id in zip(revised, made, strict=True)
    ]
    conn.execute(update(a).where(a.c.id == bindparam("b_id")).values(values), rows)
    ids = [item.row["id"] for item in revised]
    for table in (m.article_authors, m.captions, m.article_tags):
        for chunk in chunks(ids):
            conn.execute(delete(table).where(table.c.article_id.in_(chunk)))
