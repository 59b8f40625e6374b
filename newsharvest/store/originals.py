"""A story's original: the agency's own copy, else the earliest published, else the first seen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

AGENCY_SITES: dict[str, tuple[str, ...]] = {
    "AP": ("apnews.com",),
    "Reuters": ("reuters.com",),
    "AFP": ("afp.com",),
    "Bloomberg": ("bloomberg.com",),
    "UPI": ("upi.com",),
    "dpa": ("dpa.com",),
    "CP": ("thecanadianpress.com",),
    "CNN": ("cnn.com",),
}
"""An agency's own sites (by host, ``www.`` dropped): its copy there is the original."""

REASONS = {
    "agency_site": "the agency's own copy",
    "earliest_published": "the earliest publication time",
    "earliest_seen": "the copy the archive saw first",
}
"""`stories.original_reason` codes and what they mean."""


Member = tuple[int, str, str | None, str | None, str | None, str]
"""(id, host, agency, dateline agency, published UTC, first seen) of a story's article."""


def pick_original(members: Sequence[Member]) -> tuple[int, str]:
    """(article id, reason) of a story's original among (id, host, agency, dateline agency,
    published UTC, first seen) rows."""
    agencies = Counter(agency for row in members for agency in {row[2], row[3]} if agency)
    for agency, _ in agencies.most_common():
        own = [row for row in members if _is_site_of(row[1], agency)]
        if own:
            best = min(own, key=lambda row: (row[4] or "9999", row[5], row[0]))
            return best[0], "agency_site"
    dated = [row for row in members if row[4]]
    if dated:
        return min(dated, key=lambda row: (row[4], row[5], row[0]))[0], "earliest_published"
    return min(members, key=lambda row: (row[5], row[0]))[0], "earliest_seen"


def _is_site_of(host: str, agency: str) -> bool:
    host = host.removeprefix("www.")
    return any(host == site or host.endswith("." + site) for site in AGENCY_SITES.get(agency, ()))
