"""Synthetic HuffPost replicas of any size, in the fixture server's formats.

    from benchmarks.replica import generate_replica, load_manifest
    urls = generate_replica(tmp_path / "huffpost", articles=200, seed=7)
    with FixtureServer(root=tmp_path / "huffpost") as ...: ...

`generate_replica` writes what `newsharvest.testing.server.Replica` serves: ``_site.json``
(origin + routes), ``robots.txt`` (HuffPost's rules and Sitemap lines, *without* a
Crawl-delay, so a benchmark is not throttled), a sitemap index pointing to daily sitemaps,
a Google-News sitemap and an RSS feed of the newest stories, and one page per article in
HuffPost's 2021–2024 template (``entry/<slug>_n_<24 hex>.html``, the first 8 hex digits being
the publication time, as on the live site). Pages vary from 5 to 60 KB of HTML: the
furniture (navigation, trending rail, ads, related links, figures, embeds, newsletter box,
footer, an inline state script) grows with the page, as on real article pages. Every page
is an article the HuffPost profile extracts; ``_articles.json`` (not served: names starting
with ``_`` are private to the server) lists each one's URL, headline, authors and size.

Deterministic: the same `articles` and `seed` write byte-identical files.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path
from urllib.parse import quote

ORIGIN = "https://www.huffpost.com"
"""The live origin the replica's URLs name (the fixture server rewrites it in discovery files)."""
MIN_PAGE_BYTES = 5 * 1024
MAX_PAGE_BYTES = 60 * 1024
ARTICLES_PER_DAY = 50
"""How many stories one daily sitemap lists."""
FIRST_DAY = datetime(2023, 1, 2, 5, 0, tzinfo=UTC)
MANIFEST = "_articles.json"

_ROBOTS = """# Cambria robots (synthetic benchmark replica: no Crawl-delay, so the crawl runs flat out)

User-agent: *
Disallow: /*?*page=
Disallow: /member
Disallow: /*?*err_code=404
Disallow: /search
Disallow: /search/?*
Disallow: /mapi/v4/*/user/*
Disallow: /embed

User-agent: GPTBot
Disallow: /

Sitemap: {origin}/sitemaps/sitemap-v1.xml
Sitemap: {origin}/sitemaps/sitemap-google-news.xml
"""

# --- vocabulary for plausible news text ---------------------------------------------------
_FIRST = ("Dana", "Marcus", "Priya", "Tomás", "Lena", "Owen", "Grace", "Ibrahim", "Ruth", "Kenji",
          "Maya", "Samuel", "Nadia", "Caleb", "Elena", "Jonah", "Aisha", "Felix", "Hannah", "Luis")
_LAST = ("Whitfield", "Ortega", "Raman", "Alvarez", "Brandt", "Keller", "Okafor", "Lindqvist",
         "Moreau", "Tanaka", "Sullivan", "Haddad", "Novak", "Reyes", "Fischer", "Adeyemi", "Park",
         "Castillo", "Byrne", "Mendez")
_PLACES = (("DULUTH", "Minn."), ("BURLINGTON", "Vt."), ("TUCSON", "Ariz."), ("SAVANNAH", "Ga."),
           ("BOISE", "Idaho"), ("SPOKANE", "Wash."), ("AKRON", "Ohio"), ("FRESNO", "Calif."),
           ("LANSING", "Mich."), ("MOBILE", "Ala."))
_CITIES = ("NEW DELHI", "NAIROBI", "BERLIN", "MANILA", "LIMA", "ISTANBUL", "SEOUL", "LAGOS",
           "WARSAW", "QUITO")
_SUBJECTS = ("City officials", "State lawmakers", "The county board", "Federal regulators",
             "Local residents", "The school district", "Hospital administrators", "Transit planners",
             "A coalition of farmers", "Union leaders", "The mayor's office", "Environmental groups",
             "Small-business owners", "Public health experts", "The governor")
_VERBS = ("approved", "rejected", "postponed", "debated", "announced", "questioned", "proposed",
          "defended", "expanded", "reviewed", "criticized", "funded")
_OBJECTS = ("a plan to rebuild the waterfront", "new limits on short-term rentals",
            "a budget for road repairs", "an overhaul of the bus network", "a study of water quality",
            "longer library hours", "a ban on gas leaf blowers", "a contract with the teachers union",
            "emergency housing grants", "a program to plant ten thousand trees",
            "changes to the zoning code", "a review of police overtime", "a new wildfire warning system",
            "funding for rural broadband", "a cap on ambulance fees")
_WHEN = ("on Tuesday", "late Monday", "this week", "after months of hearings", "on Thursday evening",
         "in a close vote", "during a packed meeting", "ahead of the spring deadline",
         "for the second time this year", "without public comment")
_CLAUSES = ("saying the cost had nearly doubled since 2019", "after residents packed the hearing room",
            "despite objections from neighboring towns", "citing a shortage of qualified workers",
            "as inflation squeezed the budget", "with support from both parties",
            "following a report by the state auditor", "amid concerns about rising rents",
            "after a winter of record snowfall", "while the lawsuit moves through the courts")
_QUOTES = ("We owe it to the people who live here to get this right",
           "Nobody thinks this is perfect, but it is a start",
           "The numbers simply do not add up",
           "This has been a long time coming",
           "We heard every concern and we changed the plan because of them",
           "I would rather be slow than wrong",
           "Families cannot wait another year for an answer",
           "It is the most important vote I have taken in office")
_ROLES = ("a spokesperson for the mayor", "the board's vice chair", "a longtime resident",
          "an economist at the state university", "the head of the local chamber of commerce",
          "a nurse who testified at the hearing", "the district superintendent")
_HEAD_SUBJECTS = ("Towns", "Lawmakers", "Regulators", "Voters", "Teachers", "Farmers", "Nurses",
                  "Mayors", "Judges", "Students", "Tenants", "Scientists")
_HEAD_VERBS = ("Push Back On", "Rally Behind", "Weigh", "Reject", "Embrace", "Rethink", "Fight Over",
               "Brace For", "Quietly Back", "Split Over")
_HEAD_OBJECTS = ("Library Hours", "Ferry Funding", "Bus Routes", "Water Rates", "Zoning Rules",
                 "School Start Times", "Wildfire Plans", "Rent Caps", "Road Repairs", "Tree Planting",
                 "Broadband Grants", "Ambulance Fees", "Snow Budgets", "Port Expansion")
_HEAD_TAILS = ("Again", "After A Tough Year", "As Costs Climb", "In Close Vote", "Before Summer",
               "Amid Protests")
_SECTIONS = (("U.S. News", "us-news"), ("World News", "world-news"), ("Politics", "politics"),
             ("Environment", "environment"), ("Business", "business"))
_AGENCIES = ("Associated Press", "Reuters")
_NAV = ("News", "U.S. News", "World News", "Politics", "Entertainment", "Life", "Voices", "Shopping",
        "Health", "Business", "Environment", "Tech")
_FOOTER = ("About Us", "Advertise", "About Our Ads", "Contact Us", "RSS", "FAQ", "Careers",
           "Archive", "User Agreement", "Privacy Policy", "Comment Policy", "HuffPost Press Room")


@dataclass
class ArticleSpec:
    """One generated story: what the page says, so tests can check what extraction finds."""

    url: str
    path: str
    headline: str
    dek: str
    section: str
    published: str
    authors: list[str] = field(default_factory=list)
    agency: str | None = None
    paragraphs: int = 0
    size: int = 0


def generate_replica(root: Path, articles: int, seed: int) -> list[str]:
    """Write a HuffPost replica of `articles` stories into `root`; returns their URLs.

    The URLs name the live origin (``https://www.huffpost.com/entry/…``), as the replica's
    pages do; a crawler reaches them through the fixture server, which maps that origin to
    its own. Sizes are spread log-uniformly over 5–60 KB of HTML.
    """
    if articles < 1:
        raise ValueError("a replica needs at least one article")
    root = Path(root)
    rng = random.Random(seed)
    (root / "entry").mkdir(parents=True, exist_ok=True)
    specs: list[ArticleSpec] = []
    used_ids: set[str] = set()
    for index in range(articles):
        published = FIRST_DAY + timedelta(
            days=index // ARTICLES_PER_DAY, seconds=rng.randrange(0, 15 * 3600)
        )
        spec, html = _article(rng, index, published, used_ids)
        data = html.encode("utf-8")
        spec.size = len(data)
        (root / f"{spec.path.lstrip('/')}.html").write_bytes(data)
        specs.append(spec)
    _write_discovery(root, specs)
    (root / MANIFEST).write_text(
        json.dumps([asdict(s) for s in specs], indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return [s.url for s in specs]


def load_manifest(root: Path) -> list[ArticleSpec]:
    """The stories `generate_replica` wrote into `root`, in generation order."""
    data = json.loads((Path(root) / MANIFEST).read_text(encoding="utf-8"))
    return [ArticleSpec(**item) for item in data]


# --- discovery documents ------------------------------------------------------------------
def _write_discovery(root: Path, specs: list[ArticleSpec]) -> None:
    (root / "robots.txt").write_text(_ROBOTS.format(origin=ORIGIN), encoding="utf-8")
    site = {
        "origin": ORIGIN,
        "routes": {
            "/section/world-news/feed": {
                "file": "section/world-news/feed.xml",
                "content_type": "application/rss+xml; charset=utf-8",
            }
        },
    }
    (root / "_site.json").write_text(json.dumps(site, indent=2), encoding="utf-8")
    days: dict[str, list[ArticleSpec]] = {}
    for spec in specs:
        days.setdefault(spec.published[:10], []).append(spec)
    archive = root / "sitemaps" / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    index = ["<?xml version='1.0' encoding='UTF-8'?>",
             "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"]
    for day, stories in sorted(days.items()):
        name = f"sitemap-{day}-v1.xml"
        lastmod = max(s.published for s in stories)
        index.append(f"    <sitemap>\n        <loc>{ORIGIN}/sitemaps/archive/{name}</loc>\n"
                     f"        <lastmod>{lastmod}</lastmod>\n    </sitemap>")
        urls = ["<?xml version='1.0' encoding='UTF-8'?>",
                "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"]
        urls += [f"    <url>\n        <loc>{s.url}</loc>\n        <lastmod>{s.published}</lastmod>\n"
                 "    </url>" for s in stories]
        urls.append("</urlset>\n")
        (archive / name).write_text("\n".join(urls), encoding="utf-8")
    index.append("</sitemapindex>\n")
    (root / "sitemaps" / "sitemap-v1.xml").write_text("\n".join(index), encoding="utf-8")

    newest = sorted(specs, key=lambda s: s.published, reverse=True)[:100]
    news = ["<?xml version='1.0' encoding='UTF-8'?>",
            "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
            "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>"]
    news += [f"    <url>\n        <loc>{s.url}</loc>\n        <news:news>\n"
             "            <news:publication><news:name>HuffPost</news:name>"
             "<news:language>en</news:language></news:publication>\n"
             f"            <news:publication_date>{s.published}</news:publication_date>\n"
             f"            <news:title>{escape(s.headline)}</news:title>\n        </news:news>\n"
             "    </url>" for s in newest]
    news.append("</urlset>\n")
    (root / "sitemaps" / "sitemap-google-news.xml").write_text("\n".join(news), encoding="utf-8")

    feed_dir = root / "section" / "world-news"
    feed_dir.mkdir(parents=True, exist_ok=True)
    items = "".join(
        f"<item><title>{escape(s.headline)}</title><link>{s.url}?ncid=newsltushpmgnews</link>"
        f"<guid isPermaLink=\"false\">{s.path.rsplit('_', 1)[-1]}</guid>"
        f"<pubDate>{_rfc822(s.published)}</pubDate><description>{escape(s.dek)}</description></item>\n"
        for s in newest[:20]
    )
    (feed_dir / "feed.xml").write_text(
        "<?xml version='1.0' encoding='UTF-8'?>\n<rss version=\"2.0\"><channel>"
        f"<title>World News | HuffPost</title><link>{ORIGIN}/news/world-news</link>"
        "<description>World news from HuffPost</description>\n" + items + "</channel></rss>\n",
        encoding="utf-8",
    )


def _rfc822(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%a, %d %b %Y %H:%M:%S %z")


# --- article pages ------------------------------------------------------------------------
def _sentence(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.55:
        return (f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
                f"{rng.choice(_WHEN)}, {rng.choice(_CLAUSES)}.")
    if kind < 0.75:
        return (f"“{rng.choice(_QUOTES)},” said {rng.choice(_FIRST)} {rng.choice(_LAST)}, "
                f"{rng.choice(_ROLES)}.")
    if kind < 0.9:
        number = rng.choice((f"${rng.randrange(2, 900)} million", f"{rng.randrange(3, 97)}%",
                             f"{rng.randrange(120, 98000):,} residents", f"{rng.randrange(2, 40)} years"))
        return (f"The figure of {number} was cited repeatedly {rng.choice(_WHEN)}, "
                f"{rng.choice(_CLAUSES)}.")
    return (f"{rng.choice(_FIRST)} {rng.choice(_LAST)}, {rng.choice(_ROLES)}, said the debate over "
            f"{rng.choice(_OBJECTS)} was far from over.")


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))


def _headline(rng: random.Random) -> str:
    place = rng.choice(_PLACES)[0].title()
    return (f"{place} {rng.choice(_HEAD_SUBJECTS)} {rng.choice(_HEAD_VERBS)} "
            f"{rng.choice(_HEAD_OBJECTS)} {rng.choice(_HEAD_TAILS)}")


def _slug(text: str) -> str:
    words = "".join(c.lower() if c.isalnum() else " " for c in text).split()
    return "-".join(words[:9])


def _img(rng: random.Random) -> str:
    return f"https://img.huffingtonpost.com/asset/{rng.getrandbits(96):024x}.jpeg"


def _cards(rng: random.Random, css: str, count: int) -> str:
    cards = []
    for n in range(count):
        headline = escape(_headline(rng))
        href = f"{ORIGIN}/entry/{_slug(headline)}_n_{rng.getrandbits(96):024x}"
        cards.append(f'    <div class="card card--{css}"><a class="card__headline js-card-headline" '
                     f'href="{href}" data-vars-item-name="{n + 1}">{headline}</a></div>')
    return "\n".join(cards)


def _furniture(rng: random.Random, kind: str) -> str:
    """One block of page furniture that extraction must leave out of the body."""
    if kind == "ad":
        slot = rng.randrange(1, 99)
        return (f'    <div class="cli cli-advertisement" data-placement="entry_paragraph_{slot}">\n'
                '      <div class="advertisement-label">Advertisement</div>\n'
                f'      <div id="ad_entry_paragraph_{slot}" class="ad-slot__container"></div>\n    </div>')
    if kind == "related":
        links = "\n".join(
            f'        <li class="cli-related-articles__item"><a class="cli-related-articles__link" '
            f'href="{ORIGIN}/entry/{_slug(h)}_n_{rng.getrandbits(96):024x}">{escape(h)}</a></li>'
            for h in (_headline(rng) for _ in range(3))
        )
        return ('    <div class="cli cli-related-articles">\n'
                '      <h3 class="cli-related-articles__title">Related...</h3>\n'
                f'      <ul class="cli-related-articles__list">\n{links}\n      </ul>\n    </div>')
    if kind == "figure":
        src = _img(rng)
        caption = escape(f"{rng.choice(_SUBJECTS)} at a meeting about {rng.choice(_OBJECTS)}.")
        agency = rng.choice(("AP", "Getty Images", "HuffPost"))
        credit = escape(f"{rng.choice(_FIRST)} {rng.choice(_LAST)}/{agency}")
        return ('    <figure class="cli cli-image">\n      <picture class="cli-image__picture">\n'
                f'        <source type="image/webp" srcset="{src}?ops=scalefit_720&amp;format=webp">\n'
                f'        <img class="cli-image__img" src="{src}?ops=scalefit_720" alt="{caption}" '
                'width="720" height="480" loading="lazy">\n      </picture>\n'
                '      <figcaption class="cli-image__caption">'
                f'<span class="cli-image__caption-text">{caption}</span> '
                f'<span class="cli-image__credit">{credit}</span></figcaption>\n    </figure>')
    if kind == "embed":
        handle = f"{rng.choice(_FIRST).lower()}{rng.randrange(10, 99)}"
        return ('    <div class="cli cli-embed"><blockquote class="twitter-tweet"><p lang="en" dir="ltr">'
                f"{escape(rng.choice(_QUOTES))}.</p>&mdash; {handle} (@{handle}) "
                f'<a href="https://twitter.com/{handle}/status/{rng.getrandbits(60)}">March 3, 2023</a>'
                '</blockquote></div>')
    if kind == "support":
        return ('    <div class="cli cli-support-huffpost"><p class="support-huffpost__title">'
                "Support HuffPost</p><p>At HuffPost, we believe that everyone needs high-quality "
                "journalism, but we understand that not everyone can afford to pay for expensive news "
                "subscriptions. That is why we are committed to providing deeply reported, carefully "
                "fact-checked news that is freely accessible to everyone.</p>"
                f'<a class="support-huffpost__button" href="{ORIGIN}/support?source=entry">'
                "Support HuffPost</a></div>")
    raise ValueError(kind)


def _state_script(rng: random.Random, size: int) -> str:
    """An inline JSON state blob like the ones news pages ship for their front-end."""
    entries = []
    total = 0
    while total < size:
        entry = json.dumps({
            "id": f"{rng.getrandbits(96):024x}",
            "headline": _headline(rng),
            "section": rng.choice(_SECTIONS)[1],
            "thumb": _img(rng) + "?ops=400_225",
            "flags": {"sponsored": rng.random() < 0.1, "video": rng.random() < 0.2},
        }, separators=(",", ":"))
        entries.append(entry)
        total += len(entry) + 1
    return ('<script>window.__PRELOADED_STATE__ = {"cards":[' + ",".join(entries)
            + '],"edition":"us"};</script>')


def _article(
    rng: random.Random, index: int, published: datetime, used_ids: set[str]
) -> tuple[ArticleSpec, str]:
    target = int(math.exp(rng.uniform(math.log(MIN_PAGE_BYTES * 1.05), math.log(MAX_PAGE_BYTES * 0.93))))
    headline = _headline(rng)
    entry_id = f"{int(published.timestamp()):08x}{rng.getrandbits(64):016x}"
    while entry_id in used_ids:
        entry_id = f"{int(published.timestamp()):08x}{rng.getrandbits(64):016x}"
    used_ids.add(entry_id)
    kind = "b" if rng.random() < 0.1 else "n"
    path = f"/entry/{_slug(headline)}-{index}_{kind}_{entry_id}"
    url = ORIGIN + path
    section, section_slug = rng.choice(_SECTIONS)
    wire = rng.random() < 0.35
    agency = rng.choice(_AGENCIES) if wire else None
    authors = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(1 if wire else rng.randint(1, 3))]
    authors = list(dict.fromkeys(authors))
    published_iso = published.isoformat(timespec="seconds")
    modified = published + timedelta(minutes=rng.randrange(5, 600)) if rng.random() < 0.4 else None
    modified_iso = modified.isoformat(timespec="seconds") if modified else published_iso
    dek = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_WHEN)}."
    tags = rng.sample(_HEAD_OBJECTS, 2)
    image = _img(rng)
    spec = ArticleSpec(url=url, path=path, headline=headline, dek=dek, section=section,
                       published=published_iso, authors=authors, agency=agency)

    e_headline, e_dek, e_url = escape(headline), escape(dek), escape(url)
    json_ld = json.dumps({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": headline,
        "description": dek,
        "datePublished": published_iso,
        "dateModified": modified_iso,
        "author": [{"@type": "Person", "name": a} for a in authors],
        "publisher": {"@type": "Organization", "name": "HuffPost", "url": ORIGIN},
        "articleSection": section,
        "keywords": [t.lower().replace(" ", "-") for t in tags],
        "image": {"@type": "ImageObject", "url": image, "width": 1200, "height": 630},
        "isAccessibleForFree": True,
        "inLanguage": "en",
    }, indent=2, ensure_ascii=False)
    tag_meta = "".join(f'<meta property="article:tag" content="{escape(t)}">\n' for t in tags)
    topics = "".join(
        f'<a class="entry-eyebrow__topic" href="{ORIGIN}/topic/{_slug(t)}">{escape(t)}</a>' for t in tags
    )
    eyebrow = f'<a class="entry-eyebrow__section" href="{ORIGIN}/news/{section_slug}">{escape(section)}</a>'
    head = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e_headline} | HuffPost {escape(section)}</title>
<meta name="description" content="{e_dek}">
<link rel="canonical" href="{e_url}">
<meta property="og:site_name" content="HuffPost">
<meta property="og:type" content="article">
<meta property="og:title" content="{e_headline}">
<meta property="og:description" content="{e_dek}">
<meta property="og:url" content="{e_url}">
<meta property="og:image" content="{image}">
<meta property="article:published_time" content="{published_iso}">
<meta property="article:modified_time" content="{modified_iso}">
<meta property="article:section" content="{escape(section)}">
{tag_meta}<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:site" content="@HuffPost">
<link rel="stylesheet" href="{ORIGIN}/static/entry-2023.03.css">
<script type="application/ld+json">
{json_ld}
</script>
"""
    if wire:
        byline = ('      <div class="entry-wirepartner">\n'
                  f'        <span class="entry-wirepartner__byline">{escape(authors[0])}</span>\n'
                  f'        <span class="entry-wirepartner__logo">{agency}</span>\n      </div>')
    else:
        byline = "\n".join(
            f'      <div class="entry__byline__author"><a class="entry__byline__author-link" '
            f'href="{ORIGIN}/author/{_slug(a)}" data-vars-item-name="{escape(a)}">{escape(a)}</a>'
            f'<span class="author-title">{rng.choice(("Reporter", "Senior Reporter", "Staff Writer"))}, '
            "HuffPost</span></div>"
            for a in authors
        )
    stamp = (f'<span class="timestamp__date--published">{published:%b %-d, %Y}, '
             f'<time datetime="{published_iso}">{published:%I:%M %p} UTC</time></span>')
    if modified:
        stamp += (f' <span class="timestamp__date--modified">Updated {modified:%b %-d, %Y}, '
                  f'<time datetime="{modified_iso}">{modified:%I:%M %p} UTC</time></span>')
    share = quote(url, safe="")
    article_head = f"""<main id="main" class="main">
<article class="entry entry--standard" data-vars-section="{escape(section)}">
  <header class="entry__header">
    <div class="entry-eyebrow">{eyebrow}{topics}</div>
    <h1 class="headline">{e_headline}</h1>
    <div class="dek">{e_dek}</div>
    <div class="entry__byline">
{byline}
    </div>
    <div class="timestamp">{stamp}</div>
    <div class="share-bar js-share-bar" data-sharing-url="{e_url}">
      <a class="share-bar__item share-bar__item--facebook"
         href="https://www.facebook.com/sharer/sharer.php?u={share}" target="_blank" rel="noopener"></a>
      <a class="share-bar__item share-bar__item--email" href="mailto:?body={share}"></a>
    </div>
  </header>
  <section class="entry__content-list js-entry-content">
"""
    article_tail = """  </section>
  <div class="entry__footer">
    <a class="go-to-homepage" href="/">Go To Homepage</a>
  </div>
</article>
"""
    page_tail = f"""</main>
<footer class="site-footer" role="contentinfo">
  <div class="site-footer__copyright">©{published.year} BuzzFeed, Inc. All rights reserved.</div>
</footer>
<script src="{ORIGIN}/static/entry-2023.03.js" defer></script>
</body>
</html>
"""
    # Optional page furniture, added while the page is below its target size.
    nav = ('<header class="site-header js-site-header" role="banner">\n  <nav class="site-header__nav" '
           'aria-label="Sections">\n    <ul class="site-header__nav-list">\n' + "\n".join(
               f'      <li class="site-header__nav-item"><a class="site-header__nav-link" '
               f'href="{ORIGIN}/news/{_slug(n)}">{escape(n)}</a></li>' for n in _NAV)
           + '\n    </ul>\n  </nav>\n  <a class="site-header__support" '
           f'href="{ORIGIN}/support?source=header">Support HuffPost</a>\n</header>\n')
    trending = ('<section class="trending-rail js-trending-rail" aria-label="Trending stories">\n'
                "  <h2 class=\"trending-rail__title\">What's Hot</h2>\n"
                '  <div class="trending-rail__cards">\n'
                + _cards(rng, "trending", rng.randint(6, 12)) + "\n  </div>\n</section>\n")
    before_you_go = ('<section class="before-you-go js-before-you-go">\n  <h2 class="before-you-go__title">'
                     'Before You Go</h2>\n  <div class="before-you-go__cards">\n'
                     + _cards(rng, "before-you-go", rng.randint(2, 6)) + "\n  </div>\n</section>\n")
    newsletter = ('<aside class="newsletter-signup js-newsletter-signup" data-newsletter-id="morning">\n'
                  '  <h3 class="newsletter-signup__title">Start your day with The Morning Email</h3>\n'
                  '  <p class="newsletter-signup__description">The biggest stories of the day, the essential '
                  "reads and a little bit of fun, delivered before your coffee gets cold.</p>\n"
                  f'  <form class="newsletter-signup__form" action="{ORIGIN}/newsletters/subscribe" '
                  'method="post"><input type="email" name="email" placeholder="email address">'
                  '<button type="submit">Sign Up</button></form>\n</aside>\n')
    footer_nav = ('<nav class="site-footer__nav" aria-label="Footer"><ul class="site-footer__list">\n'
                  + "\n".join(f'  <li class="site-footer__item"><a class="site-footer__link" '
                              f'href="{ORIGIN}/static/{_slug(n)}">{escape(n)}</a></li>' for n in _FOOTER)
                  + "\n</ul></nav>\n")

    body_blocks: list[str] = []
    extras = {"nav": "", "trending": "", "before_you_go": "", "newsletter": "", "footer_nav": "",
              "state": ""}
    dateline = ""
    if wire:
        city = rng.choice(_CITIES)
        dateline = f"{city} ({'AP' if agency == 'Associated Press' else 'Reuters'}) — "
    elif rng.random() < 0.3:
        city, state = rng.choice(_PLACES)
        dateline = f"{city}, {state} — "

    def size() -> int:
        return (len(head) + len(article_head) + len(article_tail) + len(page_tail) + 40
                + sum(len(b) + 1 for b in body_blocks) + sum(len(v) for v in extras.values()))

    def add_paragraph() -> None:
        text = escape(_paragraph(rng), quote=False)
        if not body_blocks:
            text = dateline + text
        body_blocks.append(f'    <div class="primary-cli cli cli-text"><p>{text}</p></div>')

    for _ in range(3):  # at least 40 words of body, whatever the size
        add_paragraph()
    if target > 14 * 1024 and rng.random() < 0.7:
        extras["state"] = _state_script(rng, int(target * rng.uniform(0.1, 0.3)))
    optional = [("nav", nav), ("trending", trending), ("before_you_go", before_you_go),
                ("newsletter", newsletter), ("footer_nav", footer_nav)]
    rng.shuffle(optional)
    inline = ("ad", "ad", "related", "figure", "embed", "support")
    paragraphs_since_block = 0
    while size() < target:
        if optional and rng.random() < 0.35:
            name, block = optional.pop()
            if size() + len(block) <= target + 512:
                extras[name] = block
            continue
        if paragraphs_since_block >= 2 and rng.random() < 0.4:
            block = _furniture(rng, rng.choice(inline))
            if size() + len(block) <= target + 512:
                body_blocks.append(block)
                paragraphs_since_block = 0
                continue
        add_paragraph()
        paragraphs_since_block += 1
    spec.paragraphs = sum(1 for b in body_blocks if "cli-text" in b)

    html = (head + extras["state"] + "\n</head>\n"
            + f'<body class="entry-page" data-entry-id="{entry_id}">\n'
            + extras["nav"] + extras["trending"] + article_head + "\n".join(body_blocks) + "\n"
            + article_tail + extras["before_you_go"] + extras["newsletter"] + page_tail.replace(
                "</footer>", extras["footer_nav"] + "</footer>"))
    return spec, html


def write_sites_file(path: Path, names: list[str]) -> None:
    """A sites file naming each generated replica `names[i]` at ``https://<name>.example``, with
    the HuffPost profile its pages are written in."""
    path.write_text(
        "".join(
            f'[sites.{n}]\nbase_url = "https://{n}.example"\n'
            f"article_pattern = '^/entry/'\nprofile = \"huffpost\"\n"
            for n in names
        ),
        encoding="utf-8",
    )
