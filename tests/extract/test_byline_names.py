"""Credits that name no person, and names with something glued on: hand-written bylines in the
shapes news sites print (no string copied from any page)."""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.byline import parse_byline
from newsharvest.extract.persons import is_person_name

BODY = "<p>" + "The council met on Tuesday and voted on the budget for the coming year. " * 8 + "</p>"


@pytest.mark.parametrize(
    "credit",
    [
        "The Daily Planet",  # the site's or a paper's name
        "The Planetarian",
        "Our Foreign Staff",  # a desk
        "Metro Desk",
        "Web Desks",
        "PlanetNews",  # an organisation word glued to the name
        "The Planettimes",
        "Planet Sports",
        "Wire Services",
        "Planet International",
        "Planet.co.uk",  # an address
        "CNN Business",  # an outlet's desk led by its acronym
        "Website",  # the page's furniture
        "Other Articles",
        "Permalink",
        "Google +",
        '"Ann Lee"',  # quotes around the whole credit: no nickname inside a name
        'Ann "x=1" Lee',
        "Fighting back",  # a phrase ending in a plain lower-case word
        "Ann Lee says",
        "I write",
        "Authority control",
    ],
)
def test_credits_naming_no_person(credit: str) -> None:
    assert not is_person_name(credit)


@pytest.mark.parametrize(
    "name",
    [
        "Ann Lee", "ANN McLEE", "Theo Brandt", "J.D. Marsh", "Ana (A.J.) Ruiz", "Simon St. Ives",
        "Andrews Ode",
        "Ludwig van Beethoven",  # a particle inside the name, not at its end
        'Ann "Lucky" Lee',  # a nickname in quotes inside the name
    ],
)
def test_names_that_look_like_those_stay_names(name: str) -> None:
    assert is_person_name(name)


@pytest.mark.parametrize(
    ("printed", "names", "agency"),
    [
        ("STAFF PHOTO BY ANN LEE", [], None),  # a photo's credit, not the story's
        ("Photo: Ann Lee", [], None),
        ("By Tom Ode | Photo by Ann Lee", ["Tom Ode"], None),  # the byline comes first
        ("Text: Ann Lee", ["Ann Lee"], None),  # a one-word label before the name
        ("Текст: Анна Ли", ["Анна Ли"], None),
        ("By ANN LEESpecial to The Planet", ["Ann Lee"], None),  # a contributor's note glued on
        ("By Ann Lee, special to The Planet", ["Ann Lee"], None),
        ("By Ann Lee (AP) | Published: 2008-01-09", ["Ann Lee"], "AP"),  # the wire in brackets
        ("Ann Lee (annlee)", ["Ann Lee (annlee)"], None),  # any other bracket stays
        ("Ann Lee Editor in Chief", ["Ann Lee"], None),  # a job title without a comma
        ("By Ann LeeStaff Writer", ["Ann Lee"], None),
        ("A Photo Editor", [], None),
        ("Ann Lee, CNN Business", ["Ann Lee"], None),
        ("Ann Lee | Website | Other Articles", ["Ann Lee"], None),
        ("By Ann Lee, Metro Desk", ["Ann Lee"], None),  # the desk she writes for
        ("Ann Lee, Bob Ode acme, Germany", ["Ann Lee"], None),  # the place of an affiliation
        ("Ann Lee, Planet Labs Inc., Germany", ["Ann Lee"], None),
    ],
)
def test_printed_credits(printed: str, names: list[str], agency: str | None) -> None:
    byline = parse_byline(printed)
    assert [a.name for a in byline.authors] == names
    assert byline.agency == agency


def test_a_site_credited_as_author_goes_to_agency_and_the_printed_byline_names_the_person() -> None:
    """An author meta tag naming the site's own domain; the printed byline names the writer."""
    html = (
        '<html><head><title>Council passes budget</title><meta name="author" content="Planet.co.uk">'
        '</head><body><article><h1>Council passes budget</h1><p class="byline">By Ann Lee</p>'
        f"{BODY}</article></body></html>"
    )
    record = extract_article(html, "https://www.planet.co.uk/news/2008/01/16/council-budget")
    assert isinstance(record, Article), record
    assert [a.name for a in record.authors] == ["Ann Lee"]
    assert record.agency == "Planet.co.uk"


@pytest.mark.parametrize(
    "head",
    [
        "",  # the printed byline alone
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council passes budget",'
        ' "author": {"@type": "Person", "name": "Ann \\"Lucky\\" Lee"}}</script>',
    ],
)
def test_a_nickname_in_quotes_inside_a_name_is_kept_as_printed(head: str) -> None:
    """A writer credited with a nickname in double quotes between given and family name: the
    person is credited as printed, the nickname with the name."""
    html = (
        f"<html><head><title>Council passes budget</title>{head}</head><body><article>"
        '<h1>Council passes budget</h1><p class="byline">By <a rel="author" href="/author/al">'
        f"Ann &quot;Lucky&quot; Lee</a></p>{BODY}</article></body></html>"
    )
    record = extract_article(html, "https://www.planet.example/news/council-budget")
    assert isinstance(record, Article), record
    assert [a.name for a in record.authors] == ['Ann "Lucky" Lee']
