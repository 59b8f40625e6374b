"""How the crawl logs dropped items."""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure

from newsharvest.items import Article, Rejection
from newsharvest.pipelines import NotStored, PageRejected, SeenThisRun

logger = logging.getLogger(__name__)

Record = Article | Rejection
T = TypeVar("T")


class RejectionLogFormatter(LogFormatter):
    """Logs a rejected page as one INFO line instead of Scrapy's WARNING with the whole item,
    and a page the archive's database was not there to store as one ERROR line."""

    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        if isinstance(exception, PageRejected | SeenThisRun):
            return {"level": logging.INFO, "msg": "%(exception)s", "args": {"exception": exception}}
        if isinstance(exception, NotStored):  # one line each: the cause is logged once, by the pipeline
            return {"level": logging.ERROR, "msg": "%(exception)s", "args": {"exception": exception}}
        return super().dropped(item, exception, response, spider)
