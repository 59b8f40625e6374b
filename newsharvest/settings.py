"""Scrapy settings for newsharvest. Every value that differs from Scrapy's default says why."""

from __future__ import annotations

BOT_NAME = "newsharvest"
SPIDER_MODULES = ["newsharvest.spiders"]
NEWSPIDER_MODULE = "newsharvest.spiders"

# --- politeness -------------------------------------------------------------------------
ROBOTSTXT_OBEY = True  # a polite archive crawler never fetches what a site disallows
USER_AGENT = "newsharvest/0.1 (+https://github.com/newsharvest/newsharvest)"  # names us and where to read about us
CONCURRENT_REQUESTS_PER_DOMAIN = 2  # news sites are shared infrastructure; 8 per domain is rude
DOWNLOAD_DELAY = 1.0  # at least a second between requests to one site, even without Crawl-delay
NEWSHARVEST_CRAWL_DELAY_CAP = 30.0  # robots.txt Crawl-delay is honoured up to this many seconds
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

DOWNLOADER_MIDDLEWARES = {
    "newsharvest.middlewares.CrawlDelayMiddleware": 560,  # reads Crawl-delay from robots.txt responses
}

# --- extraction and storage -------------------------------------------------------------
ITEM_PIPELINES = {
    "newsharvest.pipelines.ExtractPipeline": 300,
    "newsharvest.pipelines.StorePipeline": 800,
}
NEWSHARVEST_EXTRACT_WORKERS = -1  # extraction processes; -1 = one per core, 0 = inline in the reactor (debugging)
NEWSHARVEST_EXTRACTOR = "newsharvest.extract.extract_article"  # dotted path: plug in another (html, url, **kw) -> Article | Rejection
NEWSHARVEST_EXTRACT_TIMEOUT = 60.0  # a page still extracting after this many seconds is recorded as failed
NEWSHARVEST_STORE_BATCH_SIZE = 100  # items per archive transaction: one commit per item is 50x slower
NEWSHARVEST_STORE_FLUSH_SECONDS = 2.0  # a partial batch is written at least this often
NEWSHARVEST_STORE_RETRIES = 5  # a locked archive is retried with backoff this many times before failing items
NEWSHARVEST_DATABASE_URL = "sqlite:///newsharvest.db"  # the archive: a SQLite file in the working directory
LOG_FORMATTER = "newsharvest.pipelines.RejectionLogFormatter"  # a rejected page is an INFO line, not a warning

# --- output -----------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"  # news text is not ASCII; \u escapes make exports unreadable
LOG_LEVEL = "INFO"  # DEBUG logs every request and item body
