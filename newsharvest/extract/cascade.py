"""trafilatura's main cascade (`extract_content`) with its class/id XPaths answered in Python.

trafilatura picks the article's frame (`BODY_XPATH`) and prunes boilerplate inside it
(`OVERALL_DISCARD_XPATH`, `TEASER_DISCARD_XPATH`, `DISCARD_IMAGE_ELEMENTS`) with XPaths that
test class and id names by EXSLT regular expressions. lxml answers each `re:test` by calling
back into Python, several calls for every candidate element: on a page of many paragraphs these
XPaths cost more than the rest of the cascade's pruning. Here the same tests run in a plain walk
of the tree with the same patterns compiled once by Python's `re` (the engine lxml's `re:test`
uses), each distinct class or id string tested once a walk.

The library is not patched: `extract_content` is trafilatura's own code (with the functions it
calls for these XPaths: `_extract`, `prune_unwanted_sections`, `recover_wild_text`) rebound to a
copy of its module's namespace where those XPath lists hold the equivalents below, so any other
caller of trafilatura in the process keeps the library's XPaths. The equivalents implement the
XPath texts of the pinned trafilatura, checked by digest at import: when they differ (another
version), the library's own `extract_content` is used unchanged.
"""

from __future__ import annotations

import hashlib
import re
import types
from collections.abc import Callable, Iterator
from typing import Any

import trafilatura.htmlprocessing as _processing
import trafilatura.main_extractor as _main
from lxml.etree import _Element
from trafilatura import xpaths

_Test = Callable[[_Element], Any]
"""Something trafilatura calls like an XPath: the matching elements of a subtree."""

_RE_TEST = re.compile(r"re:test\(@[\w|@-]+, '([^']*)'(?:, '(\w*)')?\)")
"""One `re:test(@attribute, 'pattern'[, 'flags'])` in an XPath text."""


def _patterns(xpath: Any) -> list[re.Pattern[str]]:
    """The regexes of an XPath's `re:test` calls, in order, compiled as lxml's EXSLT does."""
    return [re.compile(p, re.IGNORECASE if "i" in flags else 0) for p, flags in _RE_TEST.findall(xpath.path)]


_XPATHS = (*xpaths.BODY_XPATH, *xpaths.OVERALL_DISCARD_XPATH, *xpaths.TEASER_DISCARD_XPATH,
           *xpaths.DISCARD_IMAGE_ELEMENTS)  # fmt: skip
_DIGEST = "8ed3f1d5bb137a94a40c88acd42f4108f009c33b15af8e86847552e3c7e9cf87"
_IMPLEMENTED = hashlib.sha256("\x00".join(x.path for x in _XPATHS).encode()).hexdigest() == _DIGEST
"""Whether trafilatura's XPaths are the ones the functions below implement."""

_FRAME_TAGS = ("article", "div", "main", "section")
_BOX_TAGS = frozenset({"div", "item", "list", "p", "section", "span"})


def _first_of(el: _Element, first: str, one: str | None, second: str, two: str | None) -> str:
    """XPath's string(@first|@second), given the two attributes' values `one` and `two`: the
    value of whichever comes first in the element's source ("" when it has neither)."""
    if one is None:
        return two or ""
    if two is None:
        return one
    for key in el.attrib:
        if key == first:
            return one
        if key == second:
            return two
    return one  # not reached: both are attributes of the element


def _search(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """`pattern.search(text) is not None`, remembered for each text during one walk (a page
    repeats its class names)."""
    seen: dict[str, bool] = {}

    def found(text: str) -> bool:
        hit = seen.get(text)
        if hit is None:
            hit = seen[text] = pattern.search(text) is not None
        return hit

    return found


# --- the frame: BODY_XPATH 0, 2 and 3 (1 and 4 are cheap XPaths without regexes, kept) --------

_BODY_0 = _patterns(xpaths.BODY_XPATH[0])
_BODY_2 = _patterns(xpaths.BODY_XPATH[2])
_BODY_3 = _patterns(xpaths.BODY_XPATH[3])


def _article_body(tree: _Element) -> Iterator[_Element]:
    """BODY_XPATH[0]: each article/div/main/section named as an article body (exact class
    post/entry, itemprop articleBody, id articleContent, or the id and class patterns) that is
    the first such among its siblings (the XPath's per-step [1]), lazily in document order."""
    ids, classes = _search(_BODY_0[0]), _search(_BODY_0[1])
    parents: set[_Element] = set()
    for el in tree.iterdescendants(*_FRAME_TAGS):
        cls, ident = el.get("class"), el.get("id")
        if (
            cls == "post"
            or cls == "entry"
            or el.get("itemprop") == "articleBody"
            or ident == "articleContent"
            or ids(ident or "")
            or classes(cls or "")
        ):
            parent = el.getparent()
            if parent not in parents:
                parents.add(parent)
                yield el


_STORY_CLASSES = frozenset({"postarea", "art-postcontent", "text", "cell", "story"})


def _story(tree: _Element) -> list[_Element]:
    """BODY_XPATH[2]: the first article/div/main/section with role article, id article or story,
    one of the story class names, or the id and class patterns."""
    ids, full, classes = (_search(p) for p in _BODY_2)
    for el in tree.iterdescendants(*_FRAME_TAGS):
        cls, ident = el.get("class"), el.get("id")
        if (
            el.get("role") == "article"
            or ident == "article"
            or ident == "story"
            or cls in _STORY_CLASSES
            or ids(ident or "")
            or full(cls or "")
            or classes(cls or "")
        ):
            return [el]
    return []


def _main_content(tree: _Element) -> list[_Element]:
    """BODY_XPATH[3]: the first article/div/main/section with id or class content, the id and
    class patterns, or main-content / page-content in them (C, M, P in either case)."""
    ids, classes = _search(_BODY_3[0]), _search(_BODY_3[1])
    for el in tree.iterdescendants(*_FRAME_TAGS):
        cls, ident = el.get("class") or "", el.get("id") or ""
        if (
            ident == "content"
            or cls == "content"
            or ids(ident)
            or classes(cls)
            or "main-content" in ident.replace("C", "c").replace("M", "m")
            or "main-content" in cls.replace("C", "c").replace("M", "m")
            or "page-content" in cls.replace("C", "c").replace("P", "p")
        ):
            return [el]
    return []


# --- the prunes: OVERALL_DISCARD_XPATH, TEASER_DISCARD_XPATH, DISCARD_IMAGE_ELEMENTS -----------

_BOXES = _patterns(xpaths.OVERALL_DISCARD_XPATH[0])
_HIDDEN = _patterns(xpaths.OVERALL_DISCARD_XPATH[1])


def _boilerplate_boxes(tree: _Element) -> list[_Element]:
    """OVERALL_DISCARD_XPATH[0]: div/item/list/p/section/span elements with a
    data-lp-replacement-content attribute, a nav role, a MostPopularStories component, cookie
    in the first of id and class, or the id and class patterns (share, social, newsletter,
    sidebar, menu, footer, byline, related...), in document order."""
    cookie, ids, classes = (_search(p) for p in _BOXES)
    found = []
    for el in tree.iterdescendants(*_BOX_TAGS):
        if not el.keys():
            continue  # most elements: no attribute, nothing to match
        cls, ident = el.get("class"), el.get("id")
        if (
            (cls is not None and classes(cls))
            or (ident is not None and ids(ident))
            or cookie(_first_of(el, "id", ident, "class", cls))
            or el.get("data-lp-replacement-content") is not None
            or "nav" in (el.get("role") or "").replace("N", "n")
            or "MostPopularStories" in (el.get("data-component") or "")
        ):
            found.append(el)
    return found


def _hidden(tree: _Element) -> list[_Element]:
    """OVERALL_DISCARD_XPATH[1]: any element with class comments-title, reply- starting the
    first of id and class, hidden in the first of id and style, display:none in its style,
    the id and class patterns (reader comments, hide, noprint...), or aria-hidden true."""
    hidden, ids, classes = (_search(p) for p in _HIDDEN)
    found = []
    for el in tree.iterdescendants():
        if not el.keys() or not isinstance(el.tag, str):
            continue  # most elements: no attribute, nothing to match (comments have none)
        cls, ident, style = el.get("class"), el.get("id"), el.get("style")
        if (
            cls == "comments-title"
            or (cls is not None and classes(cls))
            or (ident is not None and ids(ident))
            or _first_of(el, "id", ident, "class", cls).startswith("reply-")
            or hidden(_first_of(el, "id", ident, "style", style))
            or (style is not None and ("display:none" in style or "display: none" in style))
            or el.get("aria-hidden") == "true"
        ):
            found.append(el)
    return found


def _teasers(tree: _Element) -> list[_Element]:
    """TEASER_DISCARD_XPATH: div/item/list/p/section/span elements with teaser (T in either
    case) in their id or class."""
    found = []
    for el in tree.iterdescendants(*_BOX_TAGS):
        if not el.keys():
            continue
        cls, ident = el.get("class"), el.get("id")
        if (ident is not None and "teaser" in ident.replace("T", "t")) or (
            cls is not None and "teaser" in cls.replace("T", "t")
        ):
            found.append(el)
    return found


def _captions(tree: _Element) -> list[_Element]:
    """DISCARD_IMAGE_ELEMENTS: div/item/list/p/section/span elements with caption in their id
    or class."""
    found = []
    for el in tree.iterdescendants(*_BOX_TAGS):
        if not el.keys():
            continue
        cls, ident = el.get("class"), el.get("id")
        if (ident is not None and "caption" in ident) or (cls is not None and "caption" in cls):
            found.append(el)
    return found


def _link_density_test(element: _Element, favor_precision: bool = False) -> tuple[bool, bool]:
    """trafilatura's `link_density_test`, which finds an element without any link (most
    paragraphs) no boilerplate as its first step: that answer given here without its
    ElementPath search."""
    if next(element.iterdescendants("ref"), None) is None:
        return False, False
    return _processing.link_density_test(element, favor_precision)  # type: ignore[no-any-return]


def _link_density_pass(delete: Any) -> Any:
    """trafilatura's `delete_by_link_density` (`delete`, given `_link_density_test`), which
    deletes nothing in a subtree without any link: that subtree returned as it is, unwalked."""

    def delete_by_link_density(subtree: _Element, tagname: str, *args: Any, **kwargs: Any) -> Any:
        if next(subtree.iter("ref"), None) is None:
            return subtree
        return delete(subtree, tagname, *args, **kwargs)

    return delete_by_link_density


# --- trafilatura's cascade on those --------------------------------------------------------------

_EQUIVALENTS: dict[str, list[Any]] = {
    "BODY_XPATH": [_article_body, xpaths.BODY_XPATH[1], _story, _main_content, xpaths.BODY_XPATH[4]],
    "OVERALL_DISCARD_XPATH": [_boilerplate_boxes, _hidden],
    "TEASER_DISCARD_XPATH": [_teasers],
    "DISCARD_IMAGE_ELEMENTS": [_captions],
}
_REBOUND = ("extract_content", "_extract", "prune_unwanted_sections", "recover_wild_text")


def _rebound(function: Any, namespace: dict[str, Any]) -> Any:
    """`function` (same code, defaults and closure) reading its globals from `namespace`."""
    rebound = types.FunctionType(
        function.__code__, namespace, function.__name__, function.__defaults__, function.__closure__
    )
    rebound.__kwdefaults__ = function.__kwdefaults__
    return rebound


def _cascade() -> Callable[..., Any]:
    """trafilatura's `extract_content`, its functions reading the XPaths above rebound to a copy
    of their module's namespace holding the equivalents (the library's own when its XPaths are
    not those implemented here, or a pattern would match an element without the attribute)."""
    every = (*_BODY_0, *_BODY_2, *_BODY_3, *_BOXES, *_HIDDEN)
    if not _IMPLEMENTED or any(p.search("") for p in every):
        return _main.extract_content
    processing = dict(vars(_processing), link_density_test=_link_density_test)
    namespace = dict(vars(_main), **_EQUIVALENTS)
    namespace["delete_by_link_density"] = _link_density_pass(
        _rebound(_processing.delete_by_link_density, processing)
    )
    for name in _REBOUND:
        namespace[name] = _rebound(getattr(_main, name), namespace)
    return namespace["extract_content"]  # type: ignore[no-any-return]


extract_content = _cascade()
"""trafilatura's `extract_content(cleaned_tree, options) -> (result_body, text)`."""


def finds_frame(tree: _Element) -> bool:
    """Whether one of trafilatura's frame tests (`BODY_XPATH`) finds an element in `tree`;
    without one, its main pass reads only the page's paragraphs, quotes, code and tables."""
    tests = xpaths.BODY_XPATH if extract_content is _main.extract_content else _EQUIVALENTS["BODY_XPATH"]
    return any(next((s for s in test(tree) if s is not None), None) is not None for test in tests)
