"""Authors: credits split into people, junk never a name, organisations kept apart as agency."""

from __future__ import annotations

import json

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.byline import is_person_name, parse_byline, split_credit

BODY = "<p>" + "The council met on Tuesday and voted on the budget for the coming year. " * 8 + "</p>"


def _page(head: str = "", body: str = "", lang: str = "en") -> str:
    return (
        f'<html lang="{lang}"><head><title>Council passes budget</title>{head}</head>'
        f"<body><article><h1>Council passes budget</h1>{body}{BODY}</article></body></html>"
    )


def _json_ld(author: object) -> str:
    node = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Council passes budget",
            "author": author}
    return f'<script type="application/ld+json">{json.dumps(node)}</script>'


def _record(html: str) -> Article:
    record = extract_article(html, "https://news.example.org/2024/05/14/council-budget")
    assert isinstance(record, Article), record
    return record


@pytest.mark.parametrize(
    ("printed", "names", "agency"),
    [
        ("By Ana Ruiz and Tom Lee", ["Ana Ruiz", "Tom Lee"], None),
        ("Ana Ruiz, Tom Lee, Mia Wong and Raj Patel", ["Ana Ruiz", "Tom Lee", "Mia Wong", "Raj Patel"], None),
        ("Von Anna Schmidt und Jan Berg, dpa", ["Anna Schmidt", "Jan Berg"], "dpa"),
        ("Par Pierre Martin et Claire Dubois", ["Pierre Martin", "Claire Dubois"], None),
        ("Por Ana Pérez y Juan Gómez", ["Ana Pérez", "Juan Gómez"], None),
        ("di Marco Rossi e Giulia Bianchi", ["Marco Rossi", "Giulia Bianchi"], None),
        ("Ana Ruiz & Tom Lee", ["Ana Ruiz", "Tom Lee"], None),
        ("Tech Industry by Steven Musil January 18, 2017 11:00 PM PST @stevenmusil", ["Steven Musil"], None),
        ("By Brenda Goodman, MA", ["Brenda Goodman"], None),
        ("山田太郎・鈴木花子", ["山田太郎", "鈴木花子"], None),
        ("田中、佐藤", ["田中", "佐藤"], None),
        ("ana.ruiz@example.org", [], None),
        ("Reuters", [], "Reuters"),
        ("Bruce Y. Lee", ["Bruce Y. Lee"], None),  # an initial, not Spanish "y"
        ("POR ANA PÉREZ Y JUAN GÓMEZ", ["Ana Pérez", "Juan Gómez"], None),
        ("Reuters, Washington, Nov 20 2019, 11:06am ist", [], "Reuters"),  # the dateline's place
        ("Sleyca", ["Sleyca"], None),  # a one-word credit is kept
        ("Posted by Mara Lindqvist on March 3, 2014 at 9:15 am", ["Mara Lindqvist"], None),
        ("Posted by: Rob Hale", ["Rob Hale"], None),
        ("Posted by Lars Dorn @ 5:56 am", ["Lars Dorn"], None),  # "@" before the time
        ("By Len Powers on 10.29.12 | Photo by Acme", ["Len Powers"], None),
        ("By NBC's Dana Whitfield and Omar Reyes", ["Dana Whitfield", "Omar Reyes"], None),
        ("By NBC News' Lena Marsh and Tariq Bello", ["Lena Marsh", "Tariq Bello"], None),
        ("By Jim O'Neill and Conan O'Brien", ["Jim O'Neill", "Conan O'Brien"], None),
        ("By Jonas Ramirez RSS feed", ["Jonas Ramirez"], None),
        ("// By Arun Sai Krishnan • Nov 11, 2020", ["Arun Sai Krishnan"], None),  # a bullet before the date
        ("Ann Lee · 5 min read", ["Ann Lee"], None),
        ("By DeAndre Jordan and Ronald McDonald", ["DeAndre Jordan", "Ronald McDonald"], None),
        ("Kitty Weber View Profile Email Twitter RSS", ["Kitty Weber"], None),
        ("By Dave Larsen (Contact) Thursday, March 5, 2009", ["Dave Larsen"], None),
        ("By Belle Tanner in London", ["Belle Tanner"], None),
        ("Juan de la Cruz", ["Juan de la Cruz"], None),
        ("Tracy Glen/tglen@planet.example", ["Tracy Glen"], None),
        ("By JESSIE MINTON AP Technology Writer | DENVER Mar 4, 2009 (AP)", ["Jessie Minton"], "AP"),
        ("Ministry of Justice and Security", [], None),  # one organisation: "Security" is no person
        ("Centre for Marine Studies and Research, Office of Coastal Affairs", [], None),
        ("Ana Ruiz and Tom Lee, Office of Coastal Affairs", ["Ana Ruiz", "Tom Lee"], None),
        ("Mara Lind About the author Mara trained as an engineer (ships and aircraft)", ["Mara Lind"], None),
        ("Victor Lane, Futurism", ["Victor Lane"], None),  # the outlet credited after the name
        ("Ana Ruiz, Tom Lee, Cher", ["Ana Ruiz", "Tom Lee"], None),
        ("Cher, Madonna", ["Cher", "Madonna"], None),  # one-word names among one-word names stay
        ("PA Sport/Sportal", [], "PA"),
        ("Posted by Ines Varga, Product Manager", ["Ines Varga"], None),  # a job title after a comma
        ("Omar Field, Developer Programs Engineer", ["Omar Field"], None),
    ],
)
def test_printed_bylines_split_into_people(printed: str, names: list[str], agency: str | None) -> None:
    byline = parse_byline(printed)
    assert [a.name for a in byline.authors] == names
    assert byline.agency == agency


def test_the_date_after_the_names_is_kept_apart() -> None:
    byline = parse_byline("por César Salza 1 de diciembre de 2017 3:00 AM PST")
    assert [a.name for a in byline.authors] == ["César Salza"]
    assert byline.stamp == "1 de diciembre de 2017 3:00 AM PST"


@pytest.mark.parametrize(
    "junk",
    ["ana.ruiz@example.org", "12345", "https://news.example.org/authors/ana", "Ilanga D", "mcupdate",
     "Staff Writer", "The Daily Planet", "Follow", "Daily Planet", "View Comments", "Posted on", "E-mail",
     "CBS", "The Contactmusic team", "tips over at Hou", "Editorial", "Center for Drug Evaluation",
     "Patrick AllanProfileFollowUnfollow", "My Account", "About Ann Lee", "Watch Ann Lee"],
)
def test_junk_is_never_a_name(junk: str) -> None:
    assert not is_person_name(junk, site_name="The Daily Planet")


def test_the_sites_own_name_is_an_organisation_credit() -> None:
    credit = split_credit("The Daily Planet", site_name="The Daily Planet")
    assert credit.authors == [] and credit.agency == "The Daily Planet"


@pytest.mark.parametrize(
    "author",
    [
        {"@type": "Person", "byline": "Ana Ruiz and Tom Lee"},
        {"@type": ["Person", "Organization"], "name": "Ana Ruiz and Tom Lee"},
        [{"@type": "Person", "name": "Ana Ruiz"}, [{"@type": "Person", "name": "Tom Lee"}]],
        "Ana Ruiz, Tom Lee",
        {"@type": "Person", "givenName": "Ana", "familyName": "Ruiz", "name": ""},
    ],
)
def test_every_person_json_ld_credits(author: object) -> None:
    record = _record(_page(head=_json_ld(author)))
    names = [a.name for a in record.authors]
    one = isinstance(author, dict) and "givenName" in author
    assert names == (["Ana Ruiz"] if one else ["Ana Ruiz", "Tom Lee"])


def test_json_ld_author_by_reference_is_resolved() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "NewsArticle", "headline": "Council passes budget", "author": {"@id": "#ana"}},
            {"@id": "#ana", "@type": "Person", "name": "Ana Ruiz", "url": "https://news.example.org/ana"},
        ],
    }
    record = _record(_page(head=f'<script type="application/ld+json">{json.dumps(graph)}</script>'))
    assert [(a.name, a.url) for a in record.authors] == [("Ana Ruiz", "https://news.example.org/ana")]


def test_json_ld_with_a_raw_line_break_in_a_string_is_read() -> None:
    script = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council passes budget",'
        ' "description": "The council met\non Tuesday", "author": {"@type": "Person", "name": "Ana Ruiz"}}'
        "</script>"
    )
    assert [a.name for a in _record(_page(head=script)).authors] == ["Ana Ruiz"]


def test_without_an_article_node_the_web_page_node_credits_the_author() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "#site", "name": "Example"},
            {"@type": "WebPage", "@id": "#page", "name": "Council passes budget", "author": {"@id": "#ana"}},
            {"@id": "#ana", "@type": ["Person"], "name": "Ana Ruiz"},
        ],
    }
    record = _record(_page(head=f'<script type="application/ld+json">{json.dumps(graph)}</script>'))
    assert [a.name for a in record.authors] == ["Ana Ruiz"]


def test_an_agency_and_a_place_in_separate_byline_elements_give_the_agency_only() -> None:
    body = (
        '<div class="article-author"><a class="article-author__name" href="/author/reuters">Reuters, </a>'
        '<span class="article-author__name"> Washington, </span><span>Nov 20 2019, 11:06am</span></div>'
    )
    record = _record(_page(body=body))
    assert record.authors == [] and record.agency == "Reuters"


def test_a_byline_inside_a_form_holding_the_whole_page_is_found() -> None:
    story = "<p>" + "The council met on Tuesday and voted on the budget for the coming year. " * 60 + "</p>"
    html = (
        '<html lang="en"><head><title>Council passes budget</title></head><body><form id="aspnetForm">'
        '<table><tr><td class="ArticleHead">Council passes budget</td></tr>'
        f'<tr><td class="Byline">ANA RUIZ</td></tr><tr><td>{story}</td></tr></table></form></body></html>'
    )
    assert [a.name for a in _record(html).authors] == ["Ana Ruiz"]


def test_a_line_break_in_a_printed_byline_ends_a_credit() -> None:
    body = '<span class="storybyline">By MIRIAM SWAN<br>THE PLANET-ENTERPRISE</span>'
    record = _record(_page(body=body))
    assert [a.name for a in record.authors] == ["Miriam Swan"]
    assert record.byline_raw == "By MIRIAM SWAN | THE PLANET-ENTERPRISE"


def test_a_posts_own_footer_and_a_share_box_around_the_headline_hold_the_byline() -> None:
    footer = (
        "<div class='post-footer'><span class='post-author vcard'>Posted by "
        "<span class='fn'>Bill McBride</span></span></div>"
    )
    assert [a.name for a in _record(_page(body=footer)).authors] == ["Bill McBride"]
    wrapped = (
        '<html lang="en"><head><title>Council passes budget</title></head><body>'
        '<div class="share_wrapper"><h1>Council passes budget</h1>'
        f'<div class="byline">By Job Jackman <span>|</span> Planet News Service</div>{BODY}</div>'
        '<div class="share"><span class="byline">By Someone Else</span></div></body></html>'
    )
    assert [a.name for a in _record(wrapped).authors] == ["Job Jackman"]


def _blog(posts: list[str]) -> str:
    """A blog page laid out as Blogger does it: the posts inside a "widget" wrapper, and a
    profile widget in the sidebar naming the blog's owner."""
    return (
        '<html lang="en"><head><title>Notes from the bench</title></head><body>'
        '<div class="main section"><div class="widget Blog"><div class="blog-posts hfeed">'
        + "".join(posts)
        + '</div></div></div><div class="sidebar section"><div class="widget Profile">'
        '<a class="profile-name-link g-profile" rel="author">Hedda Ross</a></div></div></body></html>'
    )


def _post(byline: str) -> str:
    return (
        "<div class='post hentry'><h3 class='post-title entry-title'>Reflow oven, second try</h3>"
        f"<div class='post-body entry-content'>{byline}{BODY}</div>"
        "<div class='post-footer'><span class='post-footer-line'>at 5:30 PM</span></div></div>"
    )


def test_a_byline_in_the_text_of_the_pages_one_post_inside_a_widget_is_the_storys() -> None:
    byline = "<span class='byline-author'>Posted by Nils Ekberg, Product Manager</span>"
    record = _record(_blog([_post(byline)]))
    assert [a.name for a in record.authors] == ["Nils Ekberg"]
    assert record.byline_raw == "Posted by Nils Ekberg, Product Manager"


def test_bylines_of_a_listings_posts_and_the_sidebars_profile_are_not_the_storys() -> None:
    byline = "<span class='byline-author'>Posted by Nils Ekberg</span>"
    other = "<span class='byline-author'>Posted by Vera Holm</span>"
    assert _record(_blog([_post(byline), _post(other)])).authors == []  # two posts: a listing


def test_the_posts_footer_line_names_its_writer_when_nothing_else_does() -> None:
    footer_only = _post("").replace("at 5:30 PM", "Posted by <span class='fn'>Nils Ekberg</span> at 5:30 PM")
    footer_only = footer_only.replace("post-footer-line'", "post-footer-line post-author vcard'")
    assert [a.name for a in _record(_blog([footer_only])).authors] == ["Nils Ekberg"]
    assert _record(_blog([footer_only, footer_only.replace("Nils Ekberg", "Vera Holm")])).authors == []


def test_an_author_id_marks_a_byline_but_authorization_does_not() -> None:
    body = '<div id="authorization">Sign In | Sign Up</div><h2 id="reviewAuthor">by Cyndi Fox</h2>'
    assert [a.name for a in _record(_page(body=body)).authors] == ["Cyndi Fox"]


@pytest.mark.parametrize(
    "meta",
    [
        '<meta name="author" content="Ana Ruiz">',
        '<meta property="article:author" content="Ana Ruiz">',
        '<meta name="parsely-author" content="Ana Ruiz">',
        '<meta name="sailthru.author" content="Ana Ruiz">',
        '<meta name="dc.creator" content="Ana Ruiz">',
        '<meta property="article:author" content="https://facebook.com/ana">'
        '<meta name="author" content="Ana Ruiz">',
    ],
)
def test_author_meta_tags(meta: str) -> None:
    assert [a.name for a in _record(_page(head=meta)).authors] == ["Ana Ruiz"]


def test_organisation_only_credit_goes_to_agency_and_says_so() -> None:
    record = _record(_page(head=_json_ld({"@type": "Organization", "name": "Reuters"})))
    assert record.authors == [] and record.agency == "Reuters" and record.byline_raw == "Reuters"


def test_a_site_crediting_itself_as_a_person_is_an_organisation_credit() -> None:
    head = '<meta property="og:site_name" content="PlanetNews | Your daily news">'
    record = _record(_page(head=head + _json_ld({"@type": "Person", "name": "PlanetNews"})))
    assert record.authors == [] and record.agency == "PlanetNews" and record.byline_raw == "PlanetNews"
    person = _record(_page(head=head + _json_ld({"@type": "Person", "name": "Planet"})))
    assert [a.name for a in person.authors] == ["Planet"]  # only the site's whole first name is the site


@pytest.mark.parametrize(
    "credit",
    [
        '<div class="imageByline">Tom Reed, file</div>',
        '<span class="photo-credit author">Tom Reed</span>',
        '<figure><img src="a.jpg"><figcaption><span class="byline">Tom Reed</span></figcaption></figure>',
    ],
)
def test_a_pictures_credit_is_no_byline(credit: str) -> None:
    assert _record(_page(body=credit)).authors == []
    story = _record(_page(body=credit + '<p class="byline">By Ana Ruiz</p>'))
    assert [a.name for a in story.authors] == ["Ana Ruiz"]


def test_a_link_whose_rel_names_the_author_among_other_words_marks_the_byline() -> None:
    """WordPress prints the writer's link `rel="author external"`; with class names that say
    nothing, that is what marks the "Posted by … on …" line."""
    body = (
        '<div class="x1e2d3c4"><p class="x5f6a7b8">Posted by <a href="https://elsewhere.example.com/jane" '
        'rel="author external">Jane Doe</a> on October 31, 2012 at 5:30 pm</p></div>'
    )
    record = _record(_page(body=body))
    assert [(a.name, a.url) for a in record.authors] == [("Jane Doe", "https://elsewhere.example.com/jane")]


def test_printed_byline_element_when_nothing_is_declared() -> None:
    body = (
        '<div class="byline">By <a rel="author" href="/staff/ana-ruiz">Ana Ruiz</a> and '
        '<a rel="author" href="/staff/tom-lee">Tom Lee</a></div>'
        '<aside class="related"><span class="byline">By Someone Else</span></aside>'
    )
    record = _record(_page(body=body))
    assert [(a.name, a.url) for a in record.authors] == [
        ("Ana Ruiz", "https://news.example.org/staff/ana-ruiz"),
        ("Tom Lee", "https://news.example.org/staff/tom-lee"),
    ]


_UPLOADER = _json_ld({"@type": "Person", "name": "Kevin Rebong"})


@pytest.mark.parametrize(
    ("head", "names"),
    [
        # the printed byline and the author meta tag agree: JSON-LD's uploader account is outvoted
        (_UPLOADER + '<meta name="sailthru.author" content="By David Jeans">', ["David Jeans"]),
        # without a meta tag to confirm it, the printed byline does not overrule JSON-LD
        (_UPLOADER, ["Kevin Rebong"]),
        # a meta tag that agrees with JSON-LD keeps it
        (_UPLOADER + '<meta name="author" content="Kevin Rebong">', ["Kevin Rebong"]),
        # JSON-LD and the printed byline agree: a person only the meta tag names (the account
        # that published the story) is no author
        (
            _json_ld({"@type": "Person", "name": "David Jeans"})
            + '<meta name="author" content="Kevin Rebong">',
            ["David Jeans"],
        ),
    ],
)
def test_printed_byline_and_meta_agreeing_outvote_json_ld(head: str, names: list[str]) -> None:
    body = '<p class="byline">By <a href="/authors/david-jeans">David Jeans</a></p>'
    assert [a.name for a in _record(_page(head=head, body=body)).authors] == names
