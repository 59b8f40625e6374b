"""URL hygiene shared by the stages: which query parameters only track the reader, and the
one normalised address an article is stored under (`identity_url`).

Pure (no I/O, nothing of the store imported): the store keys articles by `identity_url`, and
an extraction worker re-extracting a stored page computes it too, to tell the page is the
stored article again (`newsharvest.tasks.RecheckTask`). `newsharvest.store.identity`
re-exports it."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
        "twclid", "ttclid", "li_fat_id", "igshid", "igsh", "mc_cid", "mc_eid", "mkt_tok",
        "ncid", "ocid", "cmpid", "icid", "sr_share", "ref_src", "ref_url", "_ga", "_gl",
        "_hsenc", "_hsmi", "__twitter_impression", "oly_anon_id", "oly_enc_id", "vero_id",
        "wt.mc_id", "s_cid", "traffic_source", "guccounter",
    }
)  # fmt: skip
"""Query parameters that say how a reader arrived, never which story they read."""

TRACKING_PREFIXES = ("utm_", "hsa_", "mtm_", "pk_", "piwik_", "itm_")
"""Prefixes of whole families of tracking parameters (``utm_source``, ``hsa_cam``...)."""


def url_host(url: str) -> str:
    """The lower-cased host name of `url` ("" when it has none)."""
    return (urlsplit(url).hostname or "").lower()


def on_host(host: str, site_host: str) -> bool:
    """Whether `host` is `site_host` or one of its subdomains (``www.`` and the like)."""
    return host == site_host or host.endswith("." + site_host)


def is_tracking_param(name: str) -> bool:
    """Whether a query parameter only tracks the reader (``utm_source``, ``ncid``...)."""
    key = name.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def strip_tracking(url: str) -> str:
    """`url` without tracking parameters and fragment; everything else kept as it was."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not is_tracking_param(k)]
    query = urlencode(kept) if len(kept) != len(pairs) else parts.query
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


AMP_PARAMS = {"amp": None, "amp_js_v": None, "usqp": None, "outputtype": "amp"}
"""Parameters that only select the AMP rendering (value None: any value)."""

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_noise(name: str, value: str) -> bool:
    """Whether a query parameter is tracking or AMP selection, not part of the address."""
    key = name.lower()
    if is_tracking_param(key):
        return True
    if key in AMP_PARAMS:
        wanted = AMP_PARAMS[key]
        return wanted is None or value.lower() == wanted
    return False


@lru_cache(maxsize=16_384)  # a pure function, called several times per stored item
def identity_url(url: str) -> str:
    """The normalised address identifying the article at `url`.

    https scheme; lower-case host without ``www.``, ``amp.`` or default port; no fragment,
    tracking or AMP parameters (the rest sorted); no ``/amp`` suffix, no trailing slash.
    A loopback host keeps no port either: it serves a local replica, on whichever port was
    free, so a page is the same page from one replica run to the next.
    Anything that does not parse as an http(s) URL is returned stripped, unchanged.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return text
    host = parts.hostname.lower().rstrip(".")
    for prefix in ("amp.", "www."):
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
    loopback = _is_loopback(host)
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme] and not loopback:
        host = f"{host}:{port}"
    path = parts.path or "/"
    for suffix in ("/amp/", "/amp"):
        if path.endswith(suffix) and len(path) > len(suffix):
            path = path[: -len(suffix)]
            break
    if path.endswith(".amp.html"):
        path = path[: -len(".amp.html")] + ".html"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_noise(k, v))
    return urlunsplit(("https", host, path, urlencode(query), ""))


def _is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ::1."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
