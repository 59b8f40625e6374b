"""The instants the store records become ``timestamptz`` on PostgreSQL.

The columns of `INSTANTS` (when a run started, a page was fetched or first seen, an
article's `published_utc`, a lease's end...) are the store's own UTC instants
(`modelbase.UtcTimestamp`). On PostgreSQL each becomes ``timestamptz`` in place, its
text read as UTC when it names no offset, cut to whole seconds (microseconds for the
leases) as the store writes them; their indexes are rebuilt with them. On SQLite they stay
text, rewritten where an older writer left another spelling (``+00:00``, another offset,
fractions of a second) into the one fixed UTC form, so that both databases read back the
same text. The texts of what a page said (`date_published`, `date_modified`, their raw
forms, a response's `Last-Modified`) are data and stay text on both.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

INSTANTS = {
    "crawl_runs": ("started_at", "finished_at"),
    "articles": ("published_utc", "first_seen", "last_seen"),
    "revisions": ("fetched_at",),
    "urls": ("first_seen", "last_seen"),
    "rejections": ("first_seen", "fetched_at"),
    "captures": ("fetched_at",),
    "stories": ("first_seen",),
}
"""Columns of instants in whole seconds, ``2023-03-02T11:45:00Z``, by table."""
FINE_INSTANTS = {"site_leases": ("expires_at", "claimed_at")}
"""Columns of instants in microseconds, ``2026-11-30T21:40:00.000000Z``, by table."""

SECONDS_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z"
"""The fixed form, as a SQLite GLOB: rows already in it are left alone."""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SET LOCAL TIME ZONE 'UTC'")  # texts with no offset are UTC, as on SQLite
        for table, columns in INSTANTS.items():
            whole = [f"{c} TYPE timestamptz USING date_trunc('second', {c}::timestamptz)" for c in columns]
            _alter(table, whole)
        for table, columns in FINE_INSTANTS.items():
            _alter(table, [f"{c} TYPE timestamptz USING {c}::timestamptz" for c in columns])
        return
    for table, columns in INSTANTS.items():
        for c in columns:
            fixed = f"strftime('%Y-%m-%dT%H:%M:%SZ', {c})"
            op.execute(
                f"UPDATE {table} SET {c} = {fixed}"
                f" WHERE {c} NOT GLOB '{SECONDS_GLOB}' AND {fixed} IS NOT NULL"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in INSTANTS.items():
        spelled = """'YYYY-MM-DD"T"HH24:MI:SS"Z"'"""
        _alter(table, [f"{c} TYPE varchar USING to_char({c} AT TIME ZONE 'UTC', {spelled})" for c in columns])
    for table, columns in FINE_INSTANTS.items():
        spelled = """'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'"""
        _alter(table, [f"{c} TYPE varchar USING to_char({c} AT TIME ZONE 'UTC', {spelled})" for c in columns])


def _alter(table: str, changes: list[str]) -> None:
    """One ``ALTER TABLE`` for all of a table's columns: the table is rewritten once."""
    op.execute(f"ALTER TABLE {table} " + ", ".join(f"ALTER COLUMN {change}" for change in changes))
