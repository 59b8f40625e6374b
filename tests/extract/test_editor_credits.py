"""Editors are not authors: a structured credit naming the person the page prints after an
editor's label gives way to the printed byline (hand-written pages in the shapes Chinese and
English news sites print; no string copied from any page)."""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.byline import parse_byline
from newsharvest.extract.document import Document
from newsharvest.extract.editor_credits import credited_as_editor

BODY = "<p>" + "The council met on Tuesday and voted on the budget for the coming year. " * 8 + "</p>"
ZH_BODY = "<p>" + "市议会周二开会，表决通过了来年的预算方案，多名议员发表了意见。" * 8 + "</p>"


def _page(head: str, body: str) -> str:
    return (
        f"<html><head><title>Council passes budget</title>{head}</head>"
        f"<body><article>{body}</article></body></html>"
    )


@pytest.mark.parametrize(
    "credit_line",
    [
        "<p>（编辑：王小明 李华）</p>",  # the editors after the text, the first of two
        "<div>【责任编辑：王小明】</div>",  # the responsible editor
        '<span id="editor">責任編輯：王小明</span>',
    ],
)
def test_an_author_meta_tag_naming_the_printed_editor_credits_nobody(credit_line: str) -> None:
    html = _page('<meta name="author" content="王小明">', f"<h1>市议会通过预算</h1>{ZH_BODY}{credit_line}")
    record = extract_article(html, "https://www.planet.example/a/2023/11/17/budget.html")
    assert isinstance(record, Article), record
    assert record.authors == []


def test_the_printed_byline_names_the_author_when_json_ld_credits_the_editor() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council passes budget",'
        ' "author": {"@type": "Person", "name": "Tom Ode"}}</script>'
    )
    body = (
        '<h1>Council passes budget</h1><p class="byline">By Ann Lee</p>'
        f'{BODY}<p class="credits">Edited by <a href="/staff/tom-ode">Tom Ode</a></p>'
    )
    record = extract_article(_page(head, body), "https://www.planet.example/news/council-budget")
    assert isinstance(record, Article), record
    assert [a.name for a in record.authors] == ["Ann Lee"]


@pytest.mark.parametrize(
    "page",
    [
        _page("", "<p>By Tom Ode</p><p>Editor: Ann Lee</p>"),  # another person is the editor
        _page('<script>var page = {"editor": "Tom Ode"};</script>', "<p>By Tom Ode</p>"),  # a script's data
        _page('<meta name="editor" content="Tom Ode">', "<p>By Tom Ode</p>"),  # not printed
        _page("", "<p>Tom Ode, the editor: a profile</p>"),  # the label after the name
        _page("", "<p>(Editing by Ann Lee; Additional reporting by Tom Ode)</p>"),  # the next credit
        _page("", "<p>Edited by Ann Lee. Photographs by Tom Ode</p>"),
    ],
)
def test_a_name_not_printed_after_an_editor_label_is_no_editor(page: str) -> None:
    assert not credited_as_editor(Document.from_input(page, "https://www.planet.example/"), "Tom Ode")


@pytest.mark.parametrize(
    "page",
    [
        _page("", "<p>Edited by Ann Lee and Tom Ode</p>"),
        _page("", "<p>EDITOR: <b>Tom Ode</b></p>"),
        _page("", "<p>编辑/Tom Ode</p>"),
        _page("", "<p>(Reporting by Ann Lee; Editing by Tom Ode)</p>"),
    ],
)
def test_a_name_printed_after_an_editor_label_is_an_editor(page: str) -> None:
    assert credited_as_editor(Document.from_input(page, "https://www.planet.example/"), "Tom Ode")


@pytest.mark.parametrize(
    ("printed", "names", "stamp"),
    [
        ("责任编辑：王小明", [], None),  # an editor's credit alone names no author
        ("编辑/王小明", [], None),
        ("Edited by Tom Ode", [], None),
        ("作者：李华 责任编辑：王小明", ["李华"], None),  # the editor's field after the author's
        ("来源：星球日报 作者：李华", ["李华"], None),  # the author's field after the source's
        ("文/李华 编辑/王小明", ["李华"], None),
        ("李华（编辑：王小明）", ["李华"], None),
        ("By Ann Lee | Edited by Tom Ode | March 3, 2020", ["Ann Lee"], "March 3, 2020"),
        ("Reporting by Ann Lee; Editing by Tom Ode", ["Ann Lee"], None),
        ("Written and edited by Ann Lee", ["Ann Lee"], None),  # the writer edited it too
    ],
)
def test_a_printed_byline_loses_its_editors(printed: str, names: list[str], stamp: str | None) -> None:
    byline = parse_byline(printed)
    assert [a.name for a in byline.authors] == names
    assert byline.stamp == stamp
