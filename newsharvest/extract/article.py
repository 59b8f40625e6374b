"""`extract_article`: one page, one parse, to a clean `Article` or a `Rejection`.

Layers, cheapest and most trustworthy first, over one parse of the page: structured data
(JSON-LD, meta), then the site's profile when there is one, then the generic extractor.
`newsharvest.extract` exports it without importing it until it is first used.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache

from newsharvest.extract.author_links import linked_author
from newsharvest.extract.byline import Byline, agency_of, dedupe_authors, split_credit
from newsharvest.extract.dateline import story_opening
from newsharvest.extract.dates import resolve_dates
from newsharvest.extract.dates_below import dates_below
from newsharvest.extract.document import CJK_CHARACTER, MAX_HTML_BYTES, Document, http_url
from newsharvest.extract.editor_credits import credited_as_editor
from newsharvest.extract.headings import printed_dek
from newsharvest.extract.invariant import enforce
from newsharvest.extract.layout import rows_as_paragraphs
from newsharvest.extract.microformat_dates import microformat_dates
from newsharvest.extract.persons import names_the_site, outlet_with_address
from newsharvest.extract.posted_by import posted_by_below
from newsharvest.extract.printed_byline import (
    byline_above,
    byline_in_post_footer,
    byline_opening,
    labelled_author,
    visible_byline,
)
from newsharvest.extract.printed_dates import (
    dates_above,
    lines_above,
    lines_near,
    published_above,
    updates_above,
)
from newsharvest.extract.profiled import ProfiledPage, apply_profile
from newsharvest.extract.profiles import SiteProfile, profile_for_url, profile_named
from newsharvest.extract.record import Article, Author, Caption, Embed, Rejection
from newsharvest.extract.rejections import (
    has_body_text,
    is_challenge,
    is_feed,
    is_front_page,
    is_paywall_stub,
    is_single_story,
    looks_binary,
    looks_like_markup,
)
from newsharvest.extract.site_names import site_brands, without_media_label
from newsharvest.extract.stated_body import stated_body
from newsharvest.extract.stated_dek import description_dek
from newsharvest.extract.story_start import StoryStart
from newsharvest.extract.structured import (
    ARTICLE_TYPES,
    NON_ARTICLE_TYPES,
    StructuredData,
    meta_authors,
    microdata_authors,
    read_structured,
)
from newsharvest.extract.title import choose_headline
from newsharvest.extract.unprinted_credit import printed_instead
from newsharvest.reasons import Reason

MIN_BODY_WORDS = 40
"""A page whose body has fewer words than this is not an article (landing, video, stub)…"""
MIN_STORY_WORDS = 5
"""…unless the page says it is one story (see `is_single_story`): then a short post is kept
down to this many words."""
MAX_GENERIC_BLOCKS = 2_000
"""Text blocks (paragraphs, list items, divs…) the generic extractor is given at most: trafilatura's
main loop takes time quadratic in them, and the richest page of the AEB dev half has 836."""
MIN_DECLARED_NON_ARTICLE_WORDS = 150
"""A page declaring itself a video or collection is still an article with this much text
(news sites mark up article pages with an embedded video as VideoObject)."""


def _cjk_words(text: str) -> int:
    """Rough word count of Chinese/Japanese/Korean text, which has no spaces between words."""
    return len(CJK_CHARACTER.findall(text)) // 2


def extract_article(
    html: str | bytes,
    url: str,
    *,
    fetched_at: datetime | None = None,
    content_type: str | None = None,
    profile: str | None = None,
    timezone: str | None = None,
) -> Article | Rejection:
    """Extract the article on one page, or say why there is none.

    `html` may be bytes (decoded the way browsers do, `content_type` being the HTTP header if
    known) or text. `fetched_at` bounds plausible dates. `profile` forces a site profile by
    name; by default the page's URL or canonical URL picks one. `timezone` (an IANA name, the
    site's `timezone` in the sites file) is the zone of a time the page prints without any
    offset; UTC when None.

    `url` must be an absolute http(s) URL, or empty when the address is unknown (a local
    file: relative links are then left out); anything else is rejected as `invalid_url`.
    Every record returned holds the invariant of `newsharvest.extract.invariant`.
    """
    url = url.strip() if isinstance(url, str) else ""
    if url and http_url(url) is None:
        detail = f"not an absolute http(s) URL: {url[:200]!r}"
        return enforce(Rejection(url="", reason=Reason.INVALID_URL, detail=detail))
    try:
        record = _extract(html, url, fetched_at, content_type, profile, timezone)
    except Exception as exc:  # the contract: bad input never raises
        record = Rejection(url=url, reason=Reason.EXTRACTION_ERROR, detail=f"{type(exc).__name__}: {exc}")
    return enforce(record)


def _extract(
    html: str | bytes,
    url: str,
    fetched_at: datetime | None,
    content_type: str | None,
    profile_name: str | None,
    site_zone: str | None = None,
) -> Article | Rejection:
    if html is None or len(html) == 0 or (isinstance(html, str) and not html.strip()):
        return Rejection(url=url, reason=Reason.EMPTY, detail="no content")
    if len(html) > MAX_HTML_BYTES:
        return Rejection(url=url, reason=Reason.TOO_LARGE, detail=f"{len(html)} bytes")
    if looks_binary(html):
        return Rejection(url=url, reason=Reason.NOT_HTML, detail="binary content")
    doc = Document.from_input(html, url, content_type)
    if not doc.html.strip():
        return Rejection(url=url, reason=Reason.EMPTY, detail="no content")
    if not looks_like_markup(doc.html):
        return Rejection(url=url, reason=Reason.NOT_HTML, detail="no HTML markup")
    if is_feed(doc.html):
        return Rejection(url=url, reason=Reason.NOT_HTML, detail="an RSS or Atom feed")
    if doc.root is None or not has_body_text(doc.root):
        return Rejection(url=url, reason=Reason.EMPTY, detail="no text in the page")
    if is_challenge(doc):
        return Rejection(url=url, reason=Reason.CHALLENGE_PAGE, detail="anti-bot interstitial")

    structured = read_structured(doc)
    site = _choose_profile(url, structured, profile_name)
    declared = _non_article_type(structured, site)
    if declared and site is not None:  # a profiled site's page types are known to be right
        return Rejection(url=url, reason=Reason.NOT_ARTICLE, detail=f"page type is {declared}")
    if is_front_page(url, structured.canonical_url, structured.og_type, structured.article_node is not None):
        return Rejection(url=url, reason=Reason.NOT_ARTICLE, detail="the site's front page")

    found = apply_profile(doc, site) if site else ProfiledPage()
    paragraphs, captions = found.paragraphs, found.captions
    embeds: list[Embed] = []
    lead: list[str] = []
    if not paragraphs:
        from newsharvest.extract.generic import extract_generic

        doc.cut_blocks(MAX_GENERIC_BLOCKS)
        generic = extract_generic(doc)
        paragraphs, captions, embeds = generic.paragraphs, captions or generic.captions, generic.embeds
        lead = generic.lead
    # the body's words (its paragraphs joined by blank lines), counted paragraph by paragraph so
    # that a huge body's millions of words are never all in memory at once
    word_count = sum(len(paragraph.split()) for paragraph in paragraphs)
    stated = stated_body(structured.article_node, structured.description, paragraphs)
    if stated is not None:  # the story is told in the JSON-LD, not the markup: the body, judged as any
        lead, paragraphs = [], stated  # the story start is sought by its own first lines
        word_count = sum(len(paragraph.split()) for paragraph in paragraphs)
    free = (structured.article_node or {}).get("isAccessibleForFree")
    if is_paywall_stub(doc, paragraphs, word_count, free):
        return Rejection(url=url, reason=Reason.PAYWALL_STUB, detail=f"{word_count} words behind a paywall")
    # CJK text has no spaces between words: counted only when the spaced words fall short
    enough = max(MIN_BODY_WORDS, MIN_DECLARED_NON_ARTICLE_WORDS)
    size = word_count if word_count >= enough else word_count + _cjk_words("\n\n".join(paragraphs))
    if declared and size < MIN_DECLARED_NON_ARTICLE_WORDS:
        return Rejection(url=url, reason=Reason.NOT_ARTICLE, detail=f"page type is {declared}")
    if size < MIN_BODY_WORDS and (
        size < MIN_STORY_WORDS
        or not is_single_story(
            url, structured.canonical_url, structured.og_type, structured.article_node is not None, doc
        )
    ):
        return Rejection(url=url, reason=Reason.NOT_ARTICLE, detail=f"body of {word_count} words")

    return _assemble(
        doc, structured, found, paragraphs, word_count, captions, embeds, fetched_at, site_zone, lead
    )


def _choose_profile(
    url: str, structured: StructuredData, profile_name: str | None
) -> SiteProfile | None:
    if profile_name:
        return profile_named(profile_name)
    return profile_for_url(url) or profile_for_url(structured.canonical_url or "")


def _non_article_type(structured: StructuredData, site: SiteProfile | None) -> str | None:
    """The declared page type that rules the page out as an article, if any."""
    if structured.article_node is not None:
        return None
    blocking = NON_ARTICLE_TYPES | set(site.not_article_types) if site else NON_ARTICLE_TYPES
    for kind in sorted(structured.page_types):
        if kind in blocking and kind not in ARTICLE_TYPES:
            return kind
    return None


def _credited(doc: Document, structured: StructuredData) -> Byline:
    """The byline of a page its profile (if any) found none on: every person the structured
    data credits (JSON-LD, then author meta tags) but the editors the page prints as such, else
    the printed byline, else hidden microdata. An author meta tag whose people the page never
    prints gives way to a printed byline naming others (`printed_instead`).
    Organisations go to `agency`; a byline naming only organisations keeps them in `raw`."""
    site = structured.site_name
    credited = Byline()
    organisations: list[str] = []
    credits = [p for p in structured.authors if not credited_as_editor(doc, str(p["name"]))]
    for person in credits:
        name = str(person["name"])
        outlet = outlet_with_address(name)  # "Deutsche Welle (www.dw.com)"
        if person.get("type") == "Organization" or outlet or names_the_site(name, site, doc.url):
            organisations.append(outlet or name)
            credited.agency = credited.agency or agency_of(name)
            continue
        found = split_credit(name, None if person.get("type") == "Person" else site)
        if found.authors:
            url = person.get("url") if len(found.authors) == 1 else None
            credited.authors.extend(Author(name=a.name, url=url) for a in found.authors)
        if found.agency:
            credited.agency = credited.agency or found.agency
            if not found.authors:
                organisations.append(name)
    if not credited.authors:
        printed = visible_byline(doc, site)
        if printed.authors or (printed.agency and not organisations):
            printed.agency = printed.agency or credited.agency
            return printed
        hidden = microdata_authors(doc)  # a Person only in hidden microdata
        people = [a for name in hidden for a in split_credit(name, site).authors]
        if people:
            agency = credited.agency or (organisations[0] if organisations else None)
            return Byline(authors=people, agency=agency, raw=", ".join(hidden))
    else:
        outvoted = _outvoted(doc, credited, site)
        if outvoted is None and structured.authors_from_meta:
            outvoted = printed_instead(doc, credited, site)
        if outvoted is not None:
            outvoted.agency = outvoted.agency or credited.agency
            return outvoted
    if credited.authors:
        credited.raw = ", ".join(str(p["name"]) for p in credits)
    elif organisations:
        credited.agency = credited.agency or organisations[0]
        credited.raw = ", ".join(dict.fromkeys(organisations))
    return credited


def _names(authors: list[Author]) -> set[str]:
    return {re.sub(r"[\W_]+", "", a.name.lower()) for a in authors}


def _outvoted(doc: Document, credited: Byline, site: str | None) -> Byline | None:
    """The printed byline when it and the author meta tags name the same people and JSON-LD
    names none of them (a CMS filling JSON-LD with the account that uploaded the story)."""
    meta = [a for name in meta_authors(doc) for a in split_credit(name, site).authors]
    if not meta or not _names(meta).isdisjoint(_names(credited.authors)):
        return None
    printed = visible_byline(doc, site)
    return printed if printed.authors and _names(printed.authors) == _names(meta) else None


def _with_labelled_author(doc: Document, credited: Byline) -> Byline:
    """`credited` with the people of a labelled author line ("作者︱春春") when it names no one."""
    labelled = labelled_author(doc)
    if not labelled.authors:
        return credited
    labelled.agency, labelled.stamp = credited.agency, credited.stamp
    return labelled


def _assemble(
    doc: Document,
    structured: StructuredData,
    found: ProfiledPage,
    paragraphs: list[str],
    word_count: int,
    captions: list[Caption],
    embeds: list[Embed],
    fetched_at: datetime | None,
    site_zone: str | None = None,
    lead: list[str] | None = None,
) -> Article:
    """The record of an article page; `word_count` is its body's, counted once by the caller;
    `lead`: the body's first lines as printed, when they differ from `paragraphs`' (see
    `GenericBody.lead`)."""
    opening = story_opening(paragraphs)
    if opening.paragraphs is not paragraphs:
        paragraphs = opening.paragraphs
        word_count = sum(len(paragraph.split()) for paragraph in paragraphs)
    body = "\n\n".join(paragraphs)  # the rules below read a layout table's rows as rows
    printed = rows_as_paragraphs(paragraphs)
    if printed is not paragraphs:
        word_count = sum(len(paragraph.split()) for paragraph in printed)
    story = StoryStart(doc, lead or paragraphs)  # the headline, dek and date rules look for where it starts
    site_names = cache(lambda: site_brands(doc, structured))
    headline = choose_headline(doc, structured, found.headline, story, site_names)
    story.headline = headline.text  # the byline and date rules read the lines under it
    byline = found.byline
    if not byline.authors and not byline.raw:
        byline = _credited(doc, structured)
    if not byline.authors:
        byline = byline_above(doc, lines_above(story) or lines_near(story), byline, structured.site_name)
    if not byline.authors:
        byline = byline_opening(paragraphs, byline, structured.site_name)
    if not byline.authors and not byline.agency:
        byline = byline_in_post_footer(doc, byline, structured.site_name)
    if not byline.authors:
        byline = linked_author(doc, _with_labelled_author(doc, byline), structured.site_name)
    if not byline.authors and not byline.agency:
        byline = posted_by_below(doc, paragraphs, byline, structured.site_name)
    authors, agency, dateline = byline.authors, byline.agency or opening.agency, opening.dateline
    marked = cache(lambda: microformat_dates(doc))  # a walk of the page: read only when reached
    dates = resolve_dates(
        doc,
        [structured.date_published, found.published_raw, lambda: marked()[0]],
        [structured.date_modified, found.modified_raw, lambda: marked()[1]],
        fetched_at,
        site_zone,
        printed=byline.stamp,
        above=lambda: dates_above(story),
        updated=lambda: updates_above(story),
        labelled=lambda: published_above(story),
        below=lambda: dates_below(doc, paragraphs),
        stated_url=structured.canonical_url,
    )
    return Article(
        url=doc.url,
        canonical_url=structured.canonical_url or doc.url,
        site_name=structured.site_name,
        language=doc.language or structured.language or doc.script_language,
        headline=without_media_label(headline.text),
        headline_raw=headline.raw,
        dek=found.dek or (None if found.headline else printed_dek(story, headline.text))
        or description_dek(structured.description, body, headline.text, site_names),
        authors=dedupe_authors(authors),
        agency=agency,
        byline_raw=byline.raw,
        dateline=dateline,
        date_published=dates.published,
        date_published_raw=dates.published_raw,
        date_modified=dates.modified,
        date_modified_raw=dates.modified_raw,
        section=structured.section or found.section,
        tags=found.tags or structured.tags,
        body=body if printed is paragraphs else "\n\n".join(printed),
        captions=captions,
        embeds=embeds,
        top_image=structured.image or next((c.image_url for c in captions if c.image_url), None),
        word_count=word_count,
    )
