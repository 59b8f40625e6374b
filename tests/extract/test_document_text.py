"""The page's elements read their text in C, and URLs are checked for whitespace in one search:
the same answers as lxml.html's XPath `string()` and `str.isspace`."""

from __future__ import annotations

import lxml.etree
import pytest

from newsharvest.extract.document import Document, PageElement, http_url

PAGE = (
    "<html><head><title>T &amp; t</title><script>var s = '<p>';</script></head><body>"
    "<div id='a'>Lead <b>bold <i>deep</i></b> tail — “quoted”<br>next<img src='x.jpg'> end</div>"
    "<p id='b'>caf&eacute; &#8217;s<!-- note --> after</p><p id='c'></p><p id='d'><span></span></p>"
    "</body></html>"
)
_STRING = lxml.etree.XPath("string()")


def test_every_element_of_a_page_is_a_page_element() -> None:
    doc = Document.from_input(PAGE, "https://example.com/a")
    assert doc.root is not None
    assert {type(el) for el in doc.root.iter(lxml.etree.Element)} == {PageElement}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("body/div", "Lead bold deep tail — “quoted”next end"),
        ("body/p[@id='b']", "café ’s after"),
        ("body/p[@id='c']", ""),
        ("body/p[@id='d']", ""),
        ("head", "T & tvar s = '<p>';"),
    ],
)
def test_text_content_is_the_xpath_string_of_the_element(path: str, expected: str) -> None:
    doc = Document.from_input(PAGE, "https://example.com/a")
    assert doc.root is not None
    element = doc.root.xpath(path)[0]
    assert element.text_content() == expected
    assert element.text_content() == _STRING(element)
    assert doc.root.text_content() == _STRING(doc.root)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://example.com/a\tb\nc", "https://example.com/abc"),
        ("https://example.com/a\u00a0b", None),  # a no-break space is whitespace, not dropped
        ("https://example.com/a\u2003b", None),
        (" https://example.com/ab ", "https://example.com/ab"),
    ],
)
def test_whitespace_inside_a_url_is_dropped_encoded_or_refused(value: str, expected: str | None) -> None:
    assert http_url(value) == expected
