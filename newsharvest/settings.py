"""Scrapy settings for newsharvest. Every value that differs from Scrapy's default says why."""

from __future__ import annotations

BOT_NAME = "newsharvest"
SPIDER_MODULES = ["newsharvest.spiders"]
NEWSPIDER_MODULE = "newsharvest.spiders"

# --- politeness -------------------------------------------------------------------------
ROBOTSTXT_OBEY = True  # a polite archive crawler never fetches what a site disallows
USER_AGENT = "newsharvest/0.1 (+{contact})"  # names us; {contact} becomes NEWSHARVEST_CONTACT_URL (ContactUserAgentMiddleware)
NEWSHARVEST_CONTACT_URL = "https://github.com/newsharvest/newsharvest"  # where a webmaster reads who crawls and how to reach them; operators set their own
ROBOTSTXT_USER_AGENT = "newsharvest"  # the product token robots.txt groups are matched against (RFC 9309 §2.2.1)
CONCURRENT_REQUESTS_PER_DOMAIN = 2  # news sites are shared infrastructure; 8 per domain is rude
DOWNLOAD_DELAY = 1.0  # at least a second between requests to one site, even without Crawl-delay
NEWSHARVEST_CRAWL_DELAY_CAP = 30.0  # robots.txt Crawl-delay is honoured up to this many seconds
AUTOTHROTTLE_ENABLED = True  # back off when a site slows down; never below DOWNLOAD_DELAY or Crawl-delay (CrawlDelayAutoThrottle)
AUTOTHROTTLE_START_DELAY = 1.0  # start at DOWNLOAD_DELAY, not Scrapy's 5 s; latency raises it from there
NEWSHARVEST_RETRY_AFTER_CAP = 120.0  # Retry-After on 429/503 is waited out up to this many seconds; longer → recorded retry_later, fetched next run
COOKIES_ENABLED = False  # articles are public; cookies only invite consent walls and tracking
TELNETCONSOLE_ENABLED = False  # an unattended crawler should not open a console port

# --- fetching ---------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 60  # a news page that takes more than a minute is not coming
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024  # the largest news pages are a few MB; the default 1 GB invites bombs
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024  # worth a log line: bigger than any normal article page
RETRY_TIMES = 2  # as Scrapy; stated here because the frontier relies on it
HTTPERROR_ALLOWED_CODES: list[int] = []  # article requests opt in to 404/410 per request
NEWSHARVEST_SITEMAP_MAX_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for one (uncompressed) file
NEWSHARVEST_SITEMAP_MAX_DEPTH = 3  # index → index → urlset is the deepest real sites go
NEWSHARVEST_SITEMAP_MAX_CHILDREN = 1000  # sitemaps followed per index, newest lastmod first (~3 years of daily ones); a hostile index lists millions
NEWSHARVEST_SITEMAP_MAX_URLS = 50_000  # URLs read per sitemap: the sitemaps.org limit for one file
NEWSHARVEST_FEED_MAX_BYTES = 5 * 1024 * 1024  # the largest real (full-text) feeds are a few MB
NEWSHARVEST_FEED_MAX_ITEMS = 1000  # feeds list the latest few dozen stories; more is not a feed we need whole

# --- safety -----------------------------------------------------------------------------
NEWSHARVEST_ALLOWED_ADDRESSES: list[str] = []  # CIDRs/hosts exempt from the private-address refusal; empty = public internet only (tests allow 127.0.0.1)
TWISTED_DNS_RESOLVER = "newsharvest.middlewares.SafeResolver"  # refuses DNS answers in private ranges, on the very lookup the connection uses
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}  # http(s) only: a news crawler never reads local files or buckets

DOWNLOADER_MIDDLEWARES = {
    "newsharvest.middlewares.SafeFetchMiddleware": 40,  # first: scheme and address refused before robots.txt or any connection
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,  # replaced: Scrapy crawls a host whose robots.txt answers 5xx
    "newsharvest.middlewares.PoliteRobotsTxtMiddleware": 100,  # RFC 9309: robots.txt 5xx/unreachable = complete disallow
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,  # replaced: fills the contact into USER_AGENT
    "newsharvest.middlewares.ContactUserAgentMiddleware": 500,
    "newsharvest.middlewares.RetryAfterMiddleware": 555,  # sees 429/503 before RetryMiddleware (550) would retry in a burst
    "newsharvest.middlewares.CrawlDelayMiddleware": 560,  # reads Crawl-delay from robots.txt responses
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,  # replaced: bombs recorded
    "newsharvest.middlewares.SafeCompressionMiddleware": 590,  # decompresses within DOWNLOAD_MAXSIZE; a bomb is a too_large refusal
    "newsharvest.frontier.FrontierDownloaderMiddleware": 540,  # after retries and redirects: notes each article fetch's outcome, 304 = unchanged
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,  # replaced: decoded every whole page to read its first 4 KB
    "newsharvest.middlewares.HeadMetaRefreshMiddleware": 580,  # Scrapy's meta-refresh redirects, searched in the head bytes only
    "newsharvest.middlewares.RedirectGuardMiddleware": 610,  # sees 3xx before RedirectMiddleware (600): file:// and loops refused
}
SPIDER_MIDDLEWARES = {
    "newsharvest.middlewares.RecordFailuresMiddleware": 950,  # every failed or refused request becomes a recorded rejection
    "newsharvest.frontier.FrontierSpiderMiddleware": 960,  # closest to the spider: decides which discovered articles to fetch; its requests then get RecordFailures' errback
    "scrapy.spidermiddlewares.referer.RefererMiddleware": None,  # a sitemap or feed URL as Referer tells a site nothing; one async layer less per page (~2% of the reactor, issue 6)
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,  # a spider-debugging aid (warns about copied meta); our spiders build each request's meta
}

# --- extraction and storage -------------------------------------------------------------
ITEM_PIPELINES = {
    "newsharvest.pipelines.ExtractPipeline": 300,
    "newsharvest.pipelines.StorePipeline": 800,
}
CONCURRENT_ITEMS = 8  # a page yields one item; Scrapy's 100 starts 100 asyncio tasks per response for nothing
NEWSHARVEST_EXTRACT_WORKERS = -1  # extraction processes; -1 = one per core, 0 = inline in the reactor (debugging)
NEWSHARVEST_EXTRACTOR = "newsharvest.extract.extract_article"  # dotted path: plug in another (html, url, **kw) -> Article | Rejection
NEWSHARVEST_EXTRACT_PAGES_PER_WORKER = 8  # pages queued in a worker's socket: the reactor thread works in bursts (a batch commit releases ~80 items at once), and with 2 a worker idled 30% of a crawl waiting for its next page (issue 6)
NEWSHARVEST_EXTRACT_TIMEOUT = 60.0  # a page still extracting after this many seconds is recorded as failed
NEWSHARVEST_STORE_BATCH_SIZE = 100  # items per archive transaction: one commit per item is 50x slower
NEWSHARVEST_STORE_FLUSH_SECONDS = 0.25  # a partial batch is written at least this often; an item waiting for its commit holds its response in Scrapy's 5 MB scraper slot, so 2 s stalled downloads and added up to 2 s to the end of every crawl (issue 6)
NEWSHARVEST_STORE_RETRIES = 5  # a locked archive is retried with backoff this many times before failing items
NEWSHARVEST_DATABASE_URL = "sqlite:///newsharvest.db"  # the archive: a SQLite file in the working directory
NEWSHARVEST_LINK_THRESHOLD = 0.5  # estimated containment from which a stored article joins the story of a copy it matches (wire copies, reprints; store/linking.py, benchmarks/linking.py); 0 stores without linking
NEWSHARVEST_REVISIT_DAYS = 3.0  # stories change in their first days: those published (or whose sitemap lastmod moved) within it are refetched, conditionally; 0 = never
NEWSHARVEST_MAX_ATTEMPTS = 3  # a URL whose fetch failed (timeout, 5xx, retry_later) is tried again in later runs up to this many times
NEWSHARVEST_RESUME_LIMIT = 10_000  # unfinished URLs of earlier (killed) runs a run starts with; the rest follow next run
NEWSHARVEST_SITES_FILE = ""  # a TOML file of your own sites, added to newsharvest/sites.toml (see README "Any site")
NEWSHARVEST_CRAWL_LOCK = True  # a crawl takes the run lock beside the archive (cron, Scrapyd and `scrapy crawl` cannot overlap); `newsharvest crawl` holds it itself
LOG_FORMATTER = "newsharvest.pipelines.RejectionLogFormatter"  # a rejected page is an INFO line, not a warning

# --- measurement ------------------------------------------------------------------------
EXTENSIONS = {
    "newsharvest.scheduling.CrawlLock": 0,  # one run per spider (and site) per archive: a second overlapping run refuses to start
    "scrapy.extensions.throttle.AutoThrottle": None,  # replaced: Scrapy's would lower the delay below Crawl-delay
    "newsharvest.middlewares.CrawlDelayAutoThrottle": 0,  # AutoThrottle floored at each site's Crawl-delay
    "newsharvest.extensions.ReactorStallMonitor": 500,  # longest event-loop stall → stat newsharvest/max_reactor_stall_ms (issue 6)
    "newsharvest.extensions.GarbageCollectorTuning": 0,
    "newsharvest.extensions.SkipFilteredLogRecords": 0,  # DEBUG lines under LOG_LEVEL=INFO are not built at all (Scrapy builds, then drops them)  # freezes startup objects, raises gc threshold; time spent → newsharvest/gc_seconds
}
NEWSHARVEST_GC_THRESHOLD = 20_000  # Python's 700 made the collector 29% of the reactor thread's CPU on 5,000 pages, 120 ms per full pass (issue 6); 0 = Python's defaults
NEWSHARVEST_STALL_SAMPLE_SECONDS = 0.05  # stall sampling period; one timer per 50 ms costs nothing, 0 turns it off

# --- output -----------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"  # news text is not ASCII; \u escapes make exports unreadable
LOG_LEVEL = "INFO"  # DEBUG logs every request and item body
