"""Misbehaving extractors for the pool tests (loaded in worker processes by dotted path)."""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from newsharvest.extract import Article, Rejection, extract_article

HANG_MARK = "valcour-belle-ferry"
"""Replica pages whose URL contains this hang in extraction (the three-photos story)."""
CRASH_MARK = "chatgpt-high-school"
"""Replica pages whose URL contains this kill their worker (the contributor piece)."""


def extract_or_misbehave(html: str | bytes, url: str, **kwargs: Any) -> Article | Rejection:
    """`extract_article`, except that it hangs or dies on the pages marked above."""
    if HANG_MARK in url:
        time.sleep(3600)
    if CRASH_MARK in url:
        os.kill(os.getpid(), signal.SIGKILL)
    return extract_article(html, url, **kwargs)


def slow_extract(html: str | bytes, url: str, **kwargs: Any) -> Article | Rejection:
    """`extract_article` after a pause long enough to kill the worker from outside."""
    time.sleep(2)
    return extract_article(html, url, **kwargs)


def report_gc(html: str | bytes, url: str, **kwargs: Any) -> Article | Rejection:
    """A rejection whose detail is the worker's garbage-collector state (thresholds, frozen)."""
    import gc

    state = f"threshold={gc.get_threshold()} frozen={gc.get_freeze_count() > 0}"
    return Rejection(url, "extraction_error", state)


def report_generic(html: str | bytes, url: str, **kwargs: Any) -> Article | Rejection:
    """A rejection whose detail says whether the worker has imported the generic extractor."""
    import sys

    return Rejection(url, "extraction_error", f"generic={'newsharvest.extract.generic' in sys.modules}")
