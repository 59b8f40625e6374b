"""AP News (apnews.com): the March-2023 React layout and the layout since mid-2023, side by side.

The 2023 layout carries generated class names (``Component-bylines-0-2-19``), so it is
selected by its stable ``data-key`` attributes and class-name prefixes; the current layout
has plain Brightspot classes (``Page-headline``, ``RichTextStoryBody``). Both print the
byline in capitals ("By MATTHEW LEE") and show the *update* time next to it, so the
timestamps are `modified` here and the publication time comes from JSON-LD.
"""

from __future__ import annotations

from newsharvest.extract.profiles.base import SiteProfile

_OLD_BODY = 'div.Article[data-key="article"]'
_NEW_BODY = "div.RichTextStoryBody"

APNEWS = SiteProfile(
    name="apnews",
    hosts=("apnews.com",),
    headline=(
        "h1.Page-headline",  # current
        'div[data-key="card-headline"] h1',  # 2023
        "h1",
    ),
    dek=(
        "p.descriptionSummary",  # 2023, usually empty
        'meta[name="description"]',  # AP's own summary; JSON-LD description is the lede
    ),
    authors=("div.Page-authors .Link",),  # current: one span/link per author, links to /author/
    byline=("div.Page-authors", 'span[class*="Component-bylines"]'),
    section=("div.Page-breadcrumbs a",),
    tags=("div.RelatedTopics a.related-topic-link",),  # 2023; the current layout prints none
    published=("div.Page-datePublished bsp-timestamp",),
    modified=(
        "div.Page-dateModified bsp-timestamp",  # data-timestamp, epoch milliseconds
        'span.Timestamp[data-key="timestamp"]',  # data-source, ISO 8601
    ),
    body=(
        # Direct children only: photos, related lists, info boxes and embeds nest deeper.
        f"{_NEW_BODY} > p, {_NEW_BODY} > h2, {_NEW_BODY} > h3, {_NEW_BODY} > ul, {_NEW_BODY} > ol,"
        f" {_NEW_BODY} > blockquote",
        f"{_OLD_BODY} > p, {_OLD_BODY} > h2, {_OLD_BODY} > ul, {_OLD_BODY} > blockquote",
    ),
    figures=(
        "div.Page-lead figure.Figure, div.RichTextStoryBody figure.Figure",  # current
        "a.LeadFeature div.count-caption, div.LeadFeature div.count-caption",  # 2023
    ),
    caption_text=("figcaption.Figure-caption", '[data-key="embed-caption"]'),
    drop=(
        ".SovrnAd",
        ".Advertisement",
        '[class*="Component-dfp"]',
        ".PageListEnhancementGeneric",
        ".HTMLModuleEnhancement",
        ".Infobox",
        ".Page-actions",
        ".SocialShare",
        ".RelatedTopics",
    ),
    not_article_types=("website", "webpage", "collectionpage", "video.other", "videoobject"),
)
"""The AP News profile."""
