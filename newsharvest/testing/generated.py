"""Bodies the replicas make when served rather than keep: near-copies of pages, bombs, huge
indexes, and answers compressed as a client accepts them."""

from __future__ import annotations

import functools
import gzip
import zlib
from pathlib import Path


@functools.lru_cache(maxsize=32)
def near_copy(source: Path, rename: tuple[str, str], damage: str | None = None) -> bytes:
    """Another replica's page with its slug renamed, then damaged as `damage` says (module doc)."""
    old, new = rename
    html = source.read_text(encoding="utf-8").replace(old, new)
    if damage == "cp1252":
        return html.encode("cp1252")
    if damage == "cut_in_tag":
        body = html.index("js-entry-content")
        paragraphs = [i for i in range(body, len(html)) if html.startswith("<p", i)]
        html = html[: html.index(">", paragraphs[3]) - 3]
    elif damage == "amp":
        html = html.replace("<html ", "<html amp ", 1)
    elif damage is not None:
        raise ValueError(f"unknown damage {damage!r}")
    return html.encode("utf-8")


def html_of_size(size: int) -> bytes:
    """An HTML page of `size` bytes: the payload of bombs and oversize answers."""
    head, tail = b"<!DOCTYPE html><html><head><title>lol</title></head><body>", b"</body></html>"
    filler = b"<p>lol</p>"
    count = max(0, (size - len(head) - len(tail)) // len(filler))
    return head + filler * count + tail


@functools.lru_cache(maxsize=8)
def compressed_html(encoding: str, size: int) -> bytes:
    """`html_of_size(size)` compressed with gzip, deflate (zlib) or br: a few KB to send."""
    page = html_of_size(size)
    if encoding == "gzip":
        return gzip.compress(page, compresslevel=9, mtime=0)
    if encoding == "deflate":
        return zlib.compress(page, 9)
    import brotli

    return bytes(brotli.compress(page, quality=5))


@functools.lru_cache(maxsize=4)
def sitemap_index(origin: str, children: int) -> bytes:
    """A sitemap index listing `children` sitemaps on `origin` (generated: 100,000 is 8 MB)."""
    entries = "".join(
        f"<sitemap><loc>{origin}/sitemaps/child-{n}.xml</loc><lastmod>2023-03-01</lastmod></sitemap>\n"
        for n in range(children)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</sitemapindex>\n"
    ).encode()


def encoded(body: bytes, coding: str) -> bytes:
    """`body` compressed with the Content-Encoding `coding` (br, gzip or deflate), the same
    bytes every time (so a test can compare what it was sent)."""
    if coding == "br":
        import brotli

        return bytes(brotli.compress(body, quality=5))
    if coding == "gzip":
        return gzip.compress(body, mtime=0)
    if coding == "deflate":
        return zlib.compress(body)
    raise ValueError(f"unknown Content-Encoding {coding!r}")


def accepts(accept_encoding: str | None, coding: str) -> bool:
    """Whether an Accept-Encoding header lists `coding` (with a q above 0)."""
    for item in (accept_encoding or "").split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() == coding and params.replace(" ", "") not in ("q=0", "q=0.0"):
            return True
    return False
