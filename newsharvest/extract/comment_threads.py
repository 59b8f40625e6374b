"""Readers' comments found by the links they print, whatever the site names their blocks.

Blog and news engines give every reader's comment an address of its own, and print a link to
it in the comment (its date, "Permalink", "Reply"): WordPress `#comment-123` and
`?replytocom=123`, TypePad `#comment-6a00d8…`, Blogger `?showComment=…#c123…`, Disqus's static
copy `#comment-123`. Those addresses stay when a theme's class names say nothing ("c-x7f2a",
a language the class rules do not know), so a thread is found by them: an element two or more
of whose children each hold such a link is a list of comments, and those children go, each
with its replies, when set from a template another of them shares (the same tag, the link as
deep). A story holding its one comment beside a sidebar's "Recent comments" link is no such
list: the two links stand at different depths. A definition list of comments (Blogger's
`<dl>`: the writer's `<dt>`, the text's `<dd>`, the link's `<dd>`) goes whole, as its texts
stand beside the links, not in them. A paragraph or heading holding such a link is the story
citing a comment, and its parent no thread. A thread printing no permalinks is found the same
way by its commenters' links to their own sites, which the engines mark `rel="ugc"` (user
generated content) or, WordPress, `rel="external nofollow"`, or by a forum's links to its
members' posts, `rel="nofollow"` alone and on the site's own hosts (the caller picks those): each
stands for one comment, and opens it (the writer's name first). A plugin marks every outbound
link of a post "external nofollow" too; those stand inside its paragraphs, never first.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newsharvest.extract.document import drop_keeping_tail

COMMENT_PERMALINK = re.compile(
    r"#(?:li-|div-|dsq-)?comment[-_]?(?=[0-9a-fA-F]*\d)(?P<hex>[0-9a-fA-F]{1,40})$"
    r"|#c(?P<blogger>\d{6,})$"
    r"|[?&](?:replytocom|showComment)=(?P<number>\d+)"
)
"""A link to one reader's comment (searched in a link's `href`), and the comment's number."""


def is_permalink(href: str) -> bool:
    """Whether a link's `href` is a comment's permalink (`COMMENT_PERMALINK`), a word each of its
    forms holds looked for first: most links hold none."""
    if "omment" not in href and "#c" not in href and "replytocom" not in href:
        return False
    return COMMENT_PERMALINK.search(href) is not None


def comment_address(link: HtmlElement) -> str:
    """The address a comment's link stands for: its `href`, or "#name" for an anchor naming one
    comment where the theme prints no permalink (`<a name="li-comment-36314">`)."""
    return link.get("href") or f"#{link.get('name') or ''}"


def is_commenter_link(rel: str) -> bool:
    """Whether a link's `rel` marks it as a reader's own (the comment's author linking to her
    site): "ugc", user-generated content, or WordPress's "external nofollow"."""
    words = rel.lower().split()
    return "ugc" in words or ("external" in words and "nofollow" in words)


_PROSE_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})
_NEVER_THREADS = frozenset({"body", "html", "main", "article"})
_TERM_TAGS = frozenset({"dt", "dd"})


def drop_comment_threads(links: list[HtmlElement], root: HtmlElement, leading: bool = False) -> None:
    """Remove the comments `links` stand in, permalinks or commenters' links (see the module's
    docstring); a link no longer under `root` (its block already removed) counts for nothing.
    With `leading`, an item counts only when one of `links` prints its first words (a comment
    opens with its writer's name; a story's paragraph linking out does not)."""
    if len(links) < 2:
        return
    wanted = set(links)
    held: dict[HtmlElement, int] = {}  # element → comment links below it
    for link in links:
        ancestors = list(link.iterancestors())
        if not ancestors or ancestors[-1] is not root:
            continue
        for ancestor in ancestors:
            held[ancestor] = held.get(ancestor, 0) + 1
    deepest_first = sorted(held, key=_depth, reverse=True)
    for container in deepest_first:
        if held[container] < 2 or container.tag in _NEVER_THREADS or container.getparent() is None:
            continue
        items = [child for child in container if held.get(child, 0) > 0]
        if len(items) < 2 or any(item.tag in _PROSE_TAGS for item in items):
            continue
        if leading:
            items = [item for item in items if _opened_by(item, wanted)]
        items = _repeated(items, wanted)
        if _comments_among(items, wanted) < 2:
            continue  # one comment's parts (its date's link, its "Reply"), not a list of comments
        if container.tag == "dl" and all(child.tag in _TERM_TAGS for child in container):
            items = [container]
        for item in items:
            removed = held.get(item, 0)
            for ancestor in item.iterancestors():
                held[ancestor] = held.get(ancestor, 0) - removed
            held[item] = 0
            drop_keeping_tail(item)


_FIRST_TEXT = etree.XPath("(.//text()[normalize-space()])[1]")


def _opened_by(item: HtmlElement, wanted: set[HtmlElement]) -> bool:
    """Whether the item's first words are the text of one of the `wanted` links."""
    first = _FIRST_TEXT(item)
    if not first or first[0].is_tail:
        return False
    owner = first[0].getparent()
    return any(element in wanted for element in (owner, *owner.iterancestors()))


def _depth(element: HtmlElement) -> int:
    """How many ancestors the element has."""
    return sum(1 for _ in element.iterancestors())


def _repeated(items: list[HtmlElement], wanted: set[HtmlElement]) -> list[HtmlElement]:
    """The items set from a template another item shares: the same tag, and the first comment
    link (of `wanted`) as many levels below it (a thread alternates comments and their replies'
    boxes, or Blogger's `<dt>` and `<dd>`: each form recurs)."""
    forms = []
    for item in items:
        first = next(link for link in item.iter("a") if link in wanted)
        forms.append((item.tag, _depth(first) - _depth(item)))
    return [item for item, form in zip(items, forms, strict=True) if forms.count(form) > 1]


def _comments_among(items: list[HtmlElement], wanted: set[HtmlElement]) -> int:
    """How many comments the items' links (of `wanted`) stand for: items linking to a comment
    number in common are parts of one comment (Blogger's `<dt>` and `<dd>`, a date and a
    "Reply"); a commenter's link (no number) stands for a comment of its own."""
    owner: dict[str, int] = {}  # comment number → the first item linking to it
    groups = list(range(len(items)))
    for index, item in enumerate(items):
        for link in item.iter("a"):
            if link not in wanted:
                continue
            found = COMMENT_PERMALINK.search(comment_address(link))
            if found is None:
                number = f"link {id(link)}"
            else:
                number = (found.group("hex") or found.group("blogger") or found.group("number")).lower()
            one, other = _root(groups, owner.setdefault(number, index)), _root(groups, index)
            groups[max(one, other)] = min(one, other)
    return len({_root(groups, index) for index in range(len(items))})


def _root(groups: list[int], index: int) -> int:
    """The first item of the group `index` was joined to."""
    while groups[index] != index:
        index = groups[index]
    return index
