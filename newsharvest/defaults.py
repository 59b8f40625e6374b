"""newsharvest's own settings (``NEWSHARVEST_*``), each at its default, each with its reason.

The one place these values are written. `newsharvest.settings` (the Scrapy project's
settings) takes them from here, and the `newsharvest.addon.Defaults` add-on applies them to
a crawler built without the project's settings (tools, tests). Code reads them from the
crawler's settings with no fallback of its own.
"""

from __future__ import annotations

from typing import Any

# --- politeness -------------------------------------------------------------------------
NEWSHARVEST_CONTACT_URL = "https://github.com/newsharvest/newsharvest"
"""Where a webmaster reads who crawls and how to reach them (``{contact}`` in USER_AGENT);
operators set their own."""
NEWSHARVEST_CRAWL_DELAY_CAP = 30.0
"""robots.txt Crawl-delay is honoured up to this many seconds (tests and the demo shorten it)."""
NEWSHARVEST_RETRY_AFTER_CAP = 120.0
"""Retry-After on 429/503 is waited out up to this many seconds; a longer one is recorded as
``retry_later`` and fetched next run."""

# --- discovery --------------------------------------------------------------------------
NEWSHARVEST_SITEMAP_MAX_BYTES = 50 * 1024 * 1024
"""The sitemaps.org limit for one (uncompressed) sitemap; a larger one is refused."""
NEWSHARVEST_SITEMAP_MAX_DEPTH = 3
"""index → index → urlset is the deepest real sites go; deeper indexes are not followed."""
NEWSHARVEST_SITEMAP_MAX_CHILDREN = 1000
"""Sitemaps followed per index, newest lastmod first (about three years of daily ones); a
hostile index lists millions."""
NEWSHARVEST_SITEMAP_MAX_URLS = 50_000
"""URLs read per sitemap: the sitemaps.org limit for one file."""
NEWSHARVEST_FEED_MAX_BYTES = 5 * 1024 * 1024
"""The largest real (full-text) feeds are a few MB."""
NEWSHARVEST_FEED_MAX_ITEMS = 1000
"""Feeds list the latest few dozen stories; more is not a feed we need whole."""
NEWSHARVEST_SITES_FILE = ""
"""A TOML file of your own sites, added to newsharvest/sites.toml (README "Any site")."""

# --- safety -----------------------------------------------------------------------------
NEWSHARVEST_ALLOWED_ADDRESSES: list[str] = []
"""CIDRs or hosts exempt from the private-address refusal; empty = the public internet only
(tests and the demo allow 127.0.0.1)."""

# --- extraction -------------------------------------------------------------------------
NEWSHARVEST_EXTRACT_WORKERS = -1
"""Extraction processes: -1 one per core, 0 inline in the crawl process (debugging; same records)."""
NEWSHARVEST_EXTRACTOR = "newsharvest.extract.extract_article"
"""Dotted path of the extraction function, ``(html, url, **kw) -> Article | Rejection``."""
NEWSHARVEST_EXTRACT_PAGES_PER_WORKER = 8
"""Pages queued in each worker's socket: the reactor thread hands pages over in bursts (a
batch commit releases a batch of items at once), and a short queue leaves workers idle
between bursts (README "Throughput")."""
NEWSHARVEST_EXTRACT_TIMEOUT = 60.0
"""A page still extracting after this many seconds is recorded as ``extraction_error`` and
its worker replaced."""

# --- storage ----------------------------------------------------------------------------
NEWSHARVEST_DATABASE_URL = "sqlite:///newsharvest.db"
"""The archive: a SQLite file in the working directory, or any SQLAlchemy URL."""
NEWSHARVEST_STORE_BATCH_SIZE = 100
"""Items per archive transaction: one commit per item is many times slower."""
NEWSHARVEST_STORE_FLUSH_SECONDS = 0.25
"""A partial batch is written at least this often: an item waiting for its commit holds its
response in Scrapy's scraper slot, so a long wait stalls downloads and the end of a crawl."""
NEWSHARVEST_STORE_RETRIES = 5
"""A locked archive is retried with backoff this many times before the items fail."""
NEWSHARVEST_DATABASE_OUTAGE_SECONDS = 300.0
"""How long a crawl waits for a PostgreSQL archive that went away (a lost or refused
connection, a restarting server): its writes, and so its fetches, pause meanwhile. Past it
the crawl stops with the outcome ``database_unavailable``; the addresses it fetched but could
not store stay queued in the archive for the next run."""
NEWSHARVEST_LINK_THRESHOLD = 0.5
"""Estimated containment from which a stored article joins the story of a copy it matches
(wire copies, reprints: store/linking.py; measured by benchmarks/linking.py). 0 stores
without linking."""

# --- capture (WARC) --------------------------------------------------------------------
NEWSHARVEST_WARC_ENABLED = True
"""Every fetched response is written, as received, to WARC files (README "Keeping every page
as fetched"), so extraction can be run again over the archive without crawling again."""
NEWSHARVEST_WARC_DIR = ""
"""Where the WARC files go; empty = a ``warc/`` folder beside the SQLite archive (``./warc``
for a server database)."""
NEWSHARVEST_WARC_MAX_BYTES = 1024**3
"""A WARC file is closed and the next one started past this size (1 GB, the usual size of a
crawler's WARC files)."""
NEWSHARVEST_WARC_GZIP_LEVEL = 1
"""gzip level of each record: the cheapest level leaves the most CPU to extraction, for files
a little larger (README "Keeping every page as fetched"); 9 for the smallest files."""

# --- the frontier -----------------------------------------------------------------------
NEWSHARVEST_REVISIT_DAYS = 3.0
"""Stories change in their first days: those published (or whose sitemap lastmod moved)
within this many days are fetched again, conditionally; 0 never revisits."""
NEWSHARVEST_MAX_ATTEMPTS = 3
"""A URL whose fetch failed (timeout, 5xx, ``retry_later``…) is tried again in later runs up
to this many times."""
NEWSHARVEST_RESUME_LIMIT = 10_000
"""Unfinished URLs of earlier (killed) runs a run starts with; the rest follow next run."""
NEWSHARVEST_CRAWL_LOCK = True
"""A crawl takes the run lock beside the archive (cron, Scrapyd and ``scrapy crawl`` cannot
overlap); ``newsharvest crawl`` holds it itself and turns this off for its child."""
NEWSHARVEST_SITE_LEASES = False
"""Crawlers sharing one archive split its sites: each site is leased by one crawler at a
time (`extensions/siteleases.py`); the leases replace the run lock of the sites leased."""
NEWSHARVEST_SITE_LEASE_SECONDS = 300.0
"""How long a site lease lasts unrenewed: a crawler renews its leases every third of this,
and a killed crawler's sites are taken over by another this long after its last renewal."""
NEWSHARVEST_SITE_LEASE_LIMIT = 0
"""At most this many sites leased by one crawler at a time (0: every free site it is given)."""
NEWSHARVEST_SITE_LEASE_MORE = True
"""A crawler whose sites are done leases more before it closes: sites of its list that are
free and nobody crawled since it started (up to the limit again), or whose crawler's lease
expired; so crawlers with a limit share the sites as each finishes, not in fixed parts."""
NEWSHARVEST_SITE_LEASE_IDLE_SECONDS = 30.0
"""A crawler with nothing left to take (`NEWSHARVEST_SITE_LEASE_MORE`) stays up while a site of
its list that another crawler holds has work left (due addresses, queued or fetched and not
stored, or a holder that has not gone through the site yet), checking each second, and takes
the site over if that crawler's lease expires; with no work left on any of them it closes once
it has been idle this long. 30 s gives a crawler started at
the same time room to read its sites' robots.txt and sitemaps (a few requests at a site's
Crawl-delay) before their addresses are queued; a run of crawlers ends at most this long
after its last due address. 0: close as soon as no work is left."""

# --- the crawl process ------------------------------------------------------------------
NEWSHARVEST_GC_THRESHOLD = 20_000
"""Python's garbage collector during a crawl: startup objects frozen, the first threshold
raised to this (Python's 700 makes the collector a large share of the reactor thread's CPU
on a big crawl, README "Throughput"); 0 leaves Python's defaults."""
NEWSHARVEST_PROGRESS_SECONDS = 3.0
"""The progress line's period when stderr is a terminal (Scrapy logs its counts once a
minute); 0 prints none."""
NEWSHARVEST_STALL_SAMPLE_SECONDS = 0.05
"""Event-loop stall sampling period (one timer per 50 ms costs nothing); 0 turns it off."""

DEFAULTS: dict[str, Any] = {
    name: value for name, value in globals().items() if name.startswith("NEWSHARVEST_")
}
"""Every setting above by name."""

__all__ = sorted(DEFAULTS)
"""What ``from newsharvest.defaults import *`` (the project's settings) takes."""
