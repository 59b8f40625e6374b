"""Meta-refresh redirects, found in the head bytes of a page."""

from __future__ import annotations

from typing import cast

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response

from newsharvest.downloadermiddlewares.redirect import NoRefererWarning

META_REFRESH_HEAD_BYTES = 4 * 4096
"""Bytes of a page that can hold the 4,096 characters Scrapy searches for a meta refresh."""


class HeadMetaRefreshMiddleware(NoRefererWarning, MetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, found without decoding the whole page.

    Scrapy looks for ``<meta http-equiv="refresh">`` in the first 4,096 characters of
    ``response.text``, but computing ``response.text`` decodes every byte of the page, on
    the reactor thread, for pages the extraction workers decode again anyway. This
    middleware hands Scrapy's logic a copy of the response cut to the bytes those characters
    can occupy, so redirects are followed exactly as before. Like every redirect here it
    sends no Referer, without Scrapy's warning about it.
    """

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if not isinstance(response, HtmlResponse) or len(response.body) <= META_REFRESH_HEAD_BYTES:
            return cast("Request | Response", super().process_response(request, response))
        head = response.replace(body=response.body[:META_REFRESH_HEAD_BYTES])
        result = super().process_response(request, head)
        return response if result is head else cast("Request | Response", result)
