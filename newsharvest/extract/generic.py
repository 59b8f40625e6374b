"""Generic article-body extraction for sites without a profile: trafilatura plus our own rules.

trafilatura finds the main content; around it we

1. take photo captions out of the page into their own list (figure/figcaption, caption blocks,
   credit split from text: `caption_blocks`), unless they hold more words than the body left
   without them (a photo post or gallery telling its story in caption blocks: then they stay
   in the text);
2. prune what it would keep but our records must not: the standfirst shown in the story's
   header (`header_deks`), blocks whose every word links to another page of the same site
   (related stories), lists of the site's links under a related-stories heading,
   newsletter/share/promo boxes inside the article, hover cards hidden inside linked names
   (`pruning`); embedded posts and videos (tweets, Instagram, TikTok, YouTube… with their
   widget wrappers) go to their own list (`embedded_posts`); and keep what it would drop:
   subheads named like deks, text typed outside paragraphs (`loose_text`), a story's lists on
   a page it finds no frame on (`frameless_lists`);
3. join an article body split across several same-class containers (ads between them), of
   which trafilatura would keep the first only (`split_body`, `twin_frames`);
4. hold its text against readability's reading when link furniture may sit at its ends
   (`reading_cut`, `link_text`);
5. drop headline repeats, kickers, time stamps and the page's own URL at the top, furniture
   lines anywhere, and tail lines, the site's boilerplate about itself and the scraps after a
   sign-off at the end of the text it returns (`line_filter`, see `cleanup`).

One walk over the page's body finds the elements the rules of 1-3 read (`tree_scan`).
trafilatura's fast cascade runs on one copy of the tree the `Document` already parsed (no
second parse); its slower second opinions (readability, justext, baseline) only run when the
main pass finds next to nothing. All patterns and XPaths are compiled at import.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.baseline import baseline
from trafilatura.external import compare_extraction, sanitize_tree, try_readability
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.settings import Extractor
from trafilatura.xml import xmltotxt

from newsharvest.extract.caption_blocks import take_captions
from newsharvest.extract.cascade import extract_content
from newsharvest.extract.cleanup import comparable
from newsharvest.extract.comment_threads import drop_comment_threads
from newsharvest.extract.disagreement import far_longer_elsewhere, is_short, reading_instead
from newsharvest.extract.document import Document, drop_keeping_tail
from newsharvest.extract.embedded_posts import take_embeds, without_placeholders
from newsharvest.extract.frameless_lists import lists_as_paragraphs
from newsharvest.extract.header_deks import drop_dek, drop_dek_blocks
from newsharvest.extract.joiners import has_joiners, hide_joiners, restore_joiners
from newsharvest.extract.layout import PROSE_CELL_WORDS, trim_layout_rows
from newsharvest.extract.line_filter import cut_at_page_footer, filter_lines, headline_forms
from newsharvest.extract.link_text import (
    PageLinks,
    is_internal,
    linked_chars,
    linked_share,
    unlinked_words,
    url_host,
    without_link_runs,
)
from newsharvest.extract.linked_prose import keep_linked_prose
from newsharvest.extract.loose_text import (
    as_line_break,
    continued_text,
    stray_item_as_paragraph,
    wrap_loose_text,
)
from newsharvest.extract.pruning import (
    drop_boxes,
    drop_comments_after,
    drop_hover_cards,
    drop_related_lists,
    drop_teasers,
)
from newsharvest.extract.reading_cut import (
    LINK_LIST_SHARE,
    MIN_READABLE_WORDS,
    against_reading,
    reading_may_cut,
    word_count,
)
from newsharvest.extract.record import Caption, Embed
from newsharvest.extract.slides import without_slides
from newsharvest.extract.split_body import join_split_body
from newsharvest.extract.story_box import cut_box_after_story
from newsharvest.extract.teaser_cards import drop_teaser_cards
from newsharvest.extract.teaser_pairs import without_teaser_pairs
from newsharvest.extract.tree_scan import scan_body
from newsharvest.extract.twin_frames import join_twin_frames
from newsharvest.extract.typed_lines import divs_dropped, first_line_after_break

LOGGER = logging.getLogger(__name__)

_OPTIONS = Extractor(fast=True, comments=False, tables=True, output_format="txt")
"""trafilatura's settings, built once: the fast cascade (its fallbacks cost time, not F1)."""


@dataclass
class GenericBody:
    """The article body found by the generic extractor, captions kept apart."""

    paragraphs: list[str] = field(default_factory=list)
    """Body paragraphs in page order (the dateline stays in the first)."""
    captions: list[Caption] = field(default_factory=list)
    """Photo captions of the story, credit split from text, each photo once."""
    embeds: list[Embed] = field(default_factory=list)
    """Posts and videos embedded in the story (not in `paragraphs`), in page order."""
    lead: list[str] = field(default_factory=list)
    """The first lines as the page prints them when the layout rules cut cells or rows out of
    them (a table's headline cell): where the story starts on the page. Empty: `paragraphs`."""


_LEAD_LINES = 3
"""How many first lines the headline rules look for on the page (see `story_start.StoryStart`)."""


def extract_generic(doc: Document) -> GenericBody:
    """The body paragraphs and photo captions of a page; empty (never an exception) on junk."""
    if doc.root is None:
        return GenericBody()
    try:
        links = PageLinks(doc)
        found = _extract(doc, links)
        if not found.captions:
            return found
        caption_words = word_count([c.text for c in found.captions])
        kept = None
        if not _words_reach(found.paragraphs, caption_words):
            # a photo post or gallery tells its story in the blocks named as captions: taken
            # out, they leave a body shorter than themselves (often the page's furniture)
            kept = _extract(doc, links, keep_captions=True)
            if word_count(kept.paragraphs) > word_count(found.paragraphs):
                return _captions_left_out(kept, found)
        own = unlinked_words(found.paragraphs, links.texts)
        if caption_words > own:
            found = _captions_over_links(doc, found, links, own, kept)
        return found
    except Exception:  # junk pages (RecursionError on absurd nesting…) must not stop a crawl
        LOGGER.warning("generic extraction failed on %s", doc.url, exc_info=True)
        return GenericBody()


# --- the pipeline -------------------------------------------------------------------------------


def _captions_left_out(kept: GenericBody, found: GenericBody) -> GenericBody:
    """The reading with the caption blocks left in the text, its caption list without the
    captions that text now holds."""
    text = comparable(" ".join(kept.paragraphs))
    kept.captions = [c for c in found.captions if comparable(c.text) not in text]
    return kept


def _captions_over_links(
    doc: Document, found: GenericBody, page_links: PageLinks, own: float, kept: GenericBody | None
) -> GenericBody:
    """A body of link lines (a list of other stories, a menu) under a story told in caption
    blocks (a gallery's slides): the reading with the captions left in the text (`kept`, made
    here if not yet) when it has more words outside links than `own`, the body's, else the
    captions' text itself.

    The link words of the body (`unlinked_words`, every link of the page counted) are not the
    story's, so the captions are weighed against its other words only.
    """
    links = page_links.texts
    if kept is None:
        kept = _extract(doc, page_links, keep_captions=True)
    if unlinked_words(kept.paragraphs, links) > own:
        return _captions_left_out(kept, found)
    if linked_share(found.paragraphs, links) < LINK_LIST_SHARE:
        return found
    return GenericBody(paragraphs=[c.text for c in found.captions if c.text], embeds=found.embeds)


def _extract(doc: Document, links: PageLinks, keep_captions: bool = False) -> GenericBody:
    """Captions out, our pruning, trafilatura's cascade, then the line filters."""
    assert doc.root is not None
    tree, captions, embeds, runs = _prepared_tree(doc, keep_captions)
    spare = deepcopy(tree)  # for readability's readings below: a copy costs a tenth of preparing again
    headlines = headline_forms(doc)
    try:
        result, text = _cascade(tree, doc.url, runs)
    except ValueError:  # an element name lxml refuses to create again (see `_unwrap_misnamed`)
        result, text = _cascade(_unwrap_misnamed(deepcopy(spare)), doc.url)
    if len(text) < _OPTIONS.min_extracted_size:
        result = _rescue(doc, result, text, keep_captions)
    paragraphs, placed = _paragraphs(result, headlines, doc.url)
    reading: tuple[list[str], list[int]] | None = None
    if _layout_table_share(paragraphs) > _LAYOUT_TABLE_SHARE:
        # a page laid out in tables, kept whole as one table: readability scores its cells
        reading = _reading(spare, headlines, doc.url)
        if word_count(reading[0]) >= MIN_READABLE_WORDS:
            paragraphs, placed = reading
    else:
        paragraphs, placed, reading = _trim_to_reading(doc, links, spare, headlines, paragraphs, placed)
    if is_short(paragraphs):
        # a short post's one block may be the wrong one (a sidebar bio): readability's pick
        # replaces it when the two share next to nothing
        reading = reading or _reading(spare, headlines, doc.url)
        if reading_instead(paragraphs, reading[0]):
            paragraphs, placed = reading
    if reading is not None and far_longer_elsewhere(paragraphs, reading[0]):
        # our pass kept a box beside the story (a shop's offer after its last lines)
        paragraphs, placed = reading
    paragraphs = without_slides(without_teaser_pairs(without_link_runs(paragraphs, links), links))
    paragraphs = cut_at_page_footer(paragraphs)
    trimmed = trim_layout_rows(paragraphs)
    return GenericBody(
        paragraphs=trimmed,
        captions=captions,
        embeds=[embeds[i] for i in placed if i < len(embeds)],
        lead=paragraphs[:_LEAD_LINES] if trimmed != paragraphs else [],
    )


def _cascade(tree: HtmlElement, url: str, runs: Sequence[HtmlElement] = ()) -> tuple[etree._Element, str]:
    """trafilatura's cleaning, tag conversion and main cascade on a prepared tree (changed); the
    line-typed `runs` of it that `wrap_loose_text` made keep their first line when the pass
    will discard the page's `<div>`s (see `typed_lines`)."""
    converted = convert_tags(tree_cleaning(tree, _OPTIONS), _OPTIONS, url)
    lists_as_paragraphs(converted)
    if runs and divs_dropped(converted, _OPTIONS.min_extracted_size):
        for run in runs:
            if run.getroottree().getroot() is converted:  # not cleaned away with a block around it
                first_line_after_break(run)
    return extract_content(converted, _OPTIONS)


_XML_NAME = re.compile(r"[A-Za-z_][\w.-]*")


def _unwrap_misnamed(tree: HtmlElement) -> HtmlElement:
    """`tree` with every element whose name is no XML name unwrapped, its text kept in place.

    The HTML parser makes elements of text typed in angle brackets ("<http://example.org/>"
    in a page's plain text becomes an element named "http:"); trafilatura copies some
    elements into a new tree, where lxml refuses such a name and the cascade raises. Only
    a page on which it raised is read again this way: elsewhere such elements are left as
    trafilatura treats them (a "fb:like" widget's text stays out)."""
    for element in list(tree.iter(etree.Element)):
        if _XML_NAME.fullmatch(element.tag) is None and element.getparent() is not None:
            element.drop_tag()
    return tree


_MIN_PAGE_LINKED = 0.02
"""Below this share of linked characters in our text, its ends cannot be link furniture worth
readability's pass."""


def _trim_to_reading(
    doc: Document,
    links: PageLinks,
    tree: HtmlElement,
    headlines: set[str],
    paragraphs: list[str],
    placed: list[int],
) -> tuple[list[str], list[int], tuple[list[str], list[int]] | None]:
    """Our text held against readability's reading of `tree`, the same pruned page (see
    `against_reading`), with the embeds placed in the text kept, and the reading (None when
    not read). Pages with next to no link text in ours skip readability's pass: there is no
    furniture to find; so do pages whose text readability's reading could not cut (see
    `reading_may_cut`)."""
    anchors = links.anchors
    linked = linked_chars(paragraphs, anchors)
    total = sum(len(line) for line in paragraphs)
    if not total or sum(linked) / total < _MIN_PAGE_LINKED or not reading_may_cut(paragraphs, linked):
        return paragraphs, placed, None
    reading, reading_placed = _reading(tree, headlines, doc.url)
    kept = against_reading(paragraphs, reading, anchors, linked)
    if kept is reading:
        return reading, reading_placed, (reading, reading_placed)
    return kept, placed, (reading, reading_placed)


def _reading(tree: HtmlElement, headlines: set[str], url: str) -> tuple[list[str], list[int]]:
    """readability's reading of `tree` (a pruned page, changed by the pass: read it once) as our
    filtered lines and the embeds it placed."""
    algo = try_readability(tree)
    algo, _ = sanitize_tree(algo, _OPTIONS)
    return _paragraphs(algo, headlines, url)


def _paragraphs(result: etree._Element, headlines: set[str], url: str) -> tuple[list[str], list[int]]:
    """The filtered lines of one extraction result, and the embeds it kept (their indexes, in
    text order), their placeholders taken out."""
    lines: list[str] = []
    placed: list[int] = []
    for line in xmltotxt(result, False).split("\n"):
        line = restore_joiners(without_placeholders(line, placed)).strip()
        if line:
            lines.append(line)
    return filter_lines(lines, headlines, url), placed


_LAYOUT_TABLE_SHARE = 0.5


def _layout_table_share(paragraphs: list[str]) -> float:
    """The share of a body's characters in table-row lines ("| cell | cell |"), when one of
    the cells holds prose (a data table's cells are short)."""
    rows = [p for p in paragraphs if p.startswith("|")]
    if not any(len(cell.split()) >= PROSE_CELL_WORDS for row in rows for cell in row.split("|")):
        return 0.0
    total = sum(len(p) for p in paragraphs)
    return sum(len(p) for p in rows) / total if total else 0.0


def _words_reach(paragraphs: list[str], count: int) -> bool:
    """Whether the paragraphs hold `count` words or more: counted only until they do."""
    for paragraph in paragraphs:
        if count <= 0:
            return True
        count -= len(paragraph.split())
    return count <= 0


def _prepared_tree(
    doc: Document, keep_captions: bool = False
) -> tuple[HtmlElement, list[Caption], list[Embed], list[HtmlElement]]:
    """A copy of the page with trafilatura's raw-tree prunes and ours done; the captions
    (none, their blocks left in place, with `keep_captions`), the embedded posts (each
    left as a placeholder paragraph where it stood) and the runs of a story typed with line
    breaks wrapped in `<div>`s (see `wrap_loose_text`)."""
    assert doc.root is not None
    tree = deepcopy(doc.root)
    body = tree.find("body")
    if body is None:
        body = tree
    scan = scan_body(body)
    # trafilatura's raw-tree prunes first: one of them looks for the h1 of the real article
    for node in scan.raw_prune + scan.comments:
        drop_keeping_tail(node)
    for mark in scan.comment_marks:
        drop_comments_after(mark)
    drop_comment_threads(scan.comment_links, tree)
    host = url_host(doc.url)
    members = [link for link in scan.nofollow_links if is_internal(link.get("href") or "", host)]
    drop_comment_threads(scan.commenter_links + members, tree, leading=True)  # threads printing no permalinks
    captions = [] if keep_captions else take_captions(scan.caption_nodes, body, doc)
    embeds = take_embeds(scan.embeds, body, doc)
    drop_hover_cards(scan.hovers)
    drop_boxes(scan.boxes, scan.gated)
    drop_teaser_cards(scan.titled_links, host)
    drop_teasers(scan.link_blocks, host)
    drop_related_lists(scan.lists, host)
    keep_linked_prose(scan.link_blocks)
    drop_dek(body, doc)
    drop_dek_blocks(scan.deks, body)
    join_split_body(scan.containers, body)
    join_twin_frames(scan.frames, body)
    cut_box_after_story(body)
    for item in scan.stray_items:
        stray_item_as_paragraph(item)
    runs = [run for holder in scan.holders for run in wrap_loose_text(holder)]
    for bare in scan.bare:
        continued_text(bare, body)
    for spacer in scan.spacers:
        as_line_break(spacer)
    if has_joiners(doc.html):
        hide_joiners(tree)  # through trafilatura, which drops them (see `joiners`)
    return tree, captions, embeds, runs


def _rescue(doc: Document, result: etree._Element, text: str, keep_captions: bool = False) -> etree._Element:
    """A short result gets trafilatura's second opinions: readability/justext, then baseline.

    Only pages where the main pass found next to nothing pay for these (new tree copies).
    """
    raw = _prepared_tree(doc, keep_captions)[0]
    cleaned = tree_cleaning(deepcopy(raw), _OPTIONS)
    result, text = compare_extraction(cleaned, raw, result, text, _OPTIONS)
    if len(text) < _OPTIONS.min_extracted_size:
        b_body, _b_text, b_len = baseline(_prepared_tree(doc, keep_captions)[0])
        if b_len > len(text):
            result = b_body
    return result
