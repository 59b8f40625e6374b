"""Wire copies and reprints: the same story on many pages, linked as it is stored.

Each article's body is normalised (lower case, punctuation to spaces, whitespace collapsed)
and cut into overlapping 5-word shingles; rensa's R-MinHash turns the set into a signature
of `NUM_PERM` values (`article_signatures`). The signature is cut into `BANDS` bands of
`ROWS` values; each band's hash is a row of `story_bands` (band key, article), so articles
sharing a key are candidates — across runs and processes, since the index is in the archive.

A candidate is a copy when the estimated *containment* of the shorter text in the longer
reaches the threshold (`DEFAULT_THRESHOLD`): Jaccard is estimated from the signatures and
turned into containment with the exact shingle counts. Containment, not Jaccard, because a
copy trimmed to its first 60% shares only ~0.6 of the union with the original but all of
itself. The new article joins the story of its best match (`stories`, `articles.story_id`).

Within a story the original is the agency's own copy (apnews.com for AP, reuters.com for
Reuters…, the agency read from the members' `agency` and dateline), else the earliest
publication time, else the copy the archive saw first; `stories.original_reason` says which.

SQLAlchemy Core only, so the same statements run on PostgreSQL.
"""

from __future__ import annotations

import string
import sys
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from rensa import RMinHash
from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from newsharvest.store import models as m

SHINGLE_WORDS = 5
"""Words per shingle: long enough that two different stories on one event share few."""
NUM_PERM = 96
"""MinHash values per signature."""
BANDS = 32
ROWS = NUM_PERM // BANDS
"""LSH bands of `ROWS` values: a pair with Jaccard 0.5 shares a band with probability 0.99,
one with Jaccard 0.1 with probability 0.03 (then dropped by the containment check)."""
SEED = 20230302
"""rensa's permutation seed: signatures in one archive must all use the same one."""
DEFAULT_THRESHOLD = 0.5
"""Estimated containment from which two articles are the same story (benchmarks/linking.py)."""
MIN_JACCARD = 0.2
"""Below this estimated Jaccard the containment estimate is too noisy to trust."""
MIN_SHINGLES = 40
"""Bodies with fewer distinct shingles (about 45 words) are signed but never linked: too
little text to tell a copy from a shared quote."""

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

_PUNCTUATION = str.maketrans(dict.fromkeys(string.punctuation + "“”‘’«»—–…·•", " "))
_LITTLE = sys.byteorder == "little"
_IN_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Signature:
    """An article body's MinHash signature and its number of distinct shingles."""

    values: array[int]
    shingles: int

    @property
    def linkable(self) -> bool:
        return self.shingles >= MIN_SHINGLES and len(self.values) == NUM_PERM

    def to_bytes(self) -> bytes:
        values = array("I", self.values)
        if not _LITTLE:
            values.byteswap()
        return values.tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes, shingles: int) -> Signature:
        values = array("I")
        values.frombytes(blob)
        if not _LITTLE:
            values.byteswap()
        return cls(values, shingles)

    def bands(self) -> list[int]:
        """The LSH keys: each band's values hashed with its number (signed 32-bit)."""
        if not self.linkable:
            return []
        raw = memoryview(self.to_bytes())
        width = ROWS * 4
        keys = []
        for band in range(BANDS):
            key = zlib.crc32(raw[band * width : (band + 1) * width], band * 0x9E3779B1 & 0xFFFFFFFF)
            keys.append(key - 0x100000000 if key >= 0x80000000 else key)
        return keys


def shingles_of(body: str) -> set[str]:
    """The distinct 5-word shingles of a normalised body (one shingle if shorter)."""
    words = body.lower().translate(_PUNCTUATION).split()
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)))


def signature(body: str) -> Signature:
    """The signature of an article body (empty values when it has no words)."""
    shingles = shingles_of(body)
    if not shingles:
        return Signature(array("I"), 0)
    sketch = RMinHash(NUM_PERM, SEED)
    sketch.update(list(shingles))
    return Signature(array("I", sketch.digest()), len(shingles))


@dataclass(frozen=True, slots=True)
class Similarity:
    """Estimated resemblance of two bodies."""

    jaccard: float
    containment: float
    """Share of the shorter body's shingles found in the longer one."""


def similarity(a: Signature, b: Signature) -> Similarity:
    """Jaccard from the share of equal MinHash values, containment from it and the set sizes."""
    if not (a.linkable and b.linkable):
        return Similarity(0.0, 0.0)
    equal = sum(x == y for x, y in zip(a.values, b.values, strict=True))
    jaccard = equal / NUM_PERM
    common = jaccard * (a.shingles + b.shingles) / (1 + jaccard)
    return Similarity(jaccard, min(1.0, common / min(a.shingles, b.shingles)))


def is_copy(found: Similarity, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """The rule: containment at or above `threshold`, with enough Jaccard to trust it."""
    return found.containment >= threshold and found.jaccard >= MIN_JACCARD


def _chunks(values: Sequence[Any], size: int = _IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass(slots=True)
class _Incoming:
    article_id: int
    signature: Signature
    keys: list[int]


class Linker:
    """Links articles into stories on an open write transaction."""

    def __init__(self, conn: Connection, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.conn = conn
        self.threshold = threshold

    # -- writing -----------------------------------------------------------------------

    def link(self, articles: Sequence[tuple[int, str]]) -> int:
        """Sign and index (article id, body) pairs, each joining the story of its best
        earlier match (earlier in the archive or in `articles`); returns how many joined."""
        if not articles:
            return 0
        incoming = []
        for article_id, body in articles:
            sig = signature(body)
            incoming.append(_Incoming(article_id, sig, sig.bands()))
        stored = self._candidates([key for item in incoming for key in item.keys])
        self._insert_rows(
            m.article_signatures,
            ("article_id", "shingles", "signature"),
            [(i.article_id, i.signature.shingles, i.signature.to_bytes()) for i in incoming],
        )
        bands = sorted((key, i.article_id) for i in incoming for key in i.keys)  # B-tree order
        self._insert_rows(m.story_bands, ("band", "article_id"), bands)
        batch: dict[int, list[int]] = defaultdict(list)
        wanted: dict[int, set[int]] = {}
        for item in incoming:
            found = {a for key in item.keys for a in stored.get(key, ())}
            found.update(a for key in item.keys for a in batch.get(key, ()))
            found.discard(item.article_id)
            if found:
                wanted[item.article_id] = found
            for key in item.keys:
                batch[key].append(item.article_id)
        if not wanted:
            return 0
        signatures = {i.article_id: i.signature for i in incoming}
        others = {a for found in wanted.values() for a in found} - signatures.keys()
        signatures.update(self.signatures(others))
        matches: list[tuple[int, int]] = []
        for item in incoming:
            best: tuple[float, int] | None = None
            for other in wanted.get(item.article_id, ()):
                sim = similarity(item.signature, signatures[other])
                if is_copy(sim, self.threshold) and (best is None or sim.containment > best[0]):
                    best = (sim.containment, other)
            if best is not None:
                matches.append((item.article_id, best[1]))
        if matches:
            self._join(matches)
        return len(matches)

    def unlink(self, article_id: int) -> None:
        """Take an article out of the index and out of its story (before re-linking it)."""
        sigs = self.signatures([article_id])
        if article_id in sigs:
            keys = sigs[article_id].bands()
            b = m.story_bands
            for chunk in _chunks(keys):
                self.conn.execute(delete(b).where(b.c.article_id == article_id, b.c.band.in_(chunk)))
        s = m.article_signatures
        self.conn.execute(delete(s).where(s.c.article_id == article_id))
        a = m.articles
        story = self.conn.execute(select(a.c.story_id).where(a.c.id == article_id)).scalar()
        if story is not None:
            self.conn.execute(update(a).where(a.c.id == article_id).values(story_id=None))
            self.settle([story])

    def relink(self, article_id: int, body: str) -> None:
        """A new revision of an article: link its new text afresh."""
        self.unlink(article_id)
        self.link([(article_id, body)])

    def _insert_rows(self, table: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """Core's INSERT of `rows` (values in `columns` order); on SQLite the compiled statement
        gets them as tuples (SQLAlchemy's per-row processing of 32 band rows an article costs
        more than SQLite's insert)."""
        if not rows:
            return
        if self.conn.dialect.name != "sqlite":
            self.conn.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
            return
        compiled = insert(table).values({c: bindparam(c) for c in columns}).compile(dialect=self.conn.dialect)
        order = compiled.positiontup or columns
        if tuple(order) != columns:
            rows = [tuple(row[columns.index(c)] for c in order) for row in rows]
        self.conn.exec_driver_sql(str(compiled), rows)

    def _candidates(self, keys: list[int]) -> dict[int, list[int]]:
        b = m.story_bands
        found: dict[int, list[int]] = defaultdict(list)
        query = select(b.c.band, b.c.article_id).where(b.c.band.in_(bindparam("keys", expanding=True)))
        for chunk in _chunks(sorted(set(keys))):
            for band, article_id in self.conn.execute(query, {"keys": list(chunk)}):
                found[band].append(article_id)
        return found

    def signatures(self, ids: Iterable[int]) -> dict[int, Signature]:
        s = m.article_signatures
        out = {}
        for chunk in _chunks(sorted(ids)):
            query = select(s.c.article_id, s.c.signature, s.c.shingles).where(s.c.article_id.in_(chunk))
            for article_id, blob, count in self.conn.execute(query):
                out[article_id] = Signature.from_bytes(blob, count)
        return out

    def _join(self, matches: list[tuple[int, int]]) -> None:
        """Each (article, best match) in order: the article joins its match's story, or the
        two start one. A handful of statements for the whole batch, however many copies."""
        a, st = m.articles, m.stories
        story_of: dict[int, int | None] = {}
        first_seen: dict[int, str] = {}
        for chunk in _chunks(sorted({x for pair in matches for x in pair})):
            for article_id, story, seen in self.conn.execute(
                select(a.c.id, a.c.story_id, a.c.first_seen).where(a.c.id.in_(chunk))
            ):
                story_of[article_id], first_seen[article_id] = story, seen
        groups: list[list[int]] = []  # articles of stories to create
        group_of: dict[int, int] = {}
        changed: list[int] = []
        for article_id, match in matches:
            story = story_of.get(match)
            if story is not None:
                story_of[article_id] = story
                changed.append(article_id)
            elif match in group_of:
                group_of[article_id] = group_of[match]
                groups[group_of[match]].append(article_id)
            else:
                group_of[article_id] = group_of[match] = len(groups)
                groups.append([match, article_id])
        if groups:
            rows = [{"first_seen": min(first_seen[i] for i in group), "copy_count": 0} for group in groups]
            created = self.conn.execute(insert(st).returning(st.c.id, sort_by_parameter_order=True), rows)
            for group, story in zip(groups, created.scalars(), strict=True):
                for article_id in group:
                    story_of[article_id] = story
                    changed.append(article_id)
        self.conn.execute(
            update(a).where(a.c.id == bindparam("b_id")).values(story_id=bindparam("b_story")),
            [{"b_id": i, "b_story": story_of[i]} for i in changed],
        )
        self.settle({story for i in changed if (story := story_of[i]) is not None})

    def settle(self, story_ids: Iterable[int]) -> None:
        """Recount stories' copies and pick their originals; a story left with one copy ends."""
        a, s, st = m.articles, m.sites, m.stories
        members: dict[int, list[Member]] = {story: [] for story in story_ids}
        for chunk in _chunks(sorted(members)):
            query = (
                select(a.c.story_id, a.c.id, s.c.host, a.c.agency, a.c.dateline_agency, a.c.published_utc,
                       a.c.first_seen)
                .join(s, s.c.id == a.c.site_id)
                .where(a.c.story_id.in_(chunk))
            )  # fmt: skip
            for row in self.conn.execute(query):
                members[row[0]].append(tuple(row[1:]))  # type: ignore[arg-type]
        ended = [story for story, rows in members.items() if len(rows) < 2]
        if ended:
            self.conn.execute(update(a).where(a.c.story_id.in_(ended)).values(story_id=None))
            self.conn.execute(delete(st).where(st.c.id.in_(ended)))
        settled = []
        for story, rows in members.items():
            if len(rows) >= 2:
                original, reason = pick_original(rows)
                settled.append(
                    {
                        "b_id": story,
                        "b_original": original,
                        "b_reason": reason,
                        "b_count": len(rows),
                        "b_first": min(row[5] for row in rows),
                    }
                )
        if settled:
            self.conn.execute(
                update(st)
                .where(st.c.id == bindparam("b_id"))
                .values(
                    original_article_id=bindparam("b_original"),
                    original_reason=bindparam("b_reason"),
                    copy_count=bindparam("b_count"),
                    first_seen=bindparam("b_first"),
                ),
                settled,
            )


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


# -- whole-archive passes -------------------------------------------------------------


def clear(conn: Connection) -> None:
    """Forget every link, signature and story (before a rebuild)."""
    a = m.articles
    conn.execute(update(a).where(a.c.story_id.is_not(None)).values(story_id=None))
    for table in (m.story_bands, m.article_signatures, m.stories):
        conn.execute(delete(table))
