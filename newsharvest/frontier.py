"""The crawl frontier inside a Scrapy crawl: which discovered articles to fetch, and how it went.

Spiders only discover and fetch; this adapter between Scrapy and the archive's `urls` table
(`store/urltable.py`) decides. Two thin components use it: the spider middleware
(`spidermiddlewares.frontier.FrontierSpiderMiddleware`) looks up every article request a
spider yields (``meta["frontier"]``): a new address is queued in the archive before it is fetched; an
unfinished one (queued, fetched but never stored, failed or rejected for a passing reason
with attempts left) is fetched; a finished one only within the revisit window
(``NEWSHARVEST_REVISIT_DAYS``) — when its sitemap lastmod moved past our last fetch, or it
was published recently — and then conditionally (If-None-Match / If-Modified-Since from
the stored ETag / Last-Modified). Everything else is skipped, so a run over an unchanged
site fetches only robots.txt, sitemaps and feeds. A crawl starts with the unfinished
addresses of earlier runs, so a killed crawl resumes where it was.

The downloader middleware (`downloadermiddlewares.frontier.FrontierDownloaderMiddleware`)
notes every fetch of those requests in the archive (the validators of an answer, the error
of a failure) and records a 304 as unchanged. The archive writes run in one thread of
their own, never on the reactor.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import partial
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from newsharvest.reasons import RETRYABLE
from newsharvest.store import Archive
from newsharvest.store.errors import DatabaseUnavailable
from newsharvest.store.identity import identity_url
from newsharvest.store.retry import while_locked

logger = logging.getLogger(__name__)

T = TypeVar("T")

CHUNK = 500
"""Discovered requests looked up (and queued) per archive transaction."""


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether to fetch a discovered address, why (a stats key), and the validators to send."""

    why: str
    fetch: bool
    validators: dict[str, str] = field(default_factory=dict)


def _moment(value: str | None) -> datetime | None:
    """An ISO 8601 or HTTP date as an aware UTC datetime; None when absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def plan(
    fact: dict[str, Any] | None,
    lastmod: str | None,
    *,
    now: datetime,
    revisit: timedelta,
    max_attempts: int,
) -> Decision:
    """What to do with a discovered address, given what the frontier knows of it (`fact`)."""
    if fact is None:
        return Decision("new", True)
    state = fact["state"]
    if state in ("queued", "fetched"):
        return Decision("unfinished", True)
    if state == "failed" or (state == "rejected" and fact.get("reason") in RETRYABLE):
        if int(fact.get("attempts") or 0) < max_attempts:
            return Decision("retry", True)
        return Decision("gave_up", False)
    if revisit > timedelta(0):
        since = now - revisit
        sent = (("If-None-Match", fact.get("etag")), ("If-Modified-Since", fact.get("last_modified")))
        validators = {name: value for name, value in sent if value}
        changed, fetched = _moment(lastmod), _moment(fact.get("fetched_at"))
        # A lastmod in the very second of our fetch may be after it (both have one-second
        # resolution): fetched again, conditionally, rather than missed.
        if changed is not None and changed >= since and (fetched is None or changed >= fetched):
            return Decision("lastmod_moved", True, validators)
        published = _moment(fact.get("published_utc"))
        if published is not None and published >= since:
            return Decision("recent", True, validators)
    return Decision("unchanged", False)


class FrontierState:
    """One crawl's link to the frontier, shared by the spider and downloader middlewares."""

    _of: ClassVar[weakref.WeakKeyDictionary[Crawler, FrontierState]] = weakref.WeakKeyDictionary()

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.database_url = settings.get("NEWSHARVEST_DATABASE_URL")
        self.revisit = timedelta(days=settings.getfloat("NEWSHARVEST_REVISIT_DAYS"))
        self.max_attempts = settings.getint("NEWSHARVEST_MAX_ATTEMPTS")
        self.resume_limit = settings.getint("NEWSHARVEST_RESUME_LIMIT")
        self.retries = settings.getint("NEWSHARVEST_STORE_RETRIES")
        self.outage = settings.getfloat("NEWSHARVEST_DATABASE_OUTAGE_SECONDS")
        self._archive: Archive | None = None
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsharvest-frontier")
        self._lock = threading.Lock()
        self._pending: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self._flush_queued = False
        self.requested: set[str] = set()
        """Identity URLs requested this run (a story is in several sitemaps and feeds)."""
        self.passed: set[str] = set()
        """Identity URLs found not worth fetching this run (looked at again only with a lastmod)."""
        crawler.signals.connect(self.item_done, signal=signals.item_scraped)
        crawler.signals.connect(self.item_done, signal=signals.item_dropped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def of(cls, crawler: Crawler) -> FrontierState:
        if crawler not in cls._of:
            cls._of[crawler] = cls(crawler)
        return cls._of[crawler]

    @property
    def archive(self) -> Archive:
        if self._archive is None:
            self._archive = Archive.open(self.database_url)
        return self._archive

    def run_id(self) -> int | None:
        """The crawl run the store pipeline opened (it publishes it as a stat)."""
        stats = self.crawler.stats
        value = stats.get_value("newsharvest/run_id") if stats else None
        return int(value) if value is not None else None

    def stat(self, key: str, count: int = 1) -> None:
        if self.crawler.stats:
            self.crawler.stats.inc_value(f"newsharvest/frontier/{key}", count)

    async def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`function` in the frontier's writer thread (the reactor never waits on SQLite)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writer, partial(function, *args, **kwargs))

    async def update(self, method: str, *args: Any, **kwargs: Any) -> None:
        """`Archive.<method>(...)` in the writer thread, retried while the archive is locked."""
        await self.call(self.retrying, partial(self._on_archive, method, *args, **kwargs))

    def later(self, method: str, *args: Any, **kwargs: Any) -> None:
        """`update`, not waited for: such notes are written together, one transaction for all
        that wait, before the crawl closes. Losing them to a crash costs only a refetch."""
        with self._lock:
            self._pending.append((method, args, kwargs))
            if self._flush_queued:
                return
            self._flush_queued = True
        self._writer.submit(self._logged, self._write_pending)

    def _write_pending(self) -> None:
        with self._lock:
            batch, self._pending, self._flush_queued = self._pending, [], False

        def write_all() -> None:
            with self.archive.atomic():
                for run in _runs_of_fetches(batch):
                    if isinstance(run, list):
                        self.archive.note_fetches(run)
                    else:
                        self._on_archive(run[0], *run[1], **run[2])  # joins it (a savepoint)

        try:
            self.retrying(write_all)
        except DatabaseUnavailable as error:  # one by one would fail the same way
            logger.error("%d frontier notes not written: %s", len(batch), error)
        except Exception:
            logger.warning("Frontier batch of %d notes failed; writing them one by one", len(batch))
            for method, args, kwargs in batch:
                self._logged(partial(self.retrying, partial(self._on_archive, method, *args, **kwargs)))

    def _on_archive(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.archive, method)(*args, **kwargs)

    def retrying(self, write: Callable[[], T]) -> T:
        """`write()`, retried while another writer holds the archive (NEWSHARVEST_STORE_RETRIES)."""
        return while_locked(write, self.retries, who="frontier", outage=self.outage)

    @staticmethod
    def _logged(call: Callable[[], Any]) -> None:
        try:
            call()
        except DatabaseUnavailable as error:
            logger.error("Frontier update not written: %s", error)
        except Exception:
            logger.exception("Frontier update failed")

    # --- deciding ---------------------------------------------------------------------
    def select(self, requests: list[Request]) -> list[Request]:
        """The requests worth fetching, with validators; new addresses queued first."""
        now = datetime.now(UTC)
        fresh: list[Request] = []
        keys: set[str] = set()
        for request in requests:
            key = identity_url(request.url)
            again = key in self.passed and not request.meta.get("lastmod")  # nothing new to go on
            if key in self.requested or key in keys or again:
                continue
            keys.add(key)
            fresh.append(request)
        if not fresh:
            return []
        facts = self.retrying(lambda: self.archive.frontier_facts(r.url for r in fresh))
        chosen: list[tuple[Request, str]] = []
        new: list[str] = []
        for request in fresh:
            key = identity_url(request.url)
            fact = facts.get(key)
            lastmod = request.meta.get("lastmod")
            decision = plan(fact, lastmod, now=now, revisit=self.revisit, max_attempts=self.max_attempts)
            if fact is None:
                new.append(request.url)
            if not decision.fetch:
                self.stat(decision.why)
                self.passed.add(key)
                continue
            if decision.validators:
                request.headers.update(decision.validators)
                statuses = list(request.meta.get("handle_httpstatus_list", []))
                request.meta["handle_httpstatus_list"] = [*statuses, 304]
            chosen.append((request, decision.why))
        won = self.retrying(lambda: self.archive.queue_new_urls(new)) if new else set()
        kept: list[Request] = []
        for request, why in chosen:
            key = identity_url(request.url)
            if key not in facts and key not in won:  # another crawler queued it first: its fetch
                self.stat("queued_elsewhere")
                self.passed.add(key)
                continue
            self.stat(why)
            self.requested.add(key)
            kept.append(request)
        return kept

    def unfinished(self, spider: Spider, only: list[str] | None = None) -> list[str]:
        """Addresses of `spider`'s sites (those named in `only`) left unfinished by earlier runs."""
        sites = getattr(spider, "sites", None)
        if sites is not None:
            netlocs = {
                urlsplit(site.base_url).netloc for name, site in sites.items() if only is None or name in only
            }
        else:
            netlocs = {urlsplit(getattr(spider, "base_url", "")).netloc}
        urls = self.retrying(
            lambda: self.archive.unfinished_urls(
                max_attempts=self.max_attempts, retry_reasons=RETRYABLE, limit=self.resume_limit
            )
        )
        return [url for url in urls if urlsplit(url).netloc in netlocs]

    # --- outcomes ---------------------------------------------------------------------
    def item_done(self, item: Any, response: Response | Failure | None = None, **_: Any) -> None:
        """A stored (or rejected) item: an address that redirected ends as its target did."""
        if not isinstance(response, Response) or not response.meta.get("frontier"):
            return
        first = (response.meta.get("redirect_urls") or [response.url])[0]
        if identity_url(first) != identity_url(response.url):
            self.later("settle_redirect", first, response.url)

    def item_error(self, item: Any, response: Response | Failure | None, failure: Failure, **_: Any) -> None:
        """An item the pipelines failed on (not stored): its address is failed, tried again later."""
        if not isinstance(response, Response) or not response.meta.get("frontier"):
            return
        first = (response.meta.get("redirect_urls") or [response.url])[0]
        error = f"{type(failure.value).__name__}: {failure.value}"[:500]
        self.later("note_fetch", first, error=f"not stored: {error}")

    def spider_closed(self, spider: Spider) -> None:
        self._writer.shutdown(wait=True)
        if self._archive is not None:
            self._archive.close()


Note = tuple[str, tuple[Any, ...], dict[str, Any]]
"""A frontier note waiting to be written: an `Archive` method, its args and keyword args."""


def _runs_of_fetches(notes: list[Note]) -> Iterator[list[tuple[str, str | None, str | None]] | Note]:
    """`notes` in order, each run of successful fetches (``note_fetch`` without an error)
    gathered as (url, etag, last_modified) so it is written with one statement per step."""
    run: list[tuple[str, str | None, str | None]] = []
    for note in notes:
        method, args, kwargs = note
        if method == "note_fetch" and len(args) == 1 and set(kwargs) <= {"etag", "last_modified"}:
            run.append((args[0], kwargs.get("etag"), kwargs.get("last_modified")))
            continue
        if run:
            yield run
            run = []
        yield note
    if run:
        yield run
