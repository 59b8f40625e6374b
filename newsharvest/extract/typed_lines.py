"""The first line of a story's run typed with line breaks, kept on a page rich in paragraphs.

trafilatura's main pass reads a `<div>` as text only on a page with little paragraph text (its
`<p>` elements, counted over the whole page, holding under three times the minimum extracted
size). Elsewhere it discards every `<div>` it meets (`handle_other_elements`), and with it the
block's own text (`div.text`), while the line breaks inside it (`<lb>` by then) still give
paragraphs of their own (`handle_textelem`: the text after an `<lb>` is a paragraph). A run of
loose text wrapped in a `<div>` (`loose_text.wrap_loose_text`: the text after a photo box or a
blockquote, up to the next block) so kept every line but its first: the sentence after a
photo, a subhead in a `<span>`, the text after a quotation. On such a page the run's first
line is put after a line break of its own, where the pass keeps it.

Only there: on a page poor in paragraphs the pass reads a `<div>` holding text of its own
whole, as one paragraph, but a `<div>` without such text child by child, which reads a
different text (hard-wrapped lines joined, other trims after it).
"""

from __future__ import annotations

from lxml import etree

_DIV_TEXT_FACTOR = 3
"""trafilatura reads `<div>`s as text when the page's `<p>` text is under this many times its
minimum extracted size (outside its precision mode)."""


def divs_dropped(tree: etree._Element, min_extracted_size: int) -> bool:
    """Whether trafilatura's main pass will discard the `<div>`s of this converted tree: its
    `<p>` text reaches `_DIV_TEXT_FACTOR` times `min_extracted_size` (counted until it does).

    trafilatura counts after pruning the block it reads, which only lowers the count: a page
    near the line may still have its `<div>`s read, each run then child by child, its lines
    kept all the same."""
    needed = _DIV_TEXT_FACTOR * min_extracted_size
    for paragraph in tree.iter("p"):
        needed -= sum(len(text) for text in paragraph.itertext())
        if needed <= 0:
            return True
    return False


def first_line_after_break(run: etree._Element) -> None:
    """Put a run's first line (its own text, and the inline elements before its first line
    break, which the pass strips into that text) after a new leading line break (`<lb>`)."""
    if (run.text is None or run.text.isspace()) and (len(run) == 0 or run[0].tag == "lb"):
        return
    line_break = run.makeelement("lb", {})
    line_break.tail = run.text
    run.text = None
    run.insert(0, line_break)
