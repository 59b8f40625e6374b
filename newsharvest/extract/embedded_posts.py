"""Embedded posts and videos: out of the story's text, into the record's own list.

A story may embed a social post (a tweet, an Instagram, TikTok, Bluesky, Threads or Facebook
post: a blockquote or div its platform's script turns into a frame) or a player's frame
(YouTube, Vimeo…). Its text is not the story's: each embed leaves the page's tree with its
widget wrappers (the ancestors that hold little more than it), and a placeholder paragraph
stands where it was. The embeds kept are those whose placeholder ends up in the extracted
text, in the order the text holds them, so an embed in a sidebar never counts; the placeholders
are taken out of the text's lines.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newsharvest.extract.document import Document, collapse
from newsharvest.extract.elements import is_in, solid_len
from newsharvest.extract.link_text import url_host
from newsharvest.extract.record import Embed

_EMBED_CLASS = re.compile(
    r"twitter-(?:tweet|video)|instagram-media|tiktok-embed|bluesky-embed|text-post-media"
    r"|(?:^|\s)fb-(?:post|video)(?:\s|$)"
)
"""Classes of the blockquotes (and Facebook's divs) embedded social posts start as, and of the
frames Twitter's script turns them into."""
_EMBED_HOSTS = (
    ("twitter.com", "twitter"),
    ("x.com", "twitter"),
    ("instagram.com", "instagram"),
    ("facebook.com", "facebook"),
    ("tiktok.com", "tiktok"),
    ("youtube.com", "youtube"),
    ("youtube-nocookie.com", "youtube"),
    ("youtu.be", "youtube"),
    ("vimeo.com", "vimeo"),
    ("bsky.app", "bluesky"),
    ("threads.net", "threads"),
)
_EMBED_CLASS_KINDS = (
    ("twitter", "twitter"),
    ("instagram", "instagram"),
    ("tiktok", "tiktok"),
    ("bluesky", "bluesky"),
    ("text-post-media", "threads"),
    ("fb-", "facebook"),
)
_FACEBOOK_WIDGETS = re.compile(r"/plugins/(?!post\.php|video\.php)")
"""Facebook frames that are the site's own widgets (like buttons, comments, page boxes), not posts."""
EMBED_TAGS = frozenset({"blockquote", "div", "iframe"})
"""The tags of an embed: a post's blockquote (Facebook's div), a platform's frame."""
_EMBED_TOKEN = re.compile(r"nhembed(\d+)zq")
_EMBED_TOKEN_HINT = "nhembed"
_EMBED_WRAPPER_SLACK = 40
_EMBED_STOP = frozenset({"body", "html", "article", "main", "p", "li", "td"})


EMBED_DIV = re.compile(r"fb-|twitter|-media|embed")
"""What the class of a `<div>` that may be an embed holds (`_EMBED_CLASS` decides)."""


def is_embed(el: HtmlElement, tag: str, cls: str) -> bool:
    """Whether an element is an embedded post (blockquote/div) or a platform's player frame."""
    if tag == "blockquote" or (tag == "div" and EMBED_DIV.search(cls)):
        return bool(cls) and _EMBED_CLASS.search(cls) is not None
    return tag == "iframe" and _embed_kind(el.get("src") or "", cls) is not None


def _embed_kind(src: str, cls: str) -> str | None:
    """The platform of an embed, from its frame's address or its class; None for other frames."""
    if src:
        host = url_host(src)
        for domain, kind in _EMBED_HOSTS:
            if host == domain or host.endswith("." + domain):
                if kind == "facebook" and _FACEBOOK_WIDGETS.search(src):
                    return None
                return kind
    low = cls.lower()
    for needle, kind in _EMBED_CLASS_KINDS:
        if needle in low:
            return kind
    return None


def take_embeds(nodes: list[HtmlElement], body: HtmlElement, doc: Document) -> list[Embed]:
    """Take embedded posts and videos out of the text, each with its widget wrappers.

    Each leaves a placeholder paragraph where it stood: the embeds kept are those whose
    placeholder ends up in the extracted story, so a video in a sidebar never counts.
    """
    embeds: list[Embed] = []
    for node in nodes:
        if not is_in(node, body):
            continue  # inside an embed already taken
        embed = _embed_of(node, doc)
        if embed is None:
            continue
        size = solid_len(node.text_content())
        target = node
        for ancestor in node.iterancestors():
            if ancestor.tag in _EMBED_STOP or ancestor is body:
                break
            if solid_len(ancestor.text_content()) > size + _EMBED_WRAPPER_SLACK:
                break
            target = ancestor
        placeholder = etree.Element("p")
        placeholder.text = f"nhembed{len(embeds)}zq"
        placeholder.tail = target.tail
        parent = target.getparent()
        if parent is None:
            continue
        parent.replace(target, placeholder)
        embeds.append(embed)
    return embeds


def _embed_of(node: HtmlElement, doc: Document) -> Embed | None:
    """One Embed from a post's blockquote/div or a player's frame."""
    src = node.get("src") or ""
    kind = _embed_kind(src if node.tag == "iframe" else "", node.get("class") or "")
    if kind is None:
        return None
    url = None
    if node.tag == "iframe":
        url = doc.absolute(src) if src else None
        tweet = node.get("data-tweet-id")
        if tweet and tweet.isdigit():
            url = f"https://twitter.com/i/status/{tweet}"
    else:
        url = node.get("data-instgrm-permalink") or node.get("cite") or node.get("data-href")
        if not url:
            links = [a.get("href") or "" for a in node.iter("a")]
            statuses = [href for href in links if "/status" in href]
            url = (statuses or links or [None])[-1]
        url = doc.absolute(url) if url else None
    if node.tag == "iframe":
        # a frame's content is what browsers without frames show, read by the parser as raw
        # markup ("<span data-mce-type=…>"): the embed's text is in the framed page, not here
        return Embed(kind=kind, url=url or None, text="")
    for block in node.iter("p", "br", "div", "li"):
        block.tail = " " + (block.tail or "")  # "…a hat?</p>— Name" reads "…a hat? — Name"
    return Embed(kind=kind, url=url or None, text=collapse(node.text_content()))


def without_placeholders(line: str, placed: list[int]) -> str:
    """A line of the extracted text without the placeholders `take_embeds` left in the tree,
    the index of each embed found appended to `placed` (once, in text order)."""
    if _EMBED_TOKEN_HINT in line:
        for found in _EMBED_TOKEN.finditer(line):
            if int(found.group(1)) not in placed:
                placed.append(int(found.group(1)))
        line = _EMBED_TOKEN.sub(" ", line)
    return line
