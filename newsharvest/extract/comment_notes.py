"""The notice a site prints over or under its readers' comments, where the story has ended.

"Comments are moderated by our editors …", "All readers comments are posted immediately, but
will be monitored …", "Thanks for your comments - this feedback is now closed", a comment
form's preview ("This is only a preview. Your comment has not yet been posted."), "Comentários
… não serão aprovados pelo moderador": a line speaking of comments and of their moderation is
the comment section's, not the story's, and so is what follows it. The short lines just
before it that speak of the comments ("The following are comments from the readers.") go
with it.
"""

from __future__ import annotations

import re

from newsharvest.extract.cleanup import is_tail_line
from newsharvest.extract.disagreement import is_short

_COMMENT_WORD = re.compile(r"(?i)\b(?:comment|coment[aá]rio|commentaire|kommentar|commento)\w*")
_MODERATION_WORD = re.compile(
    r"(?i)\b(?:moderat|moderad|mod[eé]r[eé]|approved|aprovad|aprobad|monitored"
    r"|feedback\s+is\s+(?:now\s+)?closed|responsible\s+for\s+the\s+opinions|not\s+yet\s+been\s+posted)\w*"
)
_NOTICE_MAX_WORDS = 80
"""A notice is a sentence or three; a longer line is prose (a story about moderation)."""
_ABOUT_COMMENTS = re.compile(r"^\W*Comment|\b(?:[Cc]omments|[Cc]oment[aá]rios|[Cc]ommentaires|Kommentare)\b")
"""A line before the notice that speaks of the comments ("NOTE: Comments will …", "Comment
entries are limited …"), not of a person declining "to comment"."""
_ABOUT_MAX_WORDS = 40


def is_comment_notice(line: str) -> bool:
    """Whether a line is a comment section's notice: comments and their moderation named."""
    return (
        len(line.split()) <= _NOTICE_MAX_WORDS
        and _COMMENT_WORD.search(line) is not None
        and _MODERATION_WORD.search(line) is not None
    )


def cut_at_comment_notice(kept: list[str]) -> None:
    """Cut the text at the first comment notice in its second half, with the lines speaking of
    comments just before it (the story's own first half is never cut: a story about comment
    moderation states its subject early); not when the text left, its tail lines aside, would
    be short, which would send the page to another block's reading (`disagreement.is_short`)."""
    for index in range(max(1, len(kept) // 2), len(kept)):
        if is_comment_notice(kept[index]):
            while index > 1 and _about_comments(kept[index - 1]):
                index -= 1
            if not is_short([line for line in kept[:index] if not is_tail_line(line)]):
                del kept[index:]  # what is left, its tail lines (trimmed next) aside, is a story
            return


def _about_comments(line: str) -> bool:
    """Whether a line just before a notice is the comment section's own."""
    return len(line.split()) <= _ABOUT_MAX_WORDS and _ABOUT_COMMENTS.search(line) is not None
