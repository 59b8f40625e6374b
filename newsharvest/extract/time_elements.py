"""The `<time>` element that dates the story, for a page whose other sources state no date.

The page's first `<time datetime>` is taken, but one standing in the site's banner: a
`<header>`, `<nav>` or `role="banner"` element outside every `<article>` and `<main>` that holds
no headline (`<h1>`, `<h2>`). Sites print the day of the visit there ("Wednesday, 2 December"),
not the story's. An embedded post quoted in a `<blockquote>` dates that post, not the page, and
a reader's comment (an element whose class or id names a comment) dates the comment.
"""

from __future__ import annotations

import re

import lxml.html

from newsharvest.extract.document import Document

_CONTENT = frozenset({"article", "main"})
_COMMENT_MARK = re.compile(r"^comment(?!ary)|[\s_-]comments?(?:$|[\s_-])|^kommentar", re.I)
"""A class or id naming a reader's comment or the comment section ("comment_default",
"ce_comments", "comment-list"), not a "commentary" column."""
_BANNERS = frozenset({"header", "nav"})


def story_time(doc: Document) -> str | None:
    """The `datetime` of the page's first `<time>` outside the site's banner (see the module's
    docstring), as written; None when there is none."""
    for element in doc.time_elements:
        value = str(element.get("datetime") or "").strip()
        if value and not in_banner(element) and not in_comment(element):
            return value
    return None


def in_comment(element: lxml.html.HtmlElement) -> bool:
    """Whether `element` stands in a reader's comment or the comment section (its class or id
    says so): a comment's `<time>` dates the comment, not the story."""
    return any(
        _COMMENT_MARK.search(ancestor.get("class") or "") or _COMMENT_MARK.search(ancestor.get("id") or "")
        for ancestor in element.iterancestors()
    )


def banner_days(doc: Document) -> set[str]:
    """The days (YYYY-MM-DD) the `<time>` elements of the site's banner state: the visit's, which
    a search of the page's dates (htmldate's) reads as well."""
    return {str(e.get("datetime")).strip()[:10] for e in doc.time_elements if in_banner(e)}


def in_banner(element: lxml.html.HtmlElement) -> bool:
    """Whether `element` stands in the site's banner: inside a `<header>`, `<nav>` or
    `role="banner"` element that holds no headline, with no `<article>` or `<main>` around it."""
    banner = None
    for ancestor in element.iterancestors():
        if ancestor.tag in _CONTENT:
            return False
        if banner is None and (ancestor.tag in _BANNERS or ancestor.get("role") == "banner"):
            banner = ancestor
    return banner is not None and next(banner.iter("h1", "h2"), None) is None
