"""``scrapy crawl`` for newsharvest: a mistake is one line, and the exit status says how it went.

Scrapy's own command starts the crawl whatever its arguments and reports a wrong one as a
traceback in the log, exiting 0 or 1. This one (a subclass, through ``COMMANDS_MODULE``)
first checks what can be checked without fetching anything — the spider's name, its ``-a``
arguments and the sites file, the archive — and prints the problem as one line with exit
status 2. After the crawl it exits with the run's outcome (`newsharvest.outcomes`): 0 ok,
3 partial, 4 nothing fetched, 130 interrupted; 75 when another run holds the lock. Run as
``scrapy`` itself, it exits as soon as the crawl is done and everything it wrote is out
(`exit_now`).
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import os
import sys
import threading
from typing import Any, NoReturn

# Scrapy's HTTP/1.1 download handler, imported here rather than by the downloader deep in the
# crawl's start: its modules build deprecated aliases, each inspecting the whole call stack
# (every frame's source file against every module loaded), which costs least this early.
import scrapy.core.downloader.handlers.http11  # noqa: F401
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from newsharvest import outcomes
from newsharvest.scheduling import CrawlLocked
from newsharvest.store import ArchiveError


class CrawlProblem(Exception):
    """A crawl that cannot start: the message is the one line the user sees."""


def check_crawl(spider: str, spider_args: dict[str, str], settings: BaseSettings) -> None:
    """Raise `CrawlProblem` when `spider` with `spider_args` and `settings` could not start:
    an unknown spider, a wrong ``-a`` argument or sites file, an archive that cannot be opened.
    Opening the archive creates or upgrades it, as the crawl would."""
    loader = get_spider_loader(settings)
    try:
        spidercls = loader.load(spider)
    except KeyError:
        known = ", ".join(sorted(loader.list()))
        raise CrawlProblem(f"no spider {spider!r} (known: {known})") from None
    check = getattr(spidercls, "check_arguments", None)
    if check is not None:
        try:
            check(settings.get("NEWSHARVEST_SITES_FILE"), **spider_args)
        except (ValueError, TypeError) as exc:
            raise CrawlProblem(str(exc)) from None
    check_archive(str(settings.get("NEWSHARVEST_DATABASE_URL")))


def check_archive(db: str) -> None:
    """Raise `CrawlProblem` when the archive `db` cannot be opened for writing."""
    from sqlalchemy.exc import ArgumentError

    from newsharvest.store import Archive

    try:
        Archive.open(db).close()
    except ArchiveError as exc:
        raise CrawlProblem(str(exc)) from None
    except (ImportError, ArgumentError) as exc:  # a URL whose database driver is not installed
        raise CrawlProblem(f"cannot open the archive {db}: {exc}") from None


class Command(ScrapyCrawlCommand):
    """``scrapy crawl SPIDER``: checked before it starts, its outcome as the exit status."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's options, then the checks: they run before the crawler process exists, so
        a mistake prints its one line without Scrapy's start-up banner."""
        super().process_options(args, opts)
        if len(args) != 1 or self.settings is None:
            return  # `run` raises Scrapy's usage error
        try:
            check_crawl(args[0], dict(opts.spargs), self.settings)
        except CrawlProblem as exc:
            print(f"scrapy crawl {args[0]}: {exc}", file=sys.stderr)
            sys.exit(outcomes.BAD_CONFIGURATION)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's usage errors
            return
        assert self.crawler_process is not None
        spider = args[0]
        crawler = self._create_crawler(spider)
        started = self.crawler_process.crawl(crawler, **opts.spargs)
        startup: list[BaseException] = []
        _on_error(started, startup.append)
        self.crawler_process.start()
        if startup:
            error = startup[0]
            if isinstance(error, CrawlLocked):
                self._fail(spider, f"not started, {error}", outcomes.LOCKED)
            else:
                self._fail(spider, f"{type(error).__name__}: {error}", outcomes.FAILED)
            return
        self.exitcode = crawl_exit_code(crawler)
        if scrapy_is_the_program() and not getattr(opts, "profile", None):  # --profile writes after this
            exit_now(self.exitcode)

    def _fail(self, spider: str, message: str, code: int) -> None:
        print(f"scrapy crawl {spider}: {message}", file=sys.stderr)
        self.exitcode = code


def crawl_exit_code(crawler: Crawler) -> int:
    """The exit status of a finished crawl, from its stats (`newsharvest.outcomes`)."""
    stats = crawler.stats.get_stats() if crawler.stats else {}
    reason = stats.get("finish_reason")
    if reason is None:
        return outcomes.FAILED
    return outcomes.EXIT_CODES[outcomes.run_outcome(stats, str(reason))]


def scrapy_is_the_program() -> bool:
    """Whether this process is ``scrapy`` itself (its console script or ``python -m scrapy``),
    with nothing of its own to run after the command: not a program that embeds Scrapy's command
    line (Scrapyd's runner removes its temporary egg when the crawl returns)."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None:
        return spec.name in ("scrapy", "scrapy.__main__")
    return os.path.basename(sys.argv[0]) == "scrapy"


def exit_now(code: int) -> NoReturn:
    """End the process with status `code`, as the interpreter would but without its teardown.

    What an exit does for the program's outcome is done first — the threads still running are
    joined (an executor's queued work is finished), the ``atexit`` functions run (logging's
    flush, multiprocessing's children, temporary folders), standard output and error are
    flushed — then the process ends without freeing every object of a crawl one by one and
    unloading its modules (about half a second of CPU after a crawl, for nothing).
    """
    shutdown = getattr(threading, "_shutdown", None)  # what a normal exit runs first
    if shutdown is not None:
        shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # closed, or a broken pipe
            stream.flush()
    os._exit(code)


def _on_error(started: Any, report: Any) -> None:
    """Call `report(exception)` if the crawl fails to start, instead of a logged traceback."""
    if isinstance(started, Deferred):

        def errback(failure: Failure) -> None:
            report(failure.value)

        started.addErrback(errback)
    elif isinstance(started, asyncio.Future):

        def done(task: asyncio.Future[Any]) -> None:
            if not task.cancelled() and task.exception() is not None:
                report(task.exception())

        started.add_done_callback(done)
