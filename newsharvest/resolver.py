"""The DNS resolver of the crawl (``TWISTED_DNS_RESOLVER``): private answers refused."""

from __future__ import annotations

import ipaddress
from typing import Any, cast

from scrapy.crawler import Crawler
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

from newsharvest.addresses import REFUSED_LOOKUPS, AddressPolicy


class SafeResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing DNS answers the `AddressPolicy` forbids.

    This is the answer the connection uses, so a name that resolves (or rebinds) to a
    private address is never connected to. Install with ``TWISTED_DNS_RESOLVER``.
    """

    policy = AddressPolicy()

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> SafeResolver:
        resolver = cast(SafeResolver, super().from_crawler(crawler, reactor))
        resolver.policy = AddressPolicy.from_settings(crawler.settings)
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> Any:
        answer = super().getHostByName(name, timeout)
        if self.policy.host_allowed(name):
            return answer
        return answer.addCallback(self._check, name)

    def _check(self, address: str, name: str) -> str:
        problem = self.policy.address_refusal(ipaddress.ip_address(address))
        if problem:
            REFUSED_LOOKUPS[name] = f"{name} resolves to {address} ({problem})"
            raise DNSLookupError(REFUSED_LOOKUPS[name])
        return address
