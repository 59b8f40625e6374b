"""Time zones a printed date may name or imply: the abbreviations news sites print, the IANA
zone a sites file configures, and the one zone a language is written in."""

from __future__ import annotations

from datetime import timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_HOURS = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "WET": 0, "WEST": 1, "BST": 1, "IST": 1, "CET": 1,
    "MEZ": 1, "CEST": 2, "MESZ": 2, "EET": 2, "OEZ": 2, "EEST": 3, "OESZ": 3, "MSK": 3,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10, "AST": -4, "ADT": -3, "NST": -3.5, "NDT": -2.5,
    "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "AWST": 8, "ACST": 9.5, "ACDT": 10.5, "AEST": 10,
    "AEDT": 11, "NZST": 12, "NZDT": 13, "BRT": -3, "ART": -3, "WIB": 7, "ICT": 7, "PHT": 8,
}
"""UTC offsets (hours) of the zone abbreviations news sites print. "IST" is Irish Summer Time
here unless the page's zone says India's or Israel's (see `dates._zone_names`)."""
_US_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "PT": "America/Los_Angeles"}
"""The US zones written without standard or daylight ("10:47 am ET"): EST or EDT by the date."""
ZONE_NAMES: dict[str, tzinfo] = {
    **{name: timezone(timedelta(hours=hours)) for name, hours in _HOURS.items()},
    **{name: ZoneInfo(zone) for name, zone in _US_ZONES.items()},
}

def zone_named(name: str | None) -> tzinfo | None:
    """The IANA zone `name` ("Europe/Berlin"), or None when unset or unknown."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


LANGUAGE_ZONES = {"ja": "Asia/Tokyo", "ko": "Asia/Seoul", "zh": "Asia/Shanghai"}
"""Languages whose pages are written in one zone's time: Japanese (Japan), Korean (South Korea),
Chinese (China, Taiwan, Hong Kong, Singapore: all UTC+8 without summer time)."""


def language_zone(language: str | None) -> tzinfo | None:
    """The zone a page in `language` (a BCP 47 tag, "ja-JP") prints its times in, when its
    language is written in one zone only (`LANGUAGE_ZONES`); else None."""
    primary = (language or "").strip().lower().replace("_", "-").split("-")[0]
    return zone_named(LANGUAGE_ZONES.get(primary))
