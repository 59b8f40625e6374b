"""Text outside any paragraph, made paragraphs trafilatura keeps.

trafilatura keeps the paragraphs of a story's container, and the text typed between them
belongs to none: text straight in the container after a photo box or an ad slot, a story typed
with `<br>` line breaks in an old page's `<font>` or `<div>`, the continuation in a bare
`<div>` after a "read more" mark, an `<li>` with no list around it. Each such run of a story's
length is wrapped into a block of its own before the pass (`wrap_loose_text`,
`continued_text`, `stray_item_as_paragraph`); a blog editor's blank-line block becomes one
line break (`as_line_break`), so the text after it stays a paragraph.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from newsharvest.extract.elements import is_in

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
        "section", "article", "aside", "header", "footer", "nav", "form", "figure", "hr", "center",
        "address", "li", "main", "fieldset", "iframe", "object", "embed",
    }
)

LOOSE_MIN_WORDS = 12
"""A paragraph of this many words is a story's; loose text of as many words is prose to wrap."""


def wrap_loose_text(holder: HtmlElement) -> list[HtmlElement]:
    """Wrap each run of loose text in a block that holds paragraphs into a paragraph of its own.

    Text typed straight into a story's container between its <p> paragraphs (after a photo box,
    a comment or an ad slot: "<div><p>…</p><div>photo</div>Text…<a>link</a> more…<p>…</p></div>")
    belongs to no paragraph, and trafilatura keeps only the paragraphs of such a container: the
    text is lost. A run is the text from the start of the block or the end of a child block up
    to the next child block, inline elements and line breaks included; it becomes a paragraph
    when a dozen of its words stand outside those elements. Only blocks holding a paragraph of
    that length are touched: loose text beside empty or short blocks is a promo or ad box's.

    A block holding no such paragraph (an old page's `<font>` or `<div>` holding the headline
    and a photo box, then the whole story typed with `<br>` line breaks) gets the same for runs
    of `_LOOSE_PROSE_WORDS` words, wrapped in a `<div>` (a `<p>` there makes trafilatura drop
    the text blocks beside it: its `<p>` text grows past the length under which it reads
    `<div>`s as text); unless its own text starts the block: trafilatura reads such a block
    whole. Returns those `<div>`s (see `typed_lines`).
    """
    children = list(holder)
    if _loose_words(holder.text, children, spans=True) < LOOSE_MIN_WORDS or holder.getparent() is None:
        return []  # the common case, decided without building any text
    runs: list[tuple[HtmlElement | None, list[HtmlElement]]] = []
    opener: HtmlElement | None = None
    run: list[HtmlElement] = []
    for child in children:
        if isinstance(child.tag, str) and child.tag in _BLOCK_TAGS:
            runs.append((opener, run))
            opener, run = child, []
        else:
            run.append(child)
    runs.append((opener, run))
    if _holds_paragraph(children):
        least, wrapper = LOOSE_MIN_WORDS, "p"
    elif _loose_words(holder.text, runs[0][1]) >= LOOSE_MIN_WORDS:
        return []
    else:
        least, wrapper = _LOOSE_PROSE_WORDS, "div"
    made: list[HtmlElement] = []
    for opener, run in runs:
        lead = holder.text if opener is None else opener.tail
        if _loose_words(lead, run) < least and (
            opener is None or _loose_words(lead, run, spans=True) < max(least, _LOOSE_PROSE_WORDS)
        ):
            continue
        paragraph = holder.makeelement(wrapper, {})  # an HtmlElement: `made` keeps its proxy
        if wrapper == "div":
            made.append(paragraph)
        paragraph.text = lead
        if opener is None:
            holder.text = None
            holder.insert(0, paragraph)
        else:
            opener.tail = None
            opener.addnext(paragraph)
        for node in run:
            paragraph.append(node)  # its tail moves with it
    return made


def continued_text(div: HtmlElement, body: HtmlElement) -> None:
    """Wrap the text of a `<div>` holding text only into a paragraph when the block before it
    (past empty anchors) holds paragraphs: a story continued after a "read more" mark
    ("<div class=entry-body><p>…</p></div><a id=more></a><div class=entry-more>Text…</div>").
    trafilatura reads a bare `<div>`'s text only while the paragraphs around it are short: the
    continuation is lost."""
    text = div.text or ""
    if len(text.split()) < LOOSE_MIN_WORDS:
        return
    before = div.getprevious()
    while before is not None and before.tag == "a" and not before.text_content().strip():
        before = before.getprevious()
    if before is None or not isinstance(before.tag, str) or not _holds_paragraph(list(before)):
        return
    if not is_in(div, body):
        return
    paragraph = div.makeelement("p", {})
    paragraph.text = text
    div.text = None
    div.insert(0, paragraph)


_LOOSE_PROSE_WORDS = 60
"""A run of loose text this long in a block without paragraphs is a story typed with line
breaks, not a promo's or a caption's words."""


def _holds_paragraph(children: list[HtmlElement]) -> bool:
    """Whether one of a block's children is a paragraph of `LOOSE_MIN_WORDS` words or more."""
    return any(c.tag == "p" and len(c.text_content().split()) >= LOOSE_MIN_WORDS for c in children)


_UNWRAPPED_TAGS = frozenset({"span"})
"""Inline elements trafilatura unwraps before reading a block: their text becomes loose text."""


def _loose_words(lead: str | None, nodes: list[HtmlElement], spans: bool = False) -> int:
    """The words of a leading text and of the tails after `nodes` (most are blank: skipped
    without splitting); with `spans`, also of the `<span>`s among `nodes`."""
    count = len(lead.split()) if lead and not lead.isspace() else 0
    for node in nodes:
        if spans and node.tag in _UNWRAPPED_TAGS:
            count += len(node.text_content().split())
        tail = node.tail
        if tail and not tail.isspace():
            count += len(tail.split())
    return count


SPACER_TAGS = frozenset({"br", "span", "font", "b", "i", "strong", "em"})
"""What a blog editor's blank line holds: line breaks, alone or in the inline tags of a style."""


def only_line_breaks(block: HtmlElement) -> bool:
    """Whether a block holds nothing but line breaks (`<div><br></div>`,
    `<div><span style=…><br></span></div>`: a blog editor's blank line)."""
    if (block.text or "").strip():
        return False
    breaks = 0
    for node in block.iterdescendants():
        if node.tag not in SPACER_TAGS or (node.text or "").strip() or (node.tail or "").strip():
            return False
        breaks += node.tag == "br"
    return breaks > 0


def as_line_break(spacer: HtmlElement) -> None:
    """A blank-line block made one line break, its tail kept. trafilatura's pass drops the text
    right after such a block when that text is not a paragraph of its own (a story typed in
    `<span>`s between `<br>`s: its first lines were lost)."""
    parent = spacer.getparent()
    if parent is None:
        return
    line_break = parent.makeelement("br", {})  # an HtmlElement, as the tree's own elements are
    line_break.tail = spacer.tail
    parent.replace(spacer, line_break)


def stray_item_as_paragraph(item: HtmlElement) -> None:
    """A list item outside any list made a paragraph when it follows one and holds
    `LOOSE_MIN_WORDS` words or more: an old page's "<p><li>A point…</p>" with no list, which
    trafilatura drops."""
    before = item.getprevious()
    if before is not None and before.tag == "p" and len(item.text_content().split()) >= LOOSE_MIN_WORDS:
        item.tag = "p"
