"""Site profiles: one small declarative file per site, naming where each field lives.

A profile lists CSS selectors, most specific first; the first that matches wins. Several
layouts of one site (HuffPost before and after 2020) are simply more selectors. The code
that applies a profile is `newsharvest.extract.profiled`; a new site needs only a new file
here and a line in `PROFILES`. `SiteProfile` itself is in `base.py`.
"""

from __future__ import annotations

from newsharvest.extract.profiles.apnews import APNEWS
from newsharvest.extract.profiles.base import SiteProfile
from newsharvest.extract.profiles.huffpost import HUFFPOST

__all__ = ["PROFILES", "SiteProfile", "profile_for_url", "profile_named"]


PROFILES: tuple[SiteProfile, ...] = (HUFFPOST, APNEWS)
"""Every known site profile."""


def profile_named(name: str) -> SiteProfile | None:
    """The profile called `name`, if any."""
    return next((p for p in PROFILES if p.name == name), None)


def profile_for_url(url: str) -> SiteProfile | None:
    """The profile whose hosts include `url`'s host, if any."""
    return next((p for p in PROFILES if p.matches(url)), None)
