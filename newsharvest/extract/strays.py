"""Markup libxml2 leaves outside the page's root element, brought back into it.

libxml2 keeps a second `<html>` it meets as a new top-level element beside the first: a page
saved with another glued after its `</html>` (the story in the second copy), or a page whose
opening `<html>` tag is broken ("<html xmogo.jpg" …"), where the first element is empty and
the whole page sits in the second. Every extractor walks the root element only, so that text
would be lost; it is moved to the end of the root's `<head>` and `<body>` instead (the emptied
top-level elements stay, lxml cannot detach them). Only the first such element is read: every
real page seen with one has exactly one, while a page repeated end to end has one per copy,
which would make it cost its whole size again in every extractor for text it already holds.

An element that belongs in no `<head>` (an HTML5 `<header>` or `<section>`, a custom `<mbox>`)
met before the head was closed stays in the head with libxml2, which knows HTML 4's elements
only, and everything after it with it: a page can end up with no `<body>` at all. By HTML's own
parsing rules such an element ends the head, so it and all after it are moved to the body.

A `<template>`'s content is never shown: browsers keep it out of the document, to be copied in
by a script, so it is taken out of the tree (Readability.js, in a DOM, never sees it either).

A `<title>` met after the first document's `<body>` began (a site's header document served
ahead of the article's own, `<html><head><title>` and all) is dropped by libxml2, as every tag
of a second `<head>` is; browsers keep it, and with no other it is the page's title. It is
read back from the text into the root's `<head>`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import lxml.etree
import lxml.html

_TITLE_ELEMENT = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


def gather_strays(root: lxml.html.HtmlElement, admit: Callable[[lxml.html.HtmlElement], bool]) -> None:
    """Move the first element after `root` at the top level that `admit` accepts into it: its
    `<head>`'s children to the root's head when that is empty (the page's own metadata read
    twice would repeat every tag), its `<body>`'s children and anything else to the root's
    body, in page order."""
    first = next((node for node in root.itersiblings() if isinstance(node.tag, str) and admit(node)), None)
    if first is None:
        return
    head = _part(root, "head")
    body = _part(root, "body")
    for part in list(first) if first.tag == "html" else [first]:
        if not isinstance(part.tag, str):
            continue
        if part.tag == "head":
            if not len(head):
                head.extend(list(part))
        elif part.tag == "body":
            _append_text(body, part.text)
            part.text = None
            body.extend(list(part))
        else:
            body.append(part)


def _part(root: lxml.html.HtmlElement, tag: str) -> lxml.html.HtmlElement:
    """The root's own `<head>` or `<body>`, made when it has none (the head first)."""
    found = root.find(tag)
    if found is None:
        found = root.makeelement(tag, {})
        if tag == "head":
            root.insert(0, found)
        else:
            root.append(found)
    return found


def _append_text(body: lxml.html.HtmlElement, text: str | None) -> None:
    """Text that opened a moved `<body>`, kept after what the root's body already holds."""
    if not text or not text.strip():
        return
    if len(body):
        last = body[-1]
        last.tail = (last.tail or "") + text
    else:
        body.text = (body.text or "") + text


def as_browsers_read(root: lxml.html.HtmlElement, text: str) -> None:
    """The tree libxml2 parsed from `text` brought to what a browser shows (see the module's
    docstring): the head's stray elements in the body, no template's content, the title kept."""
    body_out_of_head(root)
    lxml.etree.strip_elements(root, "template", with_tail=False)
    restore_title(root, text)


_HEAD_ELEMENTS = frozenset(
    {"title", "meta", "link", "script", "style", "base", "noscript", "template", "object", "bgsound"}
)
"""What a `<head>` may hold; anything else met there starts the body (see the module's docstring)."""


def body_out_of_head(root: lxml.html.HtmlElement) -> None:
    """Move the root's `<head>` from its first element that belongs in no head onwards to the
    start of its `<body>` (made when it has none), as a browser reads them."""
    head = root.find("head")
    if head is None:
        return
    stray = next((el for el in head if isinstance(el.tag, str) and el.tag not in _HEAD_ELEMENTS), None)
    if stray is None:
        return
    body = _part(root, "body")
    moved = [stray, *stray.itersiblings()]
    if body.text and body.text.strip():
        moved[-1].tail = (moved[-1].tail or "") + body.text
        body.text = None
    first = body[0] if len(body) else None
    for element in moved:  # before the body's first child, each in one step (no index walk)
        if first is None:
            body.append(element)
        else:
            first.addprevious(element)


def restore_title(root: lxml.html.HtmlElement, text: str) -> None:
    """Give the root's `<head>` the first `<title>` of the page's `text` when the tree holds no
    `<title>` at all (libxml2 dropped it, see the module's docstring)."""
    if next(root.iter("title"), None) is not None:
        return
    found = _TITLE_ELEMENT.search(text)
    if found is None or not found.group(1).strip():
        return
    title = root.makeelement("title", {})
    title.text = html.unescape(found.group(1))
    _part(root, "head").append(title)
