"""The line classifiers of `extract.cleanup` (tails, furniture, bylines, stamps) and photo credits."""

from __future__ import annotations

import pytest

from newsharvest.extract.byline_lines import is_byline_line, is_credit_title, is_credited_names
from newsharvest.extract.cleanup import (
    is_furniture_line,
    is_release_footer,
    is_stamp_line,
    is_tail_line,
)
from newsharvest.extract.photo_credits import looks_like_credit, split_credit


@pytest.mark.parametrize(
    ("caption", "text", "credit"),
    [
        (
            "Water covers the road. (AP Photo/Noah Berger)",
            "Water covers the road.",
            "AP Photo/Noah Berger",
        ),
        (
            "Blinken speaks in New Delhi. Olivier Douliery/Pool Photo via AP",
            "Blinken speaks in New Delhi.",
            "Olivier Douliery/Pool Photo via AP",
        ),
        (
            "The dragon on Kearny Street. Photo: Justin Sullivan/Getty Images",
            "The dragon on Kearny Street.",
            "Justin Sullivan/Getty Images",
        ),
        ("Ein leerer Bahnsteig. Foto: Robert Michael/dpa", "Ein leerer Bahnsteig.", "Robert Michael/dpa"),
        ("(AP Photo/Jeff Chiu)", "", "AP Photo/Jeff Chiu"),
        ("Obama in Ohio. AP Photo/Carolyn Kaster", "Obama in Ohio.", "AP Photo/Carolyn Kaster"),
        (
            "Trump at the rally. Chip Somodevilla via Getty Images",
            "Trump at the rally.",
            "Chip Somodevilla via Getty Images",
        ),
        ("A trader works. Bloomberg via Getty Images", "A trader works.", "Bloomberg via Getty Images"),
        (
            "Mourners gather. John Minchillo via Associated Press",
            "Mourners gather.",
            "John Minchillo via Associated Press",
        ),
        ("The ship in port. REUTERS/Kim Kyung-Hoon", "The ship in port.", "REUTERS/Kim Kyung-Hoon"),
        ("Protesters march. Getty Images", "Protesters march.", "Getty Images"),
        ("Protesters march. Reuters", "Protesters march.", "Reuters"),
        ("A girl waves. Photo by John Doe/Getty Images", "A girl waves.", "John Doe/Getty Images"),
        ("He spoke to Reuters.", "He spoke to Reuters.", None),
        ("The deal was first reported by Bloomberg.", "The deal was first reported by Bloomberg.", None),
        ("A quiet street in Lisbon at dawn.", "A quiet street in Lisbon at dawn.", None),
        ("Protesters gather (left) near the court.", "Protesters gather (left) near the court.", None),
        # a capitalised label after a name, no sentence end before it; only names after it
        ("Foreign Minister Tzipi Livni Photo: AP", "Foreign Minister Tzipi Livni", "AP"),
        ("The Photo: A Retrospective opens today", "The Photo: A Retrospective opens today", None),
    ],
)
def test_split_credit(caption: str, text: str, credit: str | None) -> None:
    assert split_credit(caption) == (text, credit)


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        ("Oli Scarff | Getty Images", True),
        ("Michael Conroy, AP", True),
        ("2011 Getty Images", True),
        ("New York State Sex Offender Registry via AP", True),
        ("Photo by Mark Jones AP", True),
        ("Photo by the lake at dawn", False),
        ("Paris, France", False),
        ("Smith, Jones and AP", False),
    ],
)
def test_a_text_that_is_only_a_credit(text: str, credit: bool) -> None:
    assert looks_like_credit(text) is credit


@pytest.mark.parametrize(
    "line",
    [
        "Associated Press writer Scott Bauer contributed to this report from Madison, Wisconsin.",
        "Follow AP’s coverage of extreme weather at https://apnews.com/hub/weather",
        "Copyright 2023 The Associated Press. All rights reserved.",
        "Reporting by Pavel Polityuk; Editing by Mark Potter",
        "Write to Al Root at allen.root@example.com",
        "(Reporting by Ana Ferreira; editing by Jon Pike)",
        "Follow Prairie Report on Facebook, Twitter and Instagram.",
        "Reach the reporter on Twitter at https://twitter.com/example",
        "More AP soccer: https://apnews.com/hub/soccer",
        "Source: State Water Agency",
        "Filed under: Drought | Water",
        "3 comments",
        "Tell us what you think...",
        "jane.doe@example.com",
        "twitter.com/janedoe",
        "Copyright ⓒ Example Media. All rights reserved.",
        "(© 2010 Example Wire. All Rights Reserved. This story is fed directly from the Example Wire "
        "newswire and has not been edited by our staff, so it may contain occasional errors. )",
        "[Copyright 2010 Example Wire]",
        "Jane Doe's new book is out now. Follow her on Twitter @janedoe.",
        "Newer Post Older Post Home",
        "Subscribe to: Post Comments (Atom)",
        "You can follow any responses to this entry through the RSS 2.0 feed.",
        "This entry was posted in Lenses and tagged Zoom 70-200. Bookmark the permalink. Trackbacks are "
        "closed, but you can post a comment.",
        "This entry was posted on Monday, March 3rd, 2008 at 9:14 am and is filed under Travel.",
        "No comments yet.",
        "Mail (will not be published) (required)",
        "Comments are closed.",
        "Labels: travel, food",
        "A version of this article appeared in print on May 3, 2024, on page B1 of the New York edition.",
        "The Prairie Times © 2007 - Freelance writers retain the copyright for their work on this site.",
        "All Content is Copyright © 2008 Example Soccer News and AFP. All rights reserved.",
        "COPYRIGHT",
        "Copyright Example Financial News Limited 2007. All rights reserved. The copying, republication "
        "or redistribution of Example Financial News content, including by framing or similar means, is "
        "expressly prohibited without the prior written consent of Example Financial News.",
        "Where not otherwise specified, this work is licensed under a Creative Commons License.",
        "This story is sourced direct from an overseas news agency as an additional service to readers.",
    ],
)
def test_tail_lines(line: str) -> None:
    assert is_tail_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Explainer: How Ukraine's new Black Sea corridor works",
        "READ MORE: China plague outbreak confirmed",
        "Sign up for our Harbor Politics newsletter to get the latest on City Hall.",
        "Advertisement",
        "Lesen Sie auch: GDL-Tarifstreit",
        "CLICK HERE TO GET THE FOX NEWS APP",
        "You may also like...",
        "Subscribe to Prairie Report on YouTube for more videos.",
        "Get the day's top headlines delivered to your inbox by subscribing to our newsletter.",
        "If you enjoyed this article, consider a subscription.",
        "- Order Reprints",
        "- Print Article",
        '[button link="https://example.com/tips/" type="big"] Send us your photos[/button]',
        "Explore further",
        "related news",
        "Start your day with the Morning Brief. Sign up for the free daily newsletter.",
        "Print version | Email to a friend | Related articles",
        "E-mail article Print view Share: Digg Newsvine",
        "Report this comment",
        "Post a comment",
        "You must be logged in to post a comment.",
        "Have your say",
        "Have your say on this story",
        "Read comments",
        "View all 12 comments",
        "Subscribe to the Sport RSS feed",
        "Bridge reopens on Monday Crews finished the repairs early... Read more... 2024-11-07",
        "The mayor answered readers' questions about the budget. Continue reading →",
        "Pin It",
        "Enlarge this image",
        "- Font size: Decrease Increase",
        "Text size: A- A+",
        "Search for more stories on this topic on Newstext, our news archive service. Click here",
        "The BBC is not responsible for the content of external sites. Read about our approach.",
        "Caption",
        "Close",
        "Hide caption",
        "Continue Reading Below",
        "STORY CONTINUES BELOW ADVERTISEMENT",
        "Article continues after the ad",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "The council voted 9-2 on Tuesday, and the copyright office said it would appeal.",
        "Click here to get more information or download this game.",
        "More than 100 people attended the hearing.",
        "Share prices fell 3% on Monday.",
        "Sources said the deal would close on Friday, though the company declined to comment.",
        "Follow-up tests on Twitter users found the same pattern.",
        "Comments from residents will be accepted until March 1.",
        "More importantly, the council said no.",
        "He sent the article to a friend.",
        "Send a comment to the editor",
        "Related on HuffPost the story said",
        "Home prices rose 3% in March.",
        "Those who want to read more can find the report on the council's site.",
        "Website traffic doubled after the launch.",
        "Comments are welcome until the council meets on Monday.",
        "Have your say at the council's meeting on Monday, residents were told.",
        "Read comments from the public hearing in the report.",
        "Font sizes vary across the redesigned pages, the designer said.",
        "The company said it is not responsible for the content of the leaked files.",
        "Searching for more stories like hers, the reporter drove to Ohio.",
        "The song, copyright 1999 by the band, was later sold to a film studio.",
        "He said the copyright office would decide in 2024 whether to act.",
        "Close to 300 people waited outside the hall.",
        "Caption contests drew hundreds of entries.",
        "Continue reading below the fold, the editor told the new reporters.",
    ],
)
def test_story_lines_are_neither_tail_nor_furniture(line: str) -> None:
    assert not is_tail_line(line)
    assert not is_furniture_line(line)


def test_bylines() -> None:
    assert is_byline_line("By Jane Doe and John Roe")
    assert is_byline_line("Von dpa | 07.03.2024, 06:30 Uhr")
    assert is_byline_line("12/05/2023 - Publicado por: Assessoria de Comunicação")
    assert not is_byline_line("By Friday, officials said the river would crest.")
    assert not is_byline_line("By the time police arrived, the store was empty.")
    assert is_byline_line("By Jane Doe (AP)")  # the agency in brackets after the name
    assert not is_byline_line("By (in part) the council's vote")
    assert is_byline_line("By Jane Doe, TODAY contributor")  # the writer's role, in lower case
    assert is_byline_line("By Jane Doe, a staff writer")
    assert not is_byline_line("By Friday, a reporter said the river would crest.")


@pytest.mark.parametrize(
    "line",
    [
        "by Jane Doe, 30 December 2007",
        "By JANE DOE March 11, 2015 3:46 PM",
        "By Jane Doe, December 30, 2007",
        "by Jane Doe",
        "By Jane Doe | 12/05/2023",
        "by Jane Doe, Friday, Dec 28, 2007 9:00 AM ET",  # the weekday before the date
        "By Jane Doe, Wednesday, 20 November 2019 08:05 GMT",  # the weekday before a day-first date
        "by Jane Doe on March 3, 2012",  # "on" between the names and the date
    ],
)
def test_a_byline_with_its_date_after_the_names(line: str) -> None:
    """Read so where the story's header is looked for (`dated`); the line filters that take a
    byline out of the text keep to "By" and names alone."""
    assert is_byline_line(line, dated=True)


def test_a_dated_byline_is_left_in_the_text_by_default() -> None:
    assert not is_byline_line("by Jane Doe, 30 December 2007")
    assert not is_byline_line("by Jane Doe")


@pytest.mark.parametrize(
    "line",
    [
        "Jane Doe, 30 December 2007",
        "By March 2008 the council had spent the money.",
        "By 2010, prices had risen by 40 per cent.",
        "By the end of 2007, officials said, the bridge would be open.",
        "by the river, 30 metres from the road",
    ],
)
def test_sentences_with_dates_after_by_are_no_bylines(line: str) -> None:
    assert not is_byline_line(line, dated=True)


def test_release_footers() -> None:
    assert is_release_footer("About Acme Robotics")
    assert is_release_footer("###")
    assert is_release_footer("Media contact:")
    assert not is_release_footer("About 150,000 homes are without power across Devon.")


@pytest.mark.parametrize(
    "line",
    [
        "UPDATED: Tue., Nov. 19, 2024",
        "Updated at 1:23 p.m.",
        "5:45 AM PST 11/19/2024 by Jane Doe",
        "- Published 18 November 2024",
        "segunda-feira, 22 de janeiro de 2024 às 0:13",
        "Aktualisiert am 07.03.2024, 06:30 Uhr",
        "기사입력 :[ 2024-09-28 17:32 ]",
        "Reading time: 3 minutes",
        "5 min read",
        "Updated 3 hours ago",
        "Published 2 days ago • 5 min read",
        "an hour ago",
        "vor 2 Stunden",
        "Associated Press - March 4, 2024 7:33 AM ET",
        "3/4/2024, 6:30 p.m. EST By JANE DOE The Associated Press",
        "Updated",
        "Last updated:",
    ],
)
def test_stamp_lines(line: str) -> None:
    assert is_stamp_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "The meeting starts at 6:30 p.m. on Monday in the town hall.",
        "In 2019, sales rose 5%.",
        "02-751-1500",
        "$139.00",
        "March Madness 2024",
        "Two years ago she moved to Ohio.",
        "3 days ago, the council voted.",
        "Reuters - 12 people died on 3 May",
        "The Associated Press",
        "Updated guidance follows",
    ],
)
def test_story_lines_are_not_stamps(line: str) -> None:
    assert not is_stamp_line(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Palm Beach Post Staff Writer", True),
        ("CanWest News Service", True),
        ("Seattle Times news services", True),
        ("AP Golf Writer", True),
        ("He was a great writer", False),
        ("Writer", False),
    ],
)
def test_a_writers_or_wires_title_alone_is_a_credit_title(line: str, expected: bool) -> None:
    assert is_credit_title(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Meg Kinnard and Jane Roe, Associated Press", True),
        ("Jane Doe, AP Auto Writer", True),
        ("Ann Lee and Bo Park , CanWest News Service", True),
        ("Paris, France", False),
        ("The council met on Tuesday, Reuters", False),
        ("WASHINGTON, AP", False),
        ("Associated Press, Reuters", False),
    ],
)
def test_bylines_printed_without_by(line: str, expected: bool) -> None:
    assert is_credited_names(line) is expected
