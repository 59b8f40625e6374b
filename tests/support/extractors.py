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
