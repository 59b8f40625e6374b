"""A blog post's "Posted by A" footer under the story names its writer, with class names that
say nothing (hashed, as CSS-module sites print them). Hand-written pages of Blogger's layout."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsharvest.extract import Article, extract_article

STORY = "".join(
    f"<p>The harbour board voted on item {n} to rebuild the north pier before the winter storms"
    " arrive, members said on Tuesday evening.</p>"
    for n in range(8)
)


def _post(footer: str) -> Article:
    html = (
        "<html><head><title>Harbour notes: Pier plan approved</title></head><body>"
        '<div class="x1c9e4a2"><h3 class="x7b0d5f1">Pier plan approved</h3>'
        f'<div class="x2f8a6c3">{STORY}</div><div class="x9e3b7d4">{footer}</div>'
        '<div class="x4a1f0e8"><a href="/2012/10/pier.html#comments">3 comments</a></div>'
        "</div></body></html>"
    )
    record = extract_article(
        html,
        "https://harbournotes.example.org/2012/10/pier.html",
        fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    assert isinstance(record, Article), record
    return record


@pytest.mark.parametrize(
    ("footer", "names"),
    [
        ('Posted by <span class="x5d2c8b9">Ann Lee</span> at 5:11 AM', ["Ann Lee"]),
        ("Posted by Ann Lee and Bob Ode", ["Ann Lee", "Bob Ode"]),
        ("posted by Ann Lee, Product Manager", ["Ann Lee"]),
        # a reader's comment's header, with its colon; a first name or a handle alone
        ("Posted by: Ann Lee, London on 3 March 2008", []),
        ("Posted by admin at 5:11 AM", []),
        ("Posted by Ann at 5:11 AM", []),
    ],
)
def test_the_posted_by_line_under_the_story_names_its_writer(footer: str, names: list[str]) -> None:
    assert [author.name for author in _post(footer).authors] == names


def test_a_posted_by_line_far_below_the_story_is_not_read() -> None:
    """Past the pieces right under the story (a sidebar's list of recent posts, then a footer):
    another post's line."""
    links = "".join(f'<a href="/p/{n}">Recent post {n}</a> ' for n in range(12))
    assert _post(f"{links}<div>Posted by Ann Lee</div>").authors == []
