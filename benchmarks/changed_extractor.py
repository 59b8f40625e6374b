"""An extractor whose every article differs from the stored one: `reextract.py --changed`.

`extract_article` with the section changed, so that re-extracting an archive makes a new
revision of every article (the store's path for changed records, which an unchanged
re-extraction never takes). Imported by the extraction workers from this folder.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from newsharvest.extract import Article, Rejection
from newsharvest.extract import extract_article as extract


def extract_article(body: bytes, url: str, **options: Any) -> Article | Rejection:
    record = extract(body, url, **options)
    if isinstance(record, Article):
        return dataclasses.replace(record, section=f"{record.section or ''} (re-extracted)")
    return record
