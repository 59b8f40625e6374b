"""Link lines in the generic extractor's body: a story told in caption blocks (a gallery's
slide text) beside a list of links is weighed against the body's words outside links; a long
run of lines that are each only a link (a blogroll, a sister blog's headlines) after the post
goes."""

from __future__ import annotations

from newsharvest.extract.document import Document
from newsharvest.extract.generic import extract_generic

_SLIDE = (
    "The lighthouse keeper's cottage on the north cape has been restored by volunteers over three "
    "summers. They replaced the roof, rebuilt the chimney and painted the shutters the original blue. "
    "Visitors can now climb the tower on weekends between May and September, weather permitting, and "
    "the small museum on the ground floor shows the keeper's logbooks."
)
_LINKS = "".join(
    f'<li><a href="https://other{i}.example/story">Another site writes about harbour walk number {i}</a>'
    f" — Other Site {i}</li>"
    for i in range(8)
)


def _generic(html: str) -> tuple[list[str], list[str]]:
    found = extract_generic(Document.from_input(html, "https://capenews.example/lighthouse"))
    return found.paragraphs, [c.text for c in found.captions]


def test_slide_text_in_a_caption_block_beats_a_list_of_links() -> None:
    """Hand-made gallery page: the slide's text in a caption-classed block, a list of links to
    other sites under it, which trafilatura would take for the body."""
    html = (
        "<html><head><title>Lighthouse restored</title></head><body>"
        "<div class='slide'><img src='/a.jpg'></div>"
        f"<div class='caption'><p>{_SLIDE}</p></div>"
        f"<div class='links'><div>Link Love</div><ul>{_LINKS}</ul></div></body></html>"
    )
    assert _generic(html) == ([_SLIDE], [])


def test_a_story_of_prose_keeps_its_captions_apart() -> None:
    """Hand-made: a story with links in its sentences and a shorter photo caption."""
    story = [
        "The harbour board <a href='/board'>approved the plan</a> on Monday after a long debate about "
        "the cost of dredging the channel and the noise the work would bring to the old town.",
        "Work starts in April and should end before the sailing season, the board's chairwoman said, "
        "adding that the ferry timetable would not change during the works.",
    ]
    caption = "The channel at low tide, seen from the pier on a grey morning in March"
    html = (
        "<html><head><title>Harbour plan approved</title></head><body><article>"
        f"<figure><img src='/b.jpg'><figcaption>{caption}</figcaption></figure>"
        + "".join(f"<p>{p}</p>" for p in story)
        + f"</article><ul>{_LINKS}</ul></body></html>"
    )
    paragraphs, captions = _generic(html)
    assert paragraphs[0].startswith("The harbour board approved the plan on Monday")
    assert captions == [caption]


def _post_with_links(count: int, between: str = "") -> str:
    """Hand-made blog page: a post, then a label and `count` paragraphs, each a link to a sister
    blog's post."""
    story = "".join(
        f"<p>{line}</p>"
        for line in (
            "The harbour board approved the plan on Monday after a long debate about the cost of "
            "dredging the channel and the noise the work would bring to the old town.",
            "Work starts in April and should end before the sailing season, the board's chairwoman "
            "said, adding that the ferry timetable would not change during the works.",
        )
    )
    items = "".join(
        f"<p><a href='https://sister.example/2012/{i}'>Sister blog post number {i} about the sea</a></p>"
        for i in range(count)
    )
    return (
        "<html><head><title>Harbour plan approved</title></head><body><div class='post'>"
        f"<h1>Harbour plan approved</h1>{story}{between}<p>Elsewhere this week:</p>{items}"
        "</div></body></html>"
    )


def test_a_long_run_of_link_lines_after_the_post_goes() -> None:
    paragraphs, _ = _generic(_post_with_links(12))
    assert paragraphs[1].endswith("during the works.")
    assert paragraphs[2:] == ["Elsewhere this week:"]


def test_a_short_list_of_links_after_the_post_stays() -> None:
    paragraphs, _ = _generic(_post_with_links(5))
    assert paragraphs[2:4] == ["Elsewhere this week:", "Sister blog post number 0 about the sea"]
