"""Wire copies and reprints: the same story on many pages, linked as it is stored.

An article comes with the MinHash signature of its body and its LSH band keys
(`newsharvest.extract.signature`: the crawl's extraction workers compute them; the store
signs an unsigned record itself, with the same function). Each band key is a row of
`story_bands` (band key, article), so articles sharing a key are candidates — across runs
and processes, since the index is in the archive. New rows go to the small
`story_bands_recent` first and move into `story_bands` in key order in bulk (`Linker.merge`):
random keys written straight into the whole index would rewrite most of its pages in every
transaction. A candidate is a copy when the estimated
containment of the shorter text in the longer reaches the threshold (`is_copy`); the new
article joins the story of its closest copy (`stories`, `articles.story_id`). When its copies
are in several stories, the stories become one (under the oldest id) only if their texts are
copies of each other — a story split because LSH missed a pair; a roundup carrying two wire
stories contains both but joins only the one closest to it, so roundups never chain unrelated
stories together. When a member's revision takes it out of a story, the rest regroup by the
copies they still are of one another (`Linker.regroup`).

Within a story the original is the agency's own copy (apnews.com for AP, reuters.com for
Reuters…, the agency read from the members' `agency` and dateline), else the earliest
publication time, else the copy the archive saw first; `stories.original_reason` says which.

SQLAlchemy Core only, so the same statements run on PostgreSQL, where concurrent writers
take turns through a transaction-level advisory lock (`Linker.lock`): without it, two
crawlers storing copies of one story at the same moment would each miss the other's
uncommitted rows and start a story of their own. There a batch's articles are committed
first, queued for linking in the same transaction (`linkqueue.py`), and linked in a short
transaction of their own that takes the lock before anything else (`Linker.link_queued`):
writers store side by side and take turns only for the linking.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import bindparam, delete, func, insert, select, text, update
from sqlalchemy.engine import Connection

from newsharvest.extract.signature import (
    DEFAULT_THRESHOLD,
    Signature,
    is_copy,
    signature,
    similarity,
)
from newsharvest.store import linkqueue
from newsharvest.store import models as m
from newsharvest.store.bands import BandRows
from newsharvest.store.bulk import chunks, execute_many
from newsharvest.store.originals import REASONS, Member, pick_original

__all__ = ["DEFAULT_THRESHOLD", "REASONS", "Linker", "clear", "pick_original", "signature"]

LINK_LOCK = 0x6E68_6C69_6E6B  # "nhlink"
"""The PostgreSQL advisory lock a write transaction holds while it links (`Linker.lock`)."""

_a, _st = m.articles, m.stories
PLACE = update(_a).where(_a.c.id == bindparam("b_id")).values(story_id=bindparam("b_story"))
"""Each article (`b_id`) into its story (`b_story`, null for none)."""
ABSORB = update(_a).where(_a.c.story_id == bindparam("b_from")).values(story_id=bindparam("b_into"))
"""Every member of a story (`b_from`) into another (`b_into`)."""
SETTLE = (
    update(_st)
    .where(_st.c.id == bindparam("b_id"))
    .values(
        original_article_id=bindparam("b_original"),
        original_reason=bindparam("b_reason"),
        copy_count=bindparam("b_count"),
        first_seen=bindparam("b_first"),
    )
)
"""A story's original, why, its copy count and first sighting."""

BRIDGE_SAMPLE = 8
"""Copies of each story (the bridging article's closest) compared when deciding whether two
stories are one text: two big stories bridged by a roundup cost 64 comparisons, not 40,000."""


class Linker(BandRows):
    """Links articles into stories on an open write transaction."""

    def __init__(self, conn: Connection, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.conn = conn
        self.threshold = threshold
        self._locked = False

    # -- writing -----------------------------------------------------------------------

    def lock(self) -> None:
        """On PostgreSQL, wait for other writers' linking to commit, and keep them waiting
        until this transaction ends (SQLite's writers already take turns). A transaction that
        links calls it before its first statement, so that it never waits for the lock while
        holding rows the lock's holder needs (a deadlock PostgreSQL would have to break)."""
        if not self._locked and self.conn.dialect.name == "postgresql":
            self.conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LINK_LOCK})
        self._locked = True

    def try_lock(self) -> bool:
        """Take the lock only if no other writer holds it (PostgreSQL; never waits), until
        this transaction ends. A writer that already wrote rows may call it: not waiting, it
        can never hold up the lock's holder."""
        if not self._locked:
            if self.conn.dialect.name != "postgresql":
                return True  # SQLite's writer holds the write lock already
            taken = self.conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": LINK_LOCK})
            self._locked = bool(taken.scalar())
        return self._locked

    def link_queued(
        self, known: dict[int, Signature] | None = None, revised: Iterable[int] = (), *, queued: bool = False
    ) -> int:
        """Link every article of `link_queue` and empty it, under the lock (taken here, first
        in a transaction of its own, if `try_lock` did not): the articles a batch committed a
        moment ago, and any a writer left queued (killed between its two transactions, or its
        linking failed). `known`: signatures this process has (the rest are read from the
        queue) of articles this transaction wrote and did not queue (`revised`: signed before),
        or with `queued` of articles a committed transaction queued (`linkqueue.take`). A
        revised article is relinked with its new text. Returns how many joined a story."""
        self.lock()
        relinks, links = linkqueue.take(self.conn, known or {}, revised, queued=queued)
        for article_id, sig in relinks:  # in order, as one at a time would
            self.relink(article_id, sig)
        return self.link(links)

    def link(self, articles: Sequence[tuple[int, Signature]]) -> int:
        """Index (article id, body signature) pairs; each article joins the story of its
        closest copy stored earlier (in the archive or before it in `articles`), and of its
        other copies when they are copies of that text too (`_join`). Returns how many
        articles joined a story."""
        if not articles:
            return 0
        self.lock()
        incoming = [(article_id, sig, sig.bands()) for article_id, sig in articles]
        counts = Counter(itertools.chain.from_iterable(article_keys for _, _, article_keys in incoming))
        stored = self._candidates(counts)
        self._insert_rows(
            m.article_signatures,
            ("article_id", "shingles", "signature"),
            [(article_id, sig.shingles, sig.to_bytes()) for article_id, sig, _ in incoming],
        )
        self._insert_bands(incoming)
        if counts:
            self._merge_when_due(counts.total(), max(article_id for article_id, _ in articles))
        repeated = {key for key, count in counts.items() if count > 1}  # shared inside the batch
        shared = repeated | stored.keys()
        batch: dict[int, list[int]] = defaultdict(list)
        wanted: dict[int, set[int]] = {}
        for article_id, _, article_keys in incoming:
            hits = shared.intersection(article_keys)
            if not hits:
                continue
            found = {a for key in hits for a in stored.get(key, ())}
            found.update(a for key in hits for a in batch.get(key, ()))
            found.discard(article_id)
            if found:
                wanted[article_id] = found
            for key in hits & repeated:
                batch[key].append(article_id)
        if not wanted:
            return 0
        signatures = {article_id: sig for article_id, sig, _ in incoming}
        others = {a for found in wanted.values() for a in found} - signatures.keys()
        signatures.update(self.signatures(others))
        matches: list[tuple[int, list[int]]] = []
        for article_id, sig, _ in incoming:
            scored = []
            for other in wanted.get(article_id, ()):
                alike = similarity(sig, signatures[other])
                if is_copy(alike, self.threshold):
                    scored.append((-alike.jaccard, -alike.containment, other))
            if scored:
                matches.append((article_id, [other for *_, other in sorted(scored)]))
        if matches:
            self._join(matches, signatures)
        return len(matches)

    def unlink(self, article_id: int) -> None:
        """Take an article out of the index and out of its story (before re-linking it)."""
        sigs = self.signatures([article_id])
        if article_id in sigs:
            keys = list(sigs[article_id].bands())
            for b in (m.story_bands, m.story_bands_recent):
                for chunk in chunks(keys):
                    self.conn.execute(delete(b).where(b.c.article_id == article_id, b.c.band.in_(chunk)))
        s = m.article_signatures
        self.conn.execute(delete(s).where(s.c.article_id == article_id))
        a = m.articles
        story = self.conn.execute(select(a.c.story_id).where(a.c.id == article_id)).scalar()
        if story is not None:
            self.conn.execute(update(a).where(a.c.id == article_id).values(story_id=None))
            self.regroup(story)

    def regroup(self, story: int) -> None:
        """A story that lost a member splits into the groups its other members still form as
        copies of one another (candidates by shared band key, as when linking): the largest
        keeps the story's id (the oldest member's on a tie), other groups of two or more
        become stories of their own, a member left alone is unlinked. So a revision that takes
        away the article holding two texts together separates them again."""
        a = m.articles
        members = sorted(x for (x,) in self.conn.execute(select(a.c.id).where(a.c.story_id == story)))
        sigs = self.signatures(members)
        parent = {x: x for x in members}

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        seen: dict[int, list[int]] = defaultdict(list)  # band key → members already placed
        for x in members:
            keys = sigs[x].bands() if x in sigs else ()
            for other in sorted({p for key in keys for p in seen.get(key, ())}):
                if find(other) != find(x) and is_copy(similarity(sigs[x], sigs[other]), self.threshold):
                    parent[find(other)] = find(x)
            for key in keys:
                seen[key].append(x)
        groups: dict[int, list[int]] = defaultdict(list)
        for x in members:
            groups[find(x)].append(x)
        ordered = sorted(groups.values(), key=lambda group: (-len(group), group[0]))
        if len(ordered) <= 1:
            self.settle([story])
            return
        moves: dict[int, int | None] = {}
        split = [group for group in ordered[1:] if len(group) >= 2]
        if split:  # each new story first seen when its earliest member was
            seen_at: dict[int, str] = {}
            for chunk in chunks([x for group in split for x in group]):
                query = select(a.c.id, a.c.first_seen).where(a.c.id.in_(chunk))
                seen_at.update((x, seen) for x, seen in self.conn.execute(query))
            firsts = [min(seen_at[x] for x in group) for group in split]
            for group, new in zip(split, self._new_stories(firsts), strict=True):
                moves.update(dict.fromkeys(group, new))
        for group in ordered[1:]:
            if len(group) < 2:
                moves[group[0]] = None
        execute_many(self.conn, PLACE, [{"b_id": x, "b_story": new} for x, new in moves.items()])
        self.settle({story, *(new for new in moves.values() if new is not None)})

    def relink(self, article_id: int, sig: Signature) -> None:
        """A new revision of an article: link its new text afresh."""
        self.unlink(article_id)
        self.link([(article_id, sig)])

    def _new_stories(self, first_seen: list[str]) -> list[int]:
        """New stories first seen at `first_seen`, their ids in that order. On SQLite, whose
        write lock the transaction holds, the ids are the next after the highest (as SQLite
        gives them one row at a time) and the rows go in one statement; RETURNING elsewhere."""
        st = m.stories
        if self.conn.dialect.name != "sqlite":
            rows = [{"first_seen": seen, "copy_count": 0} for seen in first_seen]
            created = self.conn.execute(insert(st).returning(st.c.id, sort_by_parameter_order=True), rows)
            return list(created.scalars())
        highest = int(self.conn.execute(select(func.max(st.c.id))).scalar() or 0)
        ids = list(range(highest + 1, highest + 1 + len(first_seen)))
        self._insert_rows(
            st,
            ("id", "first_seen", "original_reason", "copy_count"),
            [(story, seen, "", 0) for story, seen in zip(ids, first_seen, strict=True)],
        )
        return ids

    def signatures(self, ids: Iterable[int]) -> dict[int, Signature]:
        s = m.article_signatures
        out = {}
        for chunk in chunks(sorted(ids)):
            query = select(s.c.article_id, s.c.signature, s.c.shingles).where(s.c.article_id.in_(chunk))
            for article_id, blob, count in self.conn.execute(query):
                out[article_id] = Signature.from_bytes(blob, count)
        return out

    def _join(self, matches: list[tuple[int, list[int]]], signatures: dict[int, Signature]) -> None:
        """Each (article, its copies, closest first), in order: the article joins the story of
        its closest copy. Its other copies' stories (or unlinked copies) come along only when
        they are copies of that text too (`_bridged`): a roundup carrying two wire stories
        joins one of them and leaves the stories apart, and no chain of roundups can fuse
        unrelated stories. Stories that do merge keep the oldest id. A handful of statements
        for the whole batch."""
        a, st = m.articles, m.stories
        story_of: dict[int, int | None] = {}
        first_seen: dict[int, str] = {}
        involved = sorted({x for article_id, copies in matches for x in (article_id, *copies)})
        for chunk in chunks(involved):
            for article_id, story, seen in self.conn.execute(
                select(a.c.id, a.c.story_id, a.c.first_seen).where(a.c.id.in_(chunk))
            ):
                story_of[article_id], first_seen[article_id] = story, seen
        before = dict(story_of)
        stored = {story for story in before.values() if story is not None}
        fresh = itertools.count(-1, -1)  # stories to create: negative keys until they have ids
        into: dict[int, int] = {}  # story key merged away → the key it joined

        def current(article_id: int) -> int | None:
            story = story_of.get(article_id)
            while story is not None and story in into:
                story = into[story]
            return story

        for article_id, copies in matches:
            groups: dict[tuple[str, int], list[int]] = {}
            for other in copies:
                story = current(other)
                group = ("story", story) if story is not None else ("article", other)
                groups.setdefault(group, []).append(other)
            joined = _bridged(list(groups.values()), signatures, self.threshold)
            chosen = [key for index, key in enumerate(groups) if index in joined]
            keys = sorted(key for kind, key in chosen if kind == "story")
            kept = [key for key in keys if key > 0]
            target = kept[0] if kept else (keys[0] if keys else next(fresh))
            for key in keys:
                if key != target:
                    into[key] = target
            for kind, key in chosen:
                if kind == "article":
                    story_of[key] = target
            story_of[article_id] = target
        resolved = {x: current(x) for x in story_of}
        new_keys = sorted(
            {story for story in resolved.values() if story is not None and story < 0}, reverse=True
        )
        if new_keys:
            seen = [min(first_seen[x] for x, story in resolved.items() if story == key) for key in new_keys]
            ids = dict(zip(new_keys, self._new_stories(seen), strict=True))
            resolved = {
                x: ids.get(story, story) if story is not None else None for x, story in resolved.items()
            }
        absorbed = {old: current(old) for old in into if old in stored}
        if absorbed:
            execute_many(
                self.conn, ABSORB, [{"b_from": old, "b_into": target} for old, target in absorbed.items()]
            )
            self.conn.execute(delete(st).where(st.c.id.in_(sorted(absorbed))))
        moved = {**absorbed}
        changed = [x for x, story in resolved.items() if story != moved.get(before[x] or 0, before[x])]
        if changed:
            execute_many(self.conn, PLACE, [{"b_id": x, "b_story": resolved[x]} for x in changed])
        self.settle({story for story in resolved.values() if story is not None})

    def settle(self, story_ids: Iterable[int]) -> None:
        """Recount stories' copies and pick their originals; a story left with one copy ends."""
        a, s, st = m.articles, m.sites, m.stories
        members: dict[int, list[Member]] = {story: [] for story in story_ids}
        for chunk in chunks(sorted(members)):
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
                counted = {"b_count": len(rows), "b_first": min(row[5] for row in rows)}
                settled.append({"b_id": story, "b_original": original, "b_reason": reason} | counted)
        execute_many(self.conn, SETTLE, settled)


def _bridged(groups: list[list[int]], signatures: dict[int, Signature], threshold: float) -> set[int]:
    """Indexes of the `groups` of copies (each a story's, or one unlinked article) that are one
    text with the first (the closest copy's): connected through pairs of copies, one from
    each group, that are themselves copies. Texts that only the bridging article joins (the
    stories of a roundup) are not."""
    groups = [group[:BRIDGE_SAMPLE] for group in groups]  # the closest copies of each
    joined, left = {0}, set(range(1, len(groups)))
    frontier = [0]
    while frontier and left:
        here = groups[frontier.pop()]
        for index in sorted(left):
            if any(
                is_copy(similarity(signatures[p], signatures[q]), threshold)
                for p in here
                for q in groups[index]
            ):
                left.discard(index)
                joined.add(index)
                frontier.append(index)
    return joined


# -- whole-archive passes -------------------------------------------------------------


def clear(conn: Connection) -> None:
    """Forget every link, signature and story (before a rebuild)."""
    a = m.articles
    conn.execute(update(a).where(a.c.story_id.is_not(None)).values(story_id=None))
    for table in (m.story_bands, m.story_bands_recent, m.article_signatures, m.link_queue, m.stories):
        conn.execute(delete(table))
