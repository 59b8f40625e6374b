"""Pages laid out in tables: the article's table row without the cells and rows around it.

An old page laid out in a table puts its story in one cell of a row whose other cells hold the
headline, the date, a menu or the site's notices; trafilatura renders such a row as one line,
"| cell | cell | … |". A cell of prose (`PROSE_CELL_WORDS` words or more) marks the article's
row: the cells after its last prose cell, the short cells before its first (a headline, a
byline, a date, a menu entry) and the table rows after the last such row (the site's footer
rows) are the page's furniture, not the story. A story begun in a row's short cells and run
on in plain lines marks its last plain line of prose instead.

Once trimmed, a row holding prose, or a single filled cell, is printed as its cells, one
paragraph each: the reader sees a story's text, not a table's borders. A data table's rows
("| Name | Goals |") stay rows.
"""

from __future__ import annotations

import re
from itertools import groupby

from newsharvest.extract.document import collapse

PROSE_CELL_WORDS = 60
"""A table cell holding this many words is prose laid out in a table, not data."""
_LEAD_CELL_WORDS = 20
"""A cell before the prose with fewer words than this is a headline, a byline, a date or a menu."""
_CELL_BORDER = re.compile(r"(?<!\\)\|")
"""A cell border in trafilatura's row lines (a pipe in a cell's text is escaped as "\\|")."""


def is_row(line: str) -> bool:
    """Whether a body line is a table row as trafilatura renders it ("| cell | cell |")."""
    return line.startswith("|")


def row_cells(line: str) -> list[str]:
    """The cells of a row line, stripped (empty cells kept as "")."""
    inner = line.strip()[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [cell.strip() for cell in _CELL_BORDER.split(inner)]


def _is_prose(cell: str) -> bool:
    return len(cell.split()) >= PROSE_CELL_WORDS


def trim_article_row(line: str) -> str:
    """A row line holding a prose cell without the cells after its last prose cell, the
    short cells before its first and a menu opening a prose cell; any other line unchanged."""
    if not is_row(line):
        return line
    cells = row_cells(line)
    prose = [index for index, cell in enumerate(cells) if _is_prose(cell)]
    if not prose:
        return line
    first, last = prose[0], prose[-1]
    kept = [
        without_menu(cell) if _is_prose(cell) else cell
        for index, cell in enumerate(cells[: last + 1])
        if index >= first or len(cell.split()) >= _LEAD_CELL_WORDS
    ]
    if kept == cells:
        return line
    return "| " + " | ".join(kept) + " |"


_MENU_BAR = re.compile(r"\s*\\\|\s*")
"""A bar printed between a menu's entries inside a cell ("ePaper | Front Page | National"),
escaped in trafilatura's row lines."""
_MENU_ENTRY_WORDS = 3
_MIN_MENU_ENTRIES = 5


def without_menu(cell: str) -> str:
    """A prose cell without the menu that opens it: five or more entries of three words or
    fewer, one bar apart ("News: ePaper | Front Page | National | … | Obituary | <story>")."""
    parts = _MENU_BAR.split(cell)
    entries = 0
    while entries < len(parts) - 1 and len(parts[entries].split()) <= _MENU_ENTRY_WORDS:
        entries += 1
    if entries < _MIN_MENU_ENTRIES:
        return cell
    return " \\| ".join(parts[entries:])


def trim_layout_rows(paragraphs: list[str]) -> list[str]:
    """The body's article rows trimmed (`trim_article_row`) and the table rows after the last
    of them dropped (the site's footer rows: "Top", "Back", its copyright notice); other lines
    stay. A body without a prose cell is returned as it is."""
    if not any(is_row(line) for line in paragraphs):
        return paragraphs
    trimmed = [trim_article_row(line) for line in paragraphs]
    articles = [index for index, line in enumerate(trimmed) if is_row(line) and _holds_prose(line)]
    if not articles:
        articles = _prose_after_row(trimmed)
    if not articles:
        return trimmed
    last = articles[-1]
    return trimmed[: last + 1] + [line for line in trimmed[last + 1 :] if not is_row(line)]


def _holds_prose(line: str) -> bool:
    return any(_is_prose(cell) for cell in row_cells(line))


def _prose_after_row(lines: list[str]) -> list[int]:
    """The plain lines of prose that follow a table row: a story begun in a row's short cells
    and run on in plain lines (none when no row comes before them)."""
    first_row = next((index for index, line in enumerate(lines) if is_row(line)), len(lines))
    return [
        index
        for index, line in enumerate(lines)
        if index > first_row and not is_row(line) and _is_prose(line)
    ]


def rows_as_paragraphs(lines: list[str]) -> list[str]:
    """`lines` with each row holding prose, or only one filled cell, printed as its filled
    cells, one paragraph each, whitespace collapsed and "\\|" read back as "|"; a data table's
    rows keep their borders, each cell's whitespace collapsed; an empty row goes."""
    if not any(is_row(line) for line in lines):
        return lines
    paragraphs: list[str] = []
    for line in lines:
        if not is_row(line):
            paragraphs.append(line)
            continue
        cells = [collapse(cell) for cell in row_cells(line)]
        filled = [cell for cell in cells if cell]
        if len(filled) == 1 or any(_is_prose(cell) for cell in filled):
            paragraphs.extend(cell.replace("\\|", "|") for cell in filled)
        elif filled:
            paragraphs.append("| " + " | ".join(cells) + " |")
    return paragraphs


_WEEKDAY_CELL = re.compile(r"(?i)(?:su|mo|tu|we|th|fr|sa)[a-z]{0,7}\.?|[smtwf]")
"""A calendar's column head: a weekday's name or its short form ("Sun", "Mo", "T")."""
_DAY_CELL = re.compile(r"(?:[1-9]|[12]\d|3[01])?")
_RULE_CELL = re.compile(r":?-{3,}:?")


def without_calendars(lines: list[str]) -> list[str]:
    """`lines` without a blog's calendar widget: a run of table rows holding one row of the
    seven weekdays, whose other rows are the month's day numbers, a rule, or its title alone
    ("| « January 2008 | | | | | | |"). A table of figures without the weekdays' row stays."""
    kept: list[str] = []
    for row, run in groupby(lines, key=is_row):
        block = list(run)
        if not (row and _is_calendar([row_cells(line) for line in block])):
            kept.extend(block)
    return kept


def _is_calendar(rows: list[list[str]]) -> bool:
    """Whether table rows are a month's calendar (see `without_calendars`)."""
    if not any(len(cells) == 7 and all(_WEEKDAY_CELL.fullmatch(c) for c in cells) for cells in rows):
        return False
    calendar_cell = (_WEEKDAY_CELL, _DAY_CELL, _RULE_CELL)
    return all(
        len(cells) == 7
        and (
            all(any(kind.fullmatch(c) for kind in calendar_cell) for c in cells)
            or (len(cells[0].split()) <= 4 and not any(cells[1:]))
        )
        for cells in rows
    )
