"""A crawl process's start-up imports what the crawl uses: not the extraction rules (its
workers extract), not the modules of a Scrapy component it never builds."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest
from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.settings import default_settings
from scrapy.utils.test import get_crawler

from newsharvest import settings
from newsharvest.downloadermiddlewares.cookies import CookiesWhenEnabled
from newsharvest.extract.signature import sign
from newsharvest.items import Article, Rejection
from newsharvest.pipelines import ExtractPipeline
from newsharvest.reasons import Reason
from newsharvest.workers import DEFAULT_EXTRACTOR
from tests.conftest import REPO_ROOT

CRAWL_PROCESS = """
import pickle, sys
from scrapy.settings import Settings
from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
from scrapy.core.spidermw import SpiderMiddlewareManager
from scrapy.extension import ExtensionManager
from scrapy.pipelines import ItemPipelineManager
from scrapy.utils.misc import load_object
import newsharvest.commands.crawl, newsharvest.spiders.news
from newsharvest.pipelines import ExtractPipeline
settings = Settings()
settings.setmodule("newsharvest.settings", priority="project")
listed = []
for manager in (DownloaderMiddlewareManager, SpiderMiddlewareManager, ExtensionManager, ItemPipelineManager):
    for path in manager._get_mwlist_from_settings(settings):
        load_object(path)
        listed.append(path)
ExtractPipeline(
    workers=1, timeout=60, extractor="newsharvest.extract.extract_article", per_worker=2, gc_threshold=0
)
records = pickle.loads(sys.stdin.buffer.read())
print(",".join(listed))
print(",".join(sorted(type(r).__name__ for r in records)))
unwanted = ("newsharvest.extract.article", "newsharvest.extract.generic", "tldextract", "requests")
print(",".join(m for m in unwanted if m in sys.modules))
"""


ARTICLE = Article(
    url="https://news.test/a",
    canonical_url="https://news.test/a",
    headline="A headline",
    body="One paragraph of the story's body, long enough to be signed.",
)


def test_the_crawl_process_imports_neither_the_extraction_rules_nor_scrapys_cookies() -> None:
    """Every component of a crawl loaded as Scrapy lists them, the extraction pipeline built
    with a worker, and the records a worker sends back unpickled: the extraction rules stay
    in the workers, and Scrapy's cookie middleware (cookies are off) is neither listed nor
    imported, nor its tldextract and requests (its stand-in, `CookiesWhenEnabled`, is listed)."""
    rejection = Rejection(url="https://news.test/b", reason=Reason.NOT_ARTICLE, detail="page type is Video")
    records = pickle.dumps([ARTICLE, sign(ARTICLE), rejection])
    command = [sys.executable, "-c", CRAWL_PROCESS]
    result = subprocess.run(command, cwd=REPO_ROOT, input=records, capture_output=True, check=True)
    listed, unpickled, imported = result.stdout.decode().splitlines()
    components = listed.split(",")
    assert "newsharvest.pipelines.ExtractPipeline" in components
    assert "scrapy.downloadermiddlewares.retry.RetryMiddleware" in components  # Scrapy's others are kept
    assert not any(path.startswith("scrapy.downloadermiddlewares.cookies") for path in components)
    assert unpickled == "Article,Rejection,Signed"
    assert imported == ""


def test_scrapys_cookie_middleware_is_built_exactly_when_cookies_are_on() -> None:
    stand_in = "newsharvest.downloadermiddlewares.cookies.CookiesWhenEnabled"
    scrapys = "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"
    assert (
        settings.DOWNLOADER_MIDDLEWARES_BASE[stand_in]
        == default_settings.DOWNLOADER_MIDDLEWARES_BASE[scrapys]
    )
    assert scrapys not in settings.DOWNLOADER_MIDDLEWARES_BASE
    with pytest.raises(NotConfigured):
        CookiesWhenEnabled.from_crawler(get_crawler(settings_dict={"COOKIES_ENABLED": False}))
    built = CookiesWhenEnabled.from_crawler(get_crawler(settings_dict={"COOKIES_ENABLED": True}))
    assert type(built) is CookiesMiddleware


def test_extract_article_is_imported_when_first_asked_for() -> None:
    code = (
        "import sys, newsharvest.extract as extract;"
        "print('newsharvest.extract.article' in sys.modules);"
        "from newsharvest.extract import extract_article;"
        "from newsharvest.extract.article import extract_article as implementation;"
        "print(extract_article is implementation is extract.extract_article)"
    )
    command = [sys.executable, "-c", code]
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]


def test_the_package_has_no_other_lazy_name() -> None:
    import newsharvest.extract

    with pytest.raises(AttributeError, match="no attribute 'extract_articles'"):
        newsharvest.extract.extract_articles  # noqa: B018


def test_a_wrong_extractor_still_fails_at_start_with_workers() -> None:
    with pytest.raises(ModuleNotFoundError):
        ExtractPipeline(1, timeout=60, extractor="newsharvest.nowhere.extract", per_worker=2, gc_threshold=0)
    with pytest.raises(AttributeError):
        ExtractPipeline(1, timeout=60, extractor="newsharvest.extract.nothing", per_worker=2, gc_threshold=0)
    assert DEFAULT_EXTRACTOR == settings.NEWSHARVEST_EXTRACTOR == "newsharvest.extract.extract_article"


POOL_OF = """
import asyncio, sys
from newsharvest.workers import ExtractionPool, ExtractionTask
PARAGRAPH = b"<p>" + b" ".join([b"A sentence of the story, long enough."] * 12) + b"</p>"
PAGE = b"<html><body><article>" + PARAGRAPH * 3 + b"</article></body></html>"
async def main(size):
    pool = ExtractionPool(size, timeout=30)
    try:
        url, story_url = "https://news.test/a", "https://news.test/2024/05/01/a-story-of-the-day"
        report = ExtractionTask(body=b"", url=url, extractor="tests.support.chaos.report_generic")
        before = await pool.extract(report)
        story = await pool.extract(ExtractionTask(body=PAGE, url=story_url))
        after = await pool.extract(report)
        return [before.detail, type(story).__name__, after.detail]
    finally:
        pool.close()
print(" ".join(asyncio.run(main(int(sys.argv[1])))))
"""


@pytest.mark.parametrize(("size", "preloaded"), [(1, False), (2, True)])
def test_the_generic_extractor_is_preloaded_for_two_workers_or_more(size: int, preloaded: bool) -> None:
    """A lone worker imports the generic extractor on the first page that needs it (a page of
    no profiled site) and extracts it; two or more fork with it imported (a fresh process each:
    the fork server is one a process)."""
    command = [sys.executable, "-c", POOL_OF, str(size)]
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split() == [f"generic={preloaded}", "Article", "generic=True"]
