"""The sites file: which news sites newsharvest knows and how to discover their articles.

`newsharvest/sites.toml` ships with the package; the ``NEWSHARVEST_SITES_FILE`` setting
(or, without it, the environment variable of the same name) names a file of the user's
own whose entries are added to (or replace, by name) the shipped ones. Spiders read a
`SiteConfig`, so a new site is a few lines of TOML, not code.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsharvest.extract.rejections import looks_like_article

__all__ = ["SiteConfig", "SitesFileError", "load_sites", "looks_like_article", "site_config", "site_names"]

FIELDS = frozenset(
    {"base_url", "sitemaps", "feeds", "hubs", "article_pattern", "profile", "discover", "timezone"}
)
"""The keys a site's table may have."""


class SitesFileError(ValueError):
    """A sites file that cannot be read, or a site it does not name."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """One site: where it lives, where its article lists are, which URLs are articles."""

    name: str
    base_url: str
    """The live origin, e.g. ``https://www.huffpost.com`` (no trailing slash)."""
    sitemaps: tuple[str, ...] = ()
    """Sitemaps read besides those robots.txt lists (paths on the site, or URLs)."""
    feeds: tuple[str, ...] = ()
    """RSS/Atom feeds listing new articles."""
    hubs: tuple[str, ...] = ()
    """HTML listing pages whose article links are followed like a feed's."""
    article_pattern: str | None = None
    """Regex an article URL's path must match; None: `looks_like_article` decides."""
    profile: str | None = None
    """Extraction profile name; None: generic extraction."""
    discover: bool = False
    """Also probe the usual sitemap paths and the home page's feed links."""
    timezone: str | None = None
    """IANA zone ("Europe/Berlin") of times the site prints without an offset; None: UTC."""

    @classmethod
    def for_url(cls, url: str) -> SiteConfig:
        """An unconfigured site: everything is discovered from its robots.txt and home page."""
        base = _base_url(url, "url")
        return cls(name=urlsplit(base).hostname or base, base_url=base, discover=True)


def _base_url(value: object, where: str) -> str:
    if not isinstance(value, str) or urlsplit(value).scheme not in {"http", "https"}:
        raise SitesFileError(f"{where}: base_url must be an http(s) URL, not {value!r}")
    if not urlsplit(value).hostname:
        raise SitesFileError(f"{where}: base_url {value!r} has no host")
    return value.rstrip("/")


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SitesFileError(f"{where} must be a list of strings")
    return tuple(value)


def _parse_site(name: str, table: object, source: str) -> SiteConfig:
    where = f"{source}: [sites.{name}]"
    if not isinstance(table, dict):
        raise SitesFileError(f"{where} must be a table")
    unknown = sorted(set(table) - FIELDS)
    if unknown:
        known = ", ".join(sorted(FIELDS))
        raise SitesFileError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {known})")
    if "base_url" not in table:
        raise SitesFileError(f"{where}: base_url is required")
    pattern = table.get("article_pattern")
    if pattern is not None:
        if not isinstance(pattern, str):
            raise SitesFileError(f"{where}: article_pattern must be a string")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise SitesFileError(f"{where}: article_pattern is not a regex: {exc}") from None
    profile = table.get("profile")
    if profile is not None:
        from newsharvest.extract.profiles import PROFILES, profile_named

        if not isinstance(profile, str) or profile_named(profile) is None:
            known = ", ".join(p.name for p in PROFILES)
            raise SitesFileError(f"{where}: no extraction profile {profile!r} (known: {known})")
    discover = table.get("discover", False)
    if not isinstance(discover, bool):
        raise SitesFileError(f"{where}: discover must be true or false")
    zone = table.get("timezone")
    if zone is not None:
        from newsharvest.extract.zones import zone_named

        if not isinstance(zone, str) or zone_named(zone) is None:
            raise SitesFileError(f"{where}: timezone {zone!r} is not an IANA zone (\"Europe/Berlin\")")
    return SiteConfig(
        name=name,
        base_url=_base_url(table["base_url"], where),
        sitemaps=_strings(table.get("sitemaps", []), f"{where} sitemaps"),
        feeds=_strings(table.get("feeds", []), f"{where} feeds"),
        hubs=_strings(table.get("hubs", []), f"{where} hubs"),
        article_pattern=pattern,
        profile=profile,
        discover=discover,
        timezone=zone,
    )


def parse_sites(text: str, source: str = "<sites>") -> dict[str, SiteConfig]:
    """The sites of one TOML document; `SitesFileError` names the problem and the file."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SitesFileError(f"{source} is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"sites"})
    if unknown:
        raise SitesFileError(f"{source}: unexpected top-level key(s) {', '.join(unknown)}; use [sites.NAME]")
    sites = data.get("sites", {})
    if not isinstance(sites, dict):
        raise SitesFileError(f"{source}: 'sites' must be a table of [sites.NAME] tables")
    return {name: _parse_site(name, table, source) for name, table in sites.items()}


def builtin_text() -> str:
    """The shipped sites file."""
    return resources.files("newsharvest").joinpath("sites.toml").read_text(encoding="utf-8")


ENVIRONMENT_VARIABLE = "NEWSHARVEST_SITES_FILE"
"""The environment variable naming the user's sites file when the setting does not."""


def load_sites(user_file: str | Path | None = None) -> dict[str, SiteConfig]:
    """Every known site: the shipped ones, then those of `user_file` (replacing by name);
    without `user_file`, those of the file the environment variable names, if any."""
    user_file = user_file or os.environ.get(ENVIRONMENT_VARIABLE) or None
    sites = parse_sites(builtin_text(), "newsharvest/sites.toml")
    if user_file:
        path = Path(user_file).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SitesFileError(f"cannot read sites file {path}: {exc.strerror or exc}") from None
        sites.update(parse_sites(text, str(path)))
    return sites


def site_config(name: str, user_file: str | Path | None = None) -> SiteConfig:
    """The site called `name`; `SitesFileError` lists the known names when there is none."""
    sites = load_sites(user_file)
    if name not in sites:
        raise SitesFileError(f"no site {name!r} in the sites file (known: {', '.join(sorted(sites))})")
    return sites[name]


def site_names(sites: str, user_file: str | Path | None = None) -> list[str]:
    """The sites ``-a sites=`` names: ``all`` (every site of the sites files) or ``a,b,c``;
    `SitesFileError` when one is unknown or none is named."""
    known = load_sites(user_file)
    if sites.strip() == "all":
        return sorted(known)
    names = list(dict.fromkeys(name.strip() for name in sites.split(",") if name.strip()))
    if not names:
        raise SitesFileError("-a sites= names no site: give sites=all or sites=NAME,NAME")
    unknown = [name for name in names if name not in known]
    if unknown:
        raise SitesFileError(
            f"no site {', '.join(map(repr, unknown))} in the sites file (known: {', '.join(sorted(known))})"
        )
    return names

