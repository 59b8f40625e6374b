"""A Scrapy extension for the kill -9 test: archive commits that write articles go slowly.

Enabled with ``-s EXTENSIONS=...`` in a crawl subprocess, with ``CRASHPOINT_MARKER`` naming a
file: before the commit of any transaction that inserted into `articles`, the file is
created, the writer sleeps ``CRASHPOINT_SLEEP`` seconds, then the file is removed. A test
that kills the crawl while the file exists kills it inside a database write.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine


class SlowArticleCommits:
    """Marks and slows down every commit of a transaction that inserted articles."""

    def __init__(self, marker: Path, sleep: float) -> None:
        self.marker = marker
        self.sleep = sleep
        event.listen(Engine, "before_cursor_execute", self.before_execute)
        event.listen(Engine, "commit", self.before_commit)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SlowArticleCommits:
        settings = crawler.settings
        return cls(Path(settings.get("CRASHPOINT_MARKER")), settings.getfloat("CRASHPOINT_SLEEP", 1.0))

    def before_execute(self, conn: Connection, cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO ARTICLES"):
            conn.info["wrote_articles"] = True

    def before_commit(self, conn: Connection) -> None:
        if conn.info.pop("wrote_articles", False):
            self.marker.write_text(str(time.time()))
            time.sleep(self.sleep)
            self.marker.unlink(missing_ok=True)
