"""What a crawl run came to, as one word and as the exit status `newsharvest crawl` returns.

Cron and systemd act on exit statuses: a run that fetched nothing (the site's DNS name
does not resolve, the connection is refused, its robots.txt cannot be fetched) must not
look like a good one. The crawl process records its outcome in the run's stats
(`run_outcome`); `newsharvest crawl` reads it back and exits with `EXIT_CODES[outcome]`.
Pure: no Scrapy, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsharvest.reasons import Reason

OK = 0
"""The run finished and fetched what it found."""
FAILED = 1
"""The crawl process ended without finishing its run (it crashed or was killed)."""
BAD_CONFIGURATION = 2
"""The crawl could not start: unknown spider or site, bad argument, setting or archive."""
PARTIAL = 3
"""The run finished, but some fetches failed (timeouts, refused connections, 5xx...)."""
NOTHING_FETCHED = 4
"""The run finished without one page fetched: the site could not be reached at all."""
DATABASE_UNAVAILABLE = 5
"""The archive's database went away mid-crawl for longer than the crawl waits for it
(``NEWSHARVEST_DATABASE_OUTAGE_SECONDS``): the crawl stopped; what it fetched and could not
store stays queued in the archive for the next run."""
LOCKED = 75
"""Another run of the same spider holds the archive's lock (EX_TEMPFAIL: try again later)."""
INTERRUPTED = 130
"""Stopped by Ctrl-C or SIGTERM (the run is recorded ``shutdown``; nothing stored is lost)."""

EXIT_CODES = {
    "ok": OK,
    "partial": PARTIAL,
    "nothing_fetched": NOTHING_FETCHED,
    "database_unavailable": DATABASE_UNAVAILABLE,
    "interrupted": INTERRUPTED,
    "failed": FAILED,
}
"""Exit status per run outcome."""

FAILED_PREFIX = "newsharvest/failed/"
LEASED = "newsharvest/leases/sites"
"""The sites a crawl leased, comma-separated (set only when site leases are on)."""
REFUSED_ROBOTS = f"newsharvest/refused/{Reason.ROBOTS_UNAVAILABLE}"


def fetched_pages(stats: Mapping[str, Any]) -> int:
    """Pages that answered 2xx or 304, robots.txt files not counted."""
    answered = sum(
        int(count)
        for key, count in stats.items()
        if key.startswith("downloader/response_status_count/")
        and (key.rsplit("/", 1)[1].startswith("2") or key.endswith("/304"))
    )
    robots = sum(
        int(count) for key, count in stats.items() if key.startswith("robotstxt/response_status_count/2")
    )
    return max(answered - robots, 0)


NOT_FAILURES = {Reason.NOT_FOUND, Reason.IGNORED}
"""Failed-request reasons that say nothing about the crawl's health: a 404 (a sitemap path
probed on a site that has none) is an answer, not a failed fetch."""


def failed_fetches(stats: Mapping[str, Any]) -> int:
    """Requests that got no usable answer (no connection, a timeout, a 5xx...), and hosts
    whose robots.txt could not be fetched."""
    failed = sum(
        int(count)
        for key, count in stats.items()
        if key.startswith(FAILED_PREFIX) and key[len(FAILED_PREFIX) :] not in NOT_FAILURES
    )
    return failed + int(stats.get(REFUSED_ROBOTS, 0))


def run_outcome(stats: Mapping[str, Any], finish_reason: str) -> str:
    """``ok``, ``partial``, ``nothing_fetched``, ``interrupted`` or ``database_unavailable``, from
    a run's crawl stats."""
    if finish_reason == "shutdown":
        return "interrupted"
    if finish_reason == "database_unavailable":  # the store pipeline gave up on the archive
        return "database_unavailable"
    if stats.get(LEASED) == "":  # every site leased by other crawlers: nothing to do here
        return "ok"
    if fetched_pages(stats) == 0:
        return "nothing_fetched"
    if failed_fetches(stats) or int(stats.get("log_count/ERROR", 0)):
        return "partial"
    return "ok"


def run_counts(stats: dict[str, Any], reason: str) -> dict[str, Any]:
    """What a crawl run row keeps of the crawl stats: pages answered, errors, the pages the
    frontier left alone (already archived), and the run's outcome (`run_outcome`)."""
    leases = {
        key.rsplit("/", 1)[1]: stats[key]
        for key in ("newsharvest/leases/host", "newsharvest/leases/holder", "newsharvest/leases/sites")
        if key in stats
    }  # which crawler of a cluster this run was, and the sites it leased
    return {
        **leases,
        # answers from the site: a robots.txt the spider read from the robots middleware's copy
        # (PoliteRobotsTxtMiddleware) reached the engine but was not fetched again
        "pages": int(stats.get("response_received_count", 0))
        - int(stats.get("newsharvest/robots_txt_reused", 0)),
        "errors": int(stats.get("log_count/ERROR", 0)),
        "fetched": fetched_pages(stats),
        "failed": failed_fetches(stats),
        "skipped": int(stats.get("newsharvest/frontier/unchanged", 0)),
        "outcome": run_outcome(stats, reason),
    }
