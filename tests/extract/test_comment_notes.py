"""A comment section's notice ends the story's text (`extract.comment_notes`). No page we may
copy keeps such a notice in its extracted text, so the rule is held here on lines describing
it, and through `extract_article` on a page built around them."""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.comment_notes import cut_at_comment_notice, is_comment_notice

STORY = [
    f"The council voted on Tuesday to keep the library open, vote number {n} of the night." for n in range(6)
]


@pytest.mark.parametrize(
    "line",
    [
        "Comments are moderated by our editors, so there may be a delay before your comment appears.",
        "All readers comments are posted immediately, but will be monitored for inappropriate content.",
        "Comment posters are responsible for the opinions they express.",
        "Thanks for your comments - this feedback is now closed",
        "ATENÇÃO: Comentários ofensivos não serão aprovados pelo moderador.",
        "Les commentaires sont modérés avant publication.",
        "This is only a preview. Your comment has not yet been posted.",  # a comment form's preview
    ],
)
def test_a_notice_names_comments_and_their_moderation(line: str) -> None:
    assert is_comment_notice(line)


@pytest.mark.parametrize(
    "line",
    [
        "The mayor declined to comment.",
        "As she deleted the comments, others told her they did not find the photo offensive.",
        "The moderator of the debate asked the candidates to keep their answers short.",
        "Comments " + "and more words of a long paragraph about moderation, " * 12,
    ],
)
def test_a_line_naming_one_of_the_two_or_a_long_one_is_no_notice(line: str) -> None:
    assert not is_comment_notice(line)


def test_the_text_ends_before_the_notice_and_the_comment_lines_just_before_it() -> None:
    lines = [
        *STORY,
        "The following are comments from the readers.",
        "Comment entries are limited to 100 words.",
        "Comments are moderated and will appear after approval.",
        "* Personal attacks, insults or threats.",
    ]
    cut_at_comment_notice(lines)
    assert lines == STORY


def test_a_closing_line_of_the_story_declining_to_comment_stays() -> None:
    lines = [*STORY, "A spokesman for the library declined to comment.", "Comments are moderated."]
    cut_at_comment_notice(lines)
    assert lines == [*STORY, "A spokesman for the library declined to comment."]


def test_a_short_post_is_not_cut_into_no_story() -> None:
    """What the cut would leave is too short to stand as the story: another block's reading
    (the comment form's, say) would replace it, so the lines stay."""
    short = ["The council kept the library open.", "Posted at 05:00 AM | Permalink", "Posted by: |"]
    notice = "Comments are moderated and will appear after approval."
    lines = [*short, notice, "Sign in"]
    cut_at_comment_notice(lines)
    assert lines == [*short, notice, "Sign in"]


def test_the_tail_lines_before_the_notice_do_not_count_toward_the_story() -> None:
    """The trackback block under a short post is trimmed after the cut: what stays must be a
    story without it."""
    short = ["The council kept the library open.", "Posted at 05:00 AM | Permalink"]
    trackbacks = [
        "TrackBack URL for this entry:",
        "Listed below are links to weblogs that reference The council kept the library open:",
    ] * 3
    notice = "This is only a preview. Your comment has not yet been posted."
    lines = [*short, *trackbacks, notice, "Having trouble reading this image? View an alternate."]
    cut_at_comment_notice(lines)
    assert notice in lines


def test_a_notice_in_the_first_half_is_the_storys_subject_and_stays() -> None:
    lines = ["Comments are moderated by volunteers on the forum, the council heard.", *STORY]
    cut_at_comment_notice(lines)
    assert lines[0].startswith("Comments are moderated")
    assert len(lines) == len(STORY) + 1


def test_extract_article_leaves_the_notice_and_what_follows_out_of_the_body() -> None:
    body = "".join(f"<p>{line}</p>" for line in STORY)
    page = (
        "<html><head><title>Library stays open</title></head><body><article><h1>Library stays open</h1>"
        f"{body}<div><p>Comments are moderated by our editors before they appear.</p>"
        "<p>Tom wrote: keep it open on Mondays too, the branch is always busy then.</p></div>"
        "</article></body></html>"
    )
    record = extract_article(page, "https://news.example/2008/01/15/library-stays-open")
    assert isinstance(record, Article), record
    assert record.body.split("\n\n") == STORY
