"""Extractors that differ from `extract_article` in one known way (NEWSHARVEST_EXTRACTOR),
for tests of re-extraction."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsharvest.extract import Article, Rejection, extract_article
from newsharvest.reasons import Reason


def world_section_renamed(html: str | bytes, url: str, **kwargs: Any) -> Article | Rejection:
    """`extract_article`, with the section "World News" called "World"."""
    record = extract_article(html, url, **kwargs)
    if isinstance(record, Article) and record.section == "World News":
        return replace(record, section="World")
    return record


def videos_kept(html: str | bytes, url: str, **kwargs: Any) -> Article | Rejection:
    """`extract_article`, except that a page rejected as not an article becomes one."""
    record = extract_article(html, url, **kwargs)
    if isinstance(record, Rejection) and record.reason == Reason.NOT_ARTICLE:
        return Article(url=url, canonical_url=url, headline="Kept video page", body="A video.", word_count=2)
    return record


def everything_marked(html: str | bytes, url: str, **kwargs: Any) -> Article | Rejection:
    """`extract_article`, with " (again)" added to every article's section and every page
    rejected as not an article kept as one: each page it sees changes, so the revisions and
    new articles of a run name exactly the pages that run re-extracted."""
    record = videos_kept(html, url, **kwargs)
    if isinstance(record, Article) and record.headline != "Kept video page":
        return replace(record, section=f"{record.section} (again)")
    return record
