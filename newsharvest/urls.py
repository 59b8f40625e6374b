"""URL hygiene shared by the stages: which query parameters only track the reader."""

from __future__ import annotations

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
