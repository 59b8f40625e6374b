"""A gallery's numbered slides leave a story's text (`extract.slides`); the page case is
fixtures/pages/generic/real-readability-bug-1255978-gallery-slides."""

from __future__ import annotations

from newsharvest.extract.slides import without_slides


def test_numbered_slides_and_their_title_go() -> None:
    lines = [
        "It contains the most germs of anything in the room.",
        "Business news in pictures",
        "Business news in pictures",
        "- 1/3 United goin down Manchester United's absence hurt.",
        "- 2/3 Star Wars boosts economy Production has brought an economic impact.",
        "- 3/3 City for sale London City Airport was put up for sale.",
        "6. Mini bars almost always lose money",
    ]
    assert without_slides(lines) == [lines[0], lines[-1]]


def test_slides_counted_in_words_go() -> None:
    lines = ["A story line.", "1 of 3 First slide", "2 of 3 Second slide", "3 of 3 Third slide", "End."]
    assert without_slides(lines) == ["A story line.", "End."]


def test_fractions_and_broken_counts_stay() -> None:
    recipe = ["3/4 cup granulated sugar", "1/2 cup pomegranate arils", "1/4 teaspoon black pepper"]
    assert without_slides(recipe) == recipe
    skipping = ["1/5 one", "2/5 two", "4/5 four"]
    assert without_slides(skipping) == skipping
    two = ["1/2 first half", "2/2 second half"]
    assert without_slides(two) == two
