"""Which `<time>` dates the story: not the site banner's "today"; a labelled printed date over a
machine date days away from it."""

from __future__ import annotations

from datetime import UTC, datetime

from newsharvest.extract import Article, extract_article

_FETCHED = datetime(2026, 12, 2, tzinfo=UTC)
_STORY = "".join(
    f"<p>{sentence} The council will meet again next month to hear from residents.</p>"
    for sentence in (
        "The council approved the budget for the coming year after a long debate.",
        "Members argued for hours over the cost of repairing the old bridge.",
        "The mayor said the vote showed the town could still agree on what matters.",
    )
)
_BANNER = (
    "<header class='site'><a href='/'>Town News</a>"
    "<time datetime='2026-12-02'>Wednesday, 2 December 2026</time>"
    "<nav><a href='/politics'>Politics</a> <a href='/sport'>Sport</a></nav></header>"
)


def _published(page: str) -> tuple[str | None, str | None]:
    html = f"<html><head><title>Budget approved</title></head><body>{page}</body></html>"
    record = extract_article(html.encode(), "https://news.example.com/budget", fetched_at=_FETCHED)
    assert isinstance(record, Article)
    return record.date_published, record.date_published_raw


def test_the_site_banners_today_is_not_the_storys_date() -> None:
    page = f"{_BANNER}<div class='post'><h1>Budget approved after long debate</h1>{_STORY}</div>"
    assert _published(page) == (None, None)


def test_the_storys_time_after_the_site_banners() -> None:
    story_time = "<time datetime='2012-10-29T08:00:00Z'>29 October 2012</time>"
    page = f"{_BANNER}<div class='post'><h1>Budget approved after long debate</h1>{story_time}{_STORY}</div>"
    assert _published(page) == ("2012-10-29T08:00:00+00:00", "2012-10-29T08:00:00Z")


def test_a_header_holding_the_headline_is_the_storys() -> None:
    """A post's own `<header>` (headline and date) is no banner, with or without `<article>`."""
    header = (
        "<header class='entry-header'><h1>Budget approved after long debate</h1>"
        "<time datetime='2012-10-29'>29 October 2012</time></header>"
    )
    assert _published(f"<div class='post'>{header}{_STORY}</div>")[0] == "2012-10-29T00:00:00+00:00"
    headless = "<header><time datetime='2012-10-29'>29 October 2012</time></header>"
    page = f"<article>{headless}<h1>Budget approved after long debate</h1>{_STORY}</article>"
    assert _published(page)[0] == "2012-10-29T00:00:00+00:00"


_HEADLINE = "<h1>Budget approved after long debate</h1>"


def test_a_date_printed_as_the_publication_beats_a_time_days_away() -> None:
    """The `<time>` holds a later edit's instant; the line under the headline says "Published"."""
    stamp = "<time datetime='2019-07-03T10:18:46Z'>Publié le 29 juin 2019</time>"
    page = f"<div class='post'>{_HEADLINE}<div class='time'>{stamp}</div>{_STORY}</div>"
    assert _published(page) == ("2019-06-29T00:00:00+00:00", "29 juin 2019")
    printed = "<div class='meta'>Published: June 29, 2019</div>"
    elsewhere = "<aside><time datetime='2019-07-03'>3 July</time></aside>"
    page = f"<div class='post'>{_HEADLINE}{printed}{elsewhere}{_STORY}</div>"
    assert _published(page)[0] == "2019-06-29T00:00:00+00:00"


def test_a_time_a_day_from_the_printed_date_keeps_its_instant() -> None:
    """A day apart is a time zone's doing: the `<time>`'s instant says more than the printed day."""
    stamp = "<time datetime='2019-06-30T01:30:00+02:00'>Published June 29, 2019</time>"
    page = f"<div class='post'>{_HEADLINE}<div class='time'>{stamp}</div>{_STORY}</div>"
    assert _published(page) == ("2019-06-30T01:30:00+02:00", "2019-06-30T01:30:00+02:00")


def test_an_unlabelled_date_under_the_headline_leaves_the_time() -> None:
    stamp = "<div class='meta'>June 29, 2019</div><time datetime='2019-07-03T10:18:46Z'>3 July</time>"
    page = f"<div class='post'>{_HEADLINE}{stamp}{_STORY}</div>"
    assert _published(page) == ("2019-07-03T10:18:46+00:00", "2019-07-03T10:18:46Z")


def test_a_readers_comments_time_is_not_the_storys() -> None:
    """The story states its day in its address only; a reader's comment under it has a `<time>`."""
    comment = (
        "<div class='comments-area'><ol class='comment-list'><li class='comment'>"
        "<p class='info'>Reader schrieb: <time datetime='2014-11-05T14:25:40+00:00'>05.11.2014</time></p>"
        "<p>Great story, thanks.</p></li></ol></div>"
    )
    body = f"{_HEADLINE}{_STORY}{comment}"
    html = f"<html><head><title>Budget approved</title></head><body>{body}</body></html>"
    record = extract_article(html.encode(), "https://news.example.com/2012/10/29/budget", fetched_at=_FETCHED)
    assert isinstance(record, Article)
    assert record.date_published == "2012-10-29T00:00:00+00:00"
    column = "<div class='commentary'><time datetime='2012-10-29T08:00:00Z'>29 October 2012</time></div>"
    page = f"<div class='post'>{_HEADLINE}{column}{_STORY}</div>"
    assert _published(page)[0] == "2012-10-29T08:00:00+00:00"  # a commentary column is no comment
