"""The User-Agent, naming the operator's contact."""

from __future__ import annotations

from typing import cast

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware


class ContactUserAgentMiddleware(UserAgentMiddleware):
    """The User-Agent of USER_AGENT with ``{contact}`` replaced by ``NEWSHARVEST_CONTACT_URL``,
    so an operator sets their own contact with one setting."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ContactUserAgentMiddleware:
        middleware = cast(ContactUserAgentMiddleware, super().from_crawler(crawler))
        contact = crawler.settings["NEWSHARVEST_CONTACT_URL"]
        middleware.user_agent = str(middleware.user_agent).replace("{contact}", contact)
        return middleware
