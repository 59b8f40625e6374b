"""HuffPost (huffpost.com, huffingtonpost.com): the 2021–2024 template, the 2017–2020 one, the
huffingtonpost.com one of late 2016 (the same BEM classes without `entry__text`) and the
schema.org-microdata one of 2012–2016, selectors side by side."""

from __future__ import annotations

from newsharvest.extract.profiles.base import SiteProfile

HUFFPOST = SiteProfile(
    name="huffpost",
    hosts=("huffpost.com", "huffingtonpost.com"),
    headline=("h1.headline", "h1.headline__title", "h1"),
    dek=(
        "header.entry__header div.dek",
        "div.dek",
        "div.headline__subtitle",
        "h2.headline__subtitle",  # huffingtonpost.com, 2016
    ),
    authors=(
        "div.entry__byline__author",  # 2021–2024: one block per author, name in the link
        "div.author-card--byline .author-card__name",  # pre-2020 author card
        "div.byline__authors a.author-card__details__link",  # huffingtonpost.com, 2016
        "a[itemprop=author]",  # huffingtonpost.com microdata: the author's link
    ),
    wire_byline=("span.entry-wirepartner__byline",),
    agency=("span.entry-wirepartner__logo", ".wire-partner-component"),
    section=("a.entry-eyebrow__section", "span.entry-eyebrow a", "a.entry__section"),
    tags=("a.entry-eyebrow__topic", "div.tag-cloud a.tag"),
    published=(
        "span.timestamp__date--published time",
        "span.timestamp__date--published",
        "[itemprop=datePublished]",  # huffingtonpost.com: "Posted: 08/09/2012 10:56 am"
    ),
    modified=(
        "span.timestamp__date--modified time",
        "span.timestamp__date--modified",
        "[itemprop=dateModified]",
    ),
    body=(
        "section.entry__content-list div.primary-cli.cli-text",  # 2021–2024
        "div.entry__text div.content-list-component.text",  # pre-2020
        "div.entry__body div.content-list-component.text",  # huffingtonpost.com, 2016
        # huffingtonpost.com microdata: the text blocks straight under the body (slideshows,
        # ads and promos nest deeper)
        ", ".join(
            f"div[itemprop=articleBody] > {tag}" for tag in ("p", "blockquote", "ul", "ol", "h2", "h3")
        ),
    ),
    figures=(
        "section.entry__content-list figure.cli-image",
        "div.entry__body figure.image",
        "div[itemprop=photo]",  # huffingtonpost.com: the lead photo, its caption in div.caption
    ),
    caption_text=(".cli-image__caption-text", ".image__caption", "div.caption"),
    caption_credit=(".cli-image__credit", ".image__credit"),
    drop=(
        ".cli-advertisement",
        ".cli-related-articles",
        ".cli-embed",
        ".cli-pullquote",
        ".cli-support-huffpost",
        ".newsletter-signup",
        ".before-you-go",
        ".trending-rail",
        ".ad_wrapper",  # huffingtonpost.com: mid-article ad
        ".promo_holder",  # huffingtonpost.com: "Related on HuffPost" slideshow
    ),
    not_article_types=("video.other", "videoobject", "website"),
)
"""The HuffPost profile."""
