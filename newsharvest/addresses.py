"""Which addresses a news crawler may connect to: public ones, plus those explicitly allowed.

No request goes to loopback, private, link-local, CGNAT, multicast, reserved or
cloud-metadata addresses unless ``NEWSHARVEST_ALLOWED_ADDRESSES`` allows them; the checks
run on the URL, on every redirect (`downloadermiddlewares.safety`) and on the DNS answer
the connection uses (`resolver.SafeResolver`).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from newsharvest.reasons import Reason

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200", "192.0.0.192")
)
"""Cloud instance-metadata endpoints (AWS, AWS IPv6, ECS, Alibaba, Oracle): credentials live there."""
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
ALLOWED_SCHEMES = frozenset({"http", "https"})

REFUSED_LOOKUPS: dict[str, str] = {}
"""Host name → why `SafeResolver` refused its DNS answer (the resolver is process-wide)."""


def address_problem(address: IPAddress) -> str | None:
    """Why `address` is no place for a news crawler to connect to; None for a public address."""
    embedded: IPAddress | None = None
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address.teredo:
            embedded = address.teredo[1]
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if embedded is not None:
        problem = address_problem(embedded)
        return f"{problem}, embedded in {address}" if problem else None
    if address in METADATA_ADDRESSES:
        return "cloud metadata"
    checks = (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("unspecified", address.is_unspecified),
        ("multicast", address.is_multicast),
        ("CGNAT", isinstance(address, ipaddress.IPv4Address) and address in _CGNAT),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("not globally routable", not address.is_global),
    )
    return next((label for label, hit in checks if hit), None)


def literal_address(host: str) -> IPAddress | None:
    """The IP address a URL host denotes literally, as resolvers read it, or None for a name.

    Besides dotted quads and IPv6 this reads the legacy IPv4 forms (``2852039166``,
    ``0xa9.254.169.254``, ``127.1``) that ``inet_aton`` — and so the system resolver — accepts.
    """
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, UnicodeError):
        return None


class AddressPolicy:
    """Which hosts and addresses may be fetched: public ones, plus those explicitly allowed.

    ``NEWSHARVEST_ALLOWED_ADDRESSES`` lists CIDRs or addresses (``127.0.0.1``,
    ``10.0.0.0/8``) and host names (``intranet.example``) that are exempt from the checks.
    """

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        self.hosts: set[str] = set()
        for entry in (str(e).strip() for e in allowed):
            if not entry:
                continue
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.hosts.add(entry.lower().rstrip("."))

    @classmethod
    def from_settings(cls, settings: Any) -> AddressPolicy:
        return cls(settings.getlist("NEWSHARVEST_ALLOWED_ADDRESSES"))

    def host_allowed(self, host: str) -> bool:
        """Whether `host` is exempt by name."""
        return host.lower().rstrip(".") in self.hosts

    def address_refusal(self, address: IPAddress) -> str | None:
        """Why `address` is refused, None when it may be fetched."""
        if any(address.version == net.version and address in net for net in self.networks):
            return None
        return address_problem(address)

    def url_refusal(self, url: str) -> tuple[Reason, str] | None:
        """(reason, detail) when `url` itself is refused (scheme, literal address); else None."""
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
        except ValueError:
            return Reason.FORBIDDEN_SCHEME, f"unparsable URL {url!r}"
        if parts.scheme.lower() not in ALLOWED_SCHEMES:
            return Reason.FORBIDDEN_SCHEME, f"{parts.scheme or 'no'} scheme in {url}"
        if not host:
            return Reason.FORBIDDEN_ADDRESS, f"no host in {url}"
        if self.host_allowed(host):
            return None
        address = literal_address(host)
        if address is not None:
            problem = self.address_refusal(address)
            if problem:
                return Reason.FORBIDDEN_ADDRESS, f"{url}: {address} is {problem}"
        return None
