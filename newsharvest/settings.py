"""Scrapy settings for newsharvest. Every value that differs from Scrapy's default says why.

newsharvest's own settings (``NEWSHARVEST_*``) are written once, with their reasons, in
`newsharvest.defaults`; the dotted paths below say what each component is.
"""

from __future__ import annotations

from scrapy.settings import default_settings as scrapy_defaults

from newsharvest.defaults import *  # noqa: F403  # the NEWSHARVEST_* settings

BOT_NAME = "newsharvest"
SPIDER_MODULES = ["newsharvest.spiders"]
NEWSPIDER_MODULE = "newsharvest.spiders"
COMMANDS_MODULE = "newsharvest.commands"  # `scrapy crawl` checks its arguments first (one-line errors) and exits with the run's outcome

# --- politeness -------------------------------------------------------------------------
ROBOTSTXT_OBEY = True  # a polite archive crawler never fetches what a site disallows
USER_AGENT = "newsharvest/0.1 (+{contact})"  # names us; {contact} becomes NEWSHARVEST_CONTACT_URL (ContactUserAgentMiddleware)
ROBOTSTXT_USER_AGENT = "newsharvest"  # the product token robots.txt groups are matched against (RFC 9309 §2.2.1)
CONCURRENT_REQUESTS_PER_DOMAIN = 2  # news sites are shared infrastructure; 8 per domain is rude
DOWNLOAD_DELAY = 1.0  # at least a second between requests to one site, even without Crawl-delay
AUTOTHROTTLE_ENABLED = True  # back off when a site slows down; never below DOWNLOAD_DELAY or Crawl-delay (CrawlDelayAutoThrottle)
AUTOTHROTTLE_START_DELAY = 1.0  # start at DOWNLOAD_DELAY, not Scrapy's 5 s; latency raises it from there
COOKIES_ENABLED = False  # articles are public; cookies only invite consent walls and tracking
TELNETCONSOLE_ENABLED = False  # an unattended crawler should not open a console port

# --- fetching ---------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 60  # a news page that takes more than a minute is not coming
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024  # the largest news pages are a few MB; the default 1 GB invites bombs
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024  # worth a log line: bigger than any normal article page
RETRY_TIMES = 2  # as Scrapy; stated here because the frontier relies on it
HTTPERROR_ALLOWED_CODES: list[int] = []  # article requests opt in to 404/410 per request

# --- safety -----------------------------------------------------------------------------
TWISTED_DNS_RESOLVER = "newsharvest.resolver.SafeResolver"  # refuses DNS answers in private ranges, on the very lookup the connection uses
DOWNLOAD_HANDLERS = {
    "http": "newsharvest.downloadhandlers.leases.LeaseHeldDownloadHandler",  # NEWSHARVEST_SITE_LEASES: a request leaves only while its site's lease is known held
    "https": "newsharvest.downloadhandlers.leases.LeaseHeldDownloadHandler",
    "file": None, "data": None, "ftp": None, "s3": None,  # http(s) only: a news crawler never reads local files or buckets
}

DOWNLOADER_MIDDLEWARES = {
    "newsharvest.downloadermiddlewares.leases.LostLeaseMiddleware": 30,  # NEWSHARVEST_SITE_LEASES: a site whose lease another crawler took is not fetched any more
    "newsharvest.downloadermiddlewares.safety.SafeFetchMiddleware": 40,  # first: scheme and address refused before robots.txt or any connection
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,  # replaced: Scrapy crawls a host whose robots.txt answers 5xx
    "newsharvest.downloadermiddlewares.robotstxt.PoliteRobotsTxtMiddleware": 100,  # RFC 9309: robots.txt 5xx/unreachable = complete disallow
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,  # replaced: fills the contact into USER_AGENT
    "newsharvest.downloadermiddlewares.useragent.ContactUserAgentMiddleware": 500,
    "newsharvest.downloadermiddlewares.retryafter.RetryAfterMiddleware": 555,  # sees 429/503 before RetryMiddleware (550) would retry in a burst
    "newsharvest.downloadermiddlewares.robotstxt.CrawlDelayMiddleware": 560,  # reads Crawl-delay from robots.txt responses
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,  # replaced: bombs recorded
    "newsharvest.downloadermiddlewares.safety.SafeCompressionMiddleware": 590,  # decompresses within DOWNLOAD_MAXSIZE; a bomb is a too_large refusal
    "newsharvest.downloadermiddlewares.frontier.FrontierDownloaderMiddleware": 540,  # after retries and redirects: notes each article fetch's outcome, 304 = unchanged
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,  # replaced: decoded every whole page to read its first 4 KB
    "newsharvest.downloadermiddlewares.metarefresh.HeadMetaRefreshMiddleware": 580,  # Scrapy's meta-refresh redirects, searched in the head bytes only
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,  # replaced: warned on every crawl that no Referer is sent, which is our choice
    "newsharvest.downloadermiddlewares.redirect.QuietRedirectMiddleware": 600,  # Scrapy's redirects, less that warning
    "newsharvest.downloadermiddlewares.safety.RedirectGuardMiddleware": 610,  # sees 3xx before RedirectMiddleware (600): file:// and loops refused
    "newsharvest.downloadermiddlewares.warc.WarcCaptureMiddleware": 890,  # next to the download handler: every response to WARC as received, still compressed
}
DOWNLOADER_MIDDLEWARES_BASE = {  # Scrapy's, with its cookies built only when COOKIES_ENABLED: a listed key is imported at every crawl, and the cookies' module brings tldextract, requests and filelock
    path: order for path, order in scrapy_defaults.DOWNLOADER_MIDDLEWARES_BASE.items() if path != "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"
} | {"newsharvest.downloadermiddlewares.cookies.CookiesWhenEnabled": scrapy_defaults.DOWNLOADER_MIDDLEWARES_BASE["scrapy.downloadermiddlewares.cookies.CookiesMiddleware"]}
SPIDER_MIDDLEWARES = {
    "newsharvest.spidermiddlewares.failures.RecordFailuresMiddleware": 950,  # every failed or refused request becomes a recorded rejection
    "newsharvest.spidermiddlewares.frontier.FrontierSpiderMiddleware": 960,  # closest to the spider: decides which discovered articles to fetch; its requests then get RecordFailures' errback
    "scrapy.spidermiddlewares.referer.RefererMiddleware": None,  # a sitemap or feed URL as Referer tells a site nothing; one async layer less per page
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,  # a spider-debugging aid (warns about copied meta); our spiders build each request's meta
}

# --- extraction and storage -------------------------------------------------------------
ITEM_PIPELINES = {
    "newsharvest.pipelines.ExtractPipeline": 300,
    "newsharvest.pipelines.StorePipeline": 800,
}
CONCURRENT_ITEMS = 8  # a page yields one item; Scrapy's 100 starts 100 asyncio tasks per response for nothing
LOG_FORMATTER = "newsharvest.logformatter.RejectionLogFormatter"  # a rejected page is an INFO line, not a warning

# --- extensions -------------------------------------------------------------------------
EXTENSIONS = {
    "newsharvest.extensions.crawllock.CrawlLock": 0,  # one run per spider (and site) per archive: a second overlapping run refuses to start
    "newsharvest.extensions.siteleases.SiteLeases": 1,  # NEWSHARVEST_SITE_LEASES: crawl only the sites no other crawler leases
    "scrapy.extensions.throttle.AutoThrottle": None,  # replaced: Scrapy's would lower the delay below Crawl-delay
    "newsharvest.extensions.throttle.CrawlDelayAutoThrottle": 0,  # AutoThrottle floored at each site's Crawl-delay
    "newsharvest.extensions.progress.ProgressLine": 500,  # on a terminal only: a line of counts every few seconds
    "newsharvest.extensions.reactorstall.ReactorStallMonitor": 500,  # longest event-loop stall → stat newsharvest/max_reactor_stall_ms
    "newsharvest.extensions.gc.GarbageCollectorTuning": 0,  # freezes startup objects, raises the gc threshold; time spent → newsharvest/gc_seconds
    "newsharvest.extensions.logfilter.SkipFilteredLogRecords": 0,  # DEBUG lines under LOG_LEVEL=INFO are not built at all (Scrapy builds, then drops them)
}
REMOTE_CONTROL_ENABLED = False  # as the telnet console: an unattended crawler serves no port that runs the Python code sent to it
EXTENSIONS_BASE = {  # Scrapy's, less its remote control: a key in EXTENSIONS, even set to None, is imported (with aiohttp's server) at every crawl
    path: order for path, order in scrapy_defaults.EXTENSIONS_BASE.items() if path != "scrapy.extensions.remote_control.RemoteControl"
}

# --- output -----------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"  # news text is not ASCII; \u escapes make exports unreadable
LOG_LEVEL = "INFO"  # DEBUG logs every request and item body
