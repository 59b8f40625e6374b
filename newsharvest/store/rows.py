"""Between `Article` records and table rows: no SQL here, only the mapping (the record dict
and its content hash come from `newsharvest.contents`, which extraction workers share).

A stored article reads back as a plain dict with exactly the `Article` field names (nested
records as dicts, like `Article.to_dict()`), plus the archive's own ``id``, ``first_seen``,
``last_seen`` and ``revision_count``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from newsharvest.contents import ADDRESS_FIELDS as ADDRESS_FIELDS
from newsharvest.contents import ARTICLE_FIELDS as ARTICLE_FIELDS
from newsharvest.contents import CANONICAL_JSON
from newsharvest.contents import CONTENT_FIELDS as CONTENT_FIELDS
from newsharvest.contents import content_hash as content_hash
from newsharvest.contents import record_of as record_of

ARCHIVE_FIELDS = ("id", "first_seen", "last_seen", "revision_count")
"""What a stored record carries besides the `Article` fields."""

# Article fields stored as-is in a column of the same name.
_PLAIN_FIELDS = tuple(
    f for f in ARTICLE_FIELDS if f not in ("authors", "dateline", "tags", "captions", "embeds")
)


def content_of(record: Mapping[str, Any]) -> dict[str, Any]:
    """The content fields of a record dict (what revisions compare)."""
    return {name: record[name] for name in CONTENT_FIELDS}


def utc_timestamp(value: str | None) -> str | None:
    """An ISO 8601 time as UTC text (``2023-03-02T11:45:00Z``); None when unparseable.

    A time without offset is taken as UTC; a bare date as its midnight.
    """
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def author_names(authors: Iterable[Mapping[str, Any]]) -> str:
    """The byline's names as one searchable, readable string."""
    return ", ".join(a["name"] for a in authors)


def article_columns(record: Mapping[str, Any]) -> dict[str, Any]:
    """The `articles` columns for an `Article.to_dict()` record (ids and times excluded)."""
    row = {name: record[name] for name in _PLAIN_FIELDS}
    dateline = record["dateline"] or {}
    row.update(
        authors=author_names(record["authors"]),
        dateline_place=dateline.get("place"),
        dateline_agency=dateline.get("agency"),
        dateline_raw=dateline.get("raw"),
        embeds=CANONICAL_JSON.encode(record["embeds"]),
        published_utc=utc_timestamp(record["date_published"]),
        content_hash=content_hash(record),
    )
    return row


def record_from_row(
    row: Mapping[Any, Any],
    authors: list[dict[str, Any]],
    captions: list[dict[str, Any]],
    tags: list[str],
) -> dict[str, Any]:
    """The stored article as a dict: `Article` field names plus the archive fields."""
    record: dict[str, Any] = {"id": row["id"]}
    for name in ARTICLE_FIELDS:
        if name == "authors":
            record[name] = authors
        elif name == "dateline":
            record[name] = (
                None
                if row["dateline_place"] is None
                else {
                    "place": row["dateline_place"],
                    "agency": row["dateline_agency"],
                    "raw": row["dateline_raw"],
                }
            )
        elif name == "tags":
            record[name] = tags
        elif name == "captions":
            record[name] = captions
        elif name == "embeds":
            record[name] = json.loads(row["embeds"] or "[]")
        else:
            record[name] = row[name]
    for name in ARCHIVE_FIELDS[1:]:
        record[name] = row[name]
    return record
