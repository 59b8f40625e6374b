"""QUERY over stories of copies: wire stories and reprints found on several pages.

Read-only questions an archive answers once `store/linking.py` has linked its copies: the
story of an article, its copies with their similarity and what each changed, a search with
one row per story, each site's wire share. Plain dicts and lists, as in `newsharvest.query`.
"""

from __future__ import annotations

import difflib
from typing import Any

from newsharvest.extract.signature import Similarity, similarity
from newsharvest.query import make_filters, search_page
from newsharvest.store import Archive, linking, reader, search, stories


def story_of(archive: Archive, id_or_url: int | str) -> dict[str, Any] | None:
    """The story an article belongs to: id, copy_count, first_seen, original_reason,
    is_original, and `original` (id, site_name, host, headline, date_published); None
    when no copy of the article is known (or no such article)."""
    with archive.reading() as conn:
        _, facts = _article_and_story(conn, id_or_url)
        if facts is None:
            return None
        members = {row["id"]: row for row in stories.story_members(conn, facts["id"])}
    original = members.get(facts["original_id"])
    facts["original"] = None if original is None else _short(original)
    return facts


def _article_and_story(conn: Any, id_or_url: int | str) -> tuple[int | None, dict[str, Any] | None]:
    """The article's id and its story's facts (`stories.story_facts`); None for what is unknown."""
    article_id = reader.find_article_id(conn, id_or_url)
    if article_id is None:
        return None, None
    return article_id, stories.story_facts(conn, article_id)


def _short(member: dict[str, Any]) -> dict[str, Any]:
    return {key: member[key] for key in ("id", "site_name", "host", "headline", "date_published")}


def similar_articles(archive: Archive, id_or_url: int | str) -> dict[str, Any] | None:
    """The copies of an article's story, original first, then by similarity to it.

    ``{"article": id, "story": story_of(...) or None, "copies": [...]}``; each copy has id,
    host, site_name, date_published, first_seen, headline, is_original, and `similarity`
    (estimated containment of the shorter text in the longer) and `jaccard` against the
    article asked about. None when there is no such article.
    """
    with archive.reading() as conn:
        article_id, facts = _article_and_story(conn, id_or_url)
        if article_id is None:
            return None
        if facts is None:
            return {"article": article_id, "story": None, "copies": []}
        members = stories.story_members(conn, facts["id"])
        signatures = linking.Linker(conn).signatures([row["id"] for row in members])
    mine = signatures.get(article_id)
    copies = []
    for row in members:
        other = signatures.get(row["id"])
        found = similarity(mine, other) if mine is not None and other is not None else Similarity(0.0, 0.0)
        item = {
            key: row[key] for key in ("id", "host", "site_name", "date_published", "first_seen", "headline")
        }
        item.update(
            is_original=row["id"] == facts["original_id"],
            similarity=1.0 if row["id"] == article_id else round(found.containment, 3),
            jaccard=1.0 if row["id"] == article_id else round(found.jaccard, 3),
        )
        item["_body"] = row["body"]
        copies.append(item)
    copies.sort(key=lambda c: (not c["is_original"], -c["similarity"], c["date_published"] or "", c["id"]))
    original = next((c for c in copies if c["is_original"]), None)
    for item in copies:
        if original is not None and not item["is_original"]:
            item["changes"] = copy_changes(
                original["headline"], original["_body"], item["headline"], item["_body"]
            )
        else:
            item["changes"] = None
    for item in copies:
        del item["_body"]
    facts["original"] = (
        None if original is None else {k: original[k] for k in ("id", "site_name", "host", "headline")}
    )
    return {"article": article_id, "story": facts, "copies": copies}


EDITED = 0.5
"""Two paragraphs at least this similar (difflib ratio) are one paragraph edited."""


def copy_changes(original_headline: str, original_body: str, headline: str, body: str) -> dict[str, Any]:
    """What a copy changed against the original: ``headline`` (``[old, new]`` or None),
    paragraphs ``added``, ``dropped`` and ``edited`` (``[old, new]`` pairs), and ``kept`` (count)."""
    old = [p.strip() for p in original_body.split("\n\n") if p.strip()]
    new = [p.strip() for p in body.split("\n\n") if p.strip()]
    added: list[str] = []
    dropped: list[str] = []
    edited: list[list[str]] = []
    kept = 0
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            kept += i2 - i1
            continue
        gone, came = old[i1:i2], new[j1:j2]
        for paragraph in list(came):  # pair each new paragraph with its closest old one
            scores = [(difflib.SequenceMatcher(a=o, b=paragraph, autojunk=False).ratio(), o) for o in gone]
            best = max(scores, default=(0.0, ""))
            if best[0] >= EDITED:
                edited.append([best[1], paragraph])
                gone.remove(best[1])
                came.remove(paragraph)
        dropped += gone
        added += came
    moved = [p for p in dropped if p in added]
    for paragraph in moved:  # paragraphs reordered: neither dropped nor added
        dropped.remove(paragraph)
        added.remove(paragraph)
        kept += 1
    return {
        "headline": None if original_headline == headline else [original_headline, headline],
        "kept": kept,
        "added": added,
        "dropped": dropped,
        "edited": edited,
    }


def search_stories(
    archive: Archive, text: str, *, limit: int = 20, exact_count: bool = False, **filters: str | None
) -> dict[str, Any]:
    """`search_articles` with one row per story: the best-ranked copy of each, with
    `story_id` and `copies` (1 for an article without known copies)."""
    selected = make_filters(**filters)
    with archive.reading() as conn:
        found = search.search_ids(
            conn, text, selected, limit=min(search.rank_window(conn), limit * 10), exact=exact_count
        )
        hits = found.hits
        links = stories.story_ids(conn, [article_id for article_id, _ in hits])
        chosen: list[tuple[int, float]] = []
        seen: set[int] = set()
        for article_id, score in hits:
            story = links.get(article_id, (None, None))[0]
            if story is not None:
                if story in seen:
                    continue
                seen.add(story)
            chosen.append((article_id, score))
            if len(chosen) == limit:
                break
        counts = stories.copy_counts(conn, seen)

        def story_fields(article_id: int) -> dict[str, Any]:
            story = links.get(article_id, (None, None))[0]
            return {"story_id": story, "copies": 1 if story is None else counts.get(story, 1)}

        return search_page(conn, text, chosen, found, story_fields)


def wire_share(archive: Archive) -> list[dict[str, Any]]:
    """Per site: articles, `copies` (copies of a story whose original is on another site),
    `originals` (originals of stories with copies) and `wire_share` (copies / articles)."""
    with archive.reading() as conn:
        shares = stories.wire_share(conn)
        sites = reader.archive_stats(conn, top=1, days=1)["sites"]
    return stories.with_wire_share(sites, shares)
