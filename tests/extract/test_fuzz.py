"""Fuzzing `extract_article`: generated HTML (hypothesis) and mutations of the fixture pages.

Every input must give an `Article` or a `Rejection` (never `extraction_error`: a browser renders
all of them), the record invariant must hold (checked here independently of
`newsharvest.extract.invariant`), and the record must go into a real SQLite archive and come back
unchanged. Fixed seeds and bounded case counts: the same inputs on every run.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from newsharvest.extract import Article, Rejection, extract_article
from newsharvest.reasons import REJECTION_REASONS
from newsharvest.store import Archive
from newsharvest.store.reader import find_article_id, list_rejections, load_records
from newsharvest.store.rows import CONTENT_FIELDS, record_of
from tests.conftest import extraction_cases

pytestmark = pytest.mark.slow

FETCHED = "2024-05-01T12:00:00+00:00"
URL_FIELDS = {"url", "canonical_url", "top_image", "image_url"}
PAGES = [
    (case.url, page)
    for site in ("generic", "huffpost", "apnews")
    for case in extraction_cases(site)
    if (page := case.page_bytes()) is not None
]


# --- the invariant, checked from the outside ---------------------------------------------------


def invariant_violations(record: Article | Rejection) -> list[str]:
    """What in `record` breaks the record invariant (empty when it holds)."""
    problems: list[str] = []

    def check(path: str, name: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                check(f"{path}.{key}", key, item)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                check(f"{path}[{index}]", name, item)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                problems.append(f"{path}: not valid Unicode {value!r}")
            allowed = "\n\t" if name == "body" else ""
            for char in value:
                if (unicodedata.category(char) == "Cc" and char not in allowed) or char in "\ufffe\uffff":
                    problems.append(f"{path}: control character {char!r}")
                    break
            if name in URL_FIELDS and value:
                parts = urlsplit(value)
                if parts.scheme not in ("http", "https") or not parts.netloc:
                    problems.append(f"{path}: not an absolute http(s) URL {value!r}")

    check("record", "", record.to_dict())
    return problems


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with Archive.open(tmp_path / "fuzz.db") as opened:
        yield opened


def assert_sound(record: object, archive: Archive) -> None:
    """A record or a rejection with its reason, the invariant held, and a store round trip."""
    assert isinstance(record, Article | Rejection), record
    if isinstance(record, Rejection):
        assert record.reason in REJECTION_REASONS
        assert record.reason != "extraction_error", record.detail
    assert invariant_violations(record) == []
    [outcome] = archive.store_batch([(record, FETCHED)])
    with archive.reading() as conn:
        if isinstance(record, Rejection):
            assert outcome == "rejected"
            rows = list_rejections(conn, reason=record.reason, limit=1000)
            stored = [row for row in rows if row["url"] == record.url]
            assert stored and stored[0]["detail"] == record.detail
            return
        assert outcome in ("new", "updated", "unchanged")
        article_id = find_article_id(conn, record.canonical_url)
        assert article_id is not None
        [back] = load_records(conn, [article_id])
    expected = record_of(record)
    assert {f: back[f] for f in CONTENT_FIELDS} == {f: expected[f] for f in CONTENT_FIELDS}


# --- generated HTML -----------------------------------------------------------------------------

TAGS = ["p", "div", "span", "a", "h1", "h2", "article", "section", "li", "ul", "figure", "figcaption",
        "time", "b", "blockquote", "aside", "table", "td", "body", "html", "title"]  # fmt: skip
CLASSES = ["tooltip", "caption", "credit", "byline", "related", "dek", "article-body", "hover-card",
           "newsletter", "twitter-tweet", "entry__content", "cli-text"]  # fmt: skip
PROSE = "The council voted on Tuesday to keep the library open on Sundays after a long debate. "
JUNK = ["\x00", "\x07", "\x0c", "\x1b", "\x7f", "\x85", "\ud800", "\udfff", "\ufffe", "&#7;", "&#150;",
        "&#0;", "&#xD800;", "&amp;", "<", ">", "\r\n"]  # fmt: skip
junk_text = st.lists(
    st.one_of(st.characters(codec=None), st.sampled_from(JUNK)),  # every code point, lone surrogates too
    max_size=40,
).map("".join)
text = st.one_of(junk_text, st.just(PROSE * 3), st.builds(lambda t: PROSE + t + PROSE, junk_text))
attribute_value = st.one_of(st.sampled_from(CLASSES), junk_text, st.sampled_from(
    ["https://news.example/a", "/relative/path", "javascript:alert(1)", "http://[::1", "mailto:x@y",
     "data:image/png;base64,AAAA", "https://news.example:99999/", "\x07https://news.example/x"]))  # fmt: skip


@st.composite
def element(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attributes = draw(st.lists(
        st.tuples(st.sampled_from(["class", "href", "src", "id", "datetime", "content"]), attribute_value),
        max_size=3,
    ))  # fmt: skip
    rendered = "".join(f' {name}="{value}"' for name, value in attributes)
    children = draw(st.lists(text if depth >= 3 else st.one_of(text, element(depth + 1)), max_size=4))
    return f"<{tag}{rendered}>{''.join(children)}</{tag}>"


json_ld = st.builds(
    lambda headline, name, date: (
        f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{headline}", '
        f'"author": {{"@type": "Person", "name": "{name}"}}, "datePublished": "{date}"}}</script>'
    ),
    st.sampled_from(["Head\\u0000line", "Line\\u001b", "Bad \\ud800 surrogate", "Fine headline"]),
    st.sampled_from(["Jo\\u0007e", "Ann \\udfff", "Kim Lee"]),
    st.sampled_from(["2023-03-02T10:00:00+99:00", "2023-03-02T10:00:00Z", "yesterday", "9" * 30]),
)


@st.composite
def html_page(draw: st.DrawFn) -> tuple[str | bytes, str, str | None]:
    head = draw(st.lists(st.one_of(json_ld, element()), max_size=2))
    body = draw(st.lists(element(), min_size=1, max_size=6))
    story = "".join(f"<p>{PROSE * 2}</p>" for _ in range(draw(st.integers(0, 4))))
    title = draw(text)
    page = f"<html><head><title>{title}</title>{''.join(head)}</head><body>{''.join(body)}{story}</body>"
    url = draw(st.sampled_from(["https://news.example.org/2023/03/02/story", "https://www.huffpost.com/entry/x_n_1",
                                "", "http://[::1", "ftp://news.example/x"]))  # fmt: skip
    form = draw(st.sampled_from(["str", "utf-8", "utf-16", "cp1252", "declared-wrong"]))
    if form == "str":
        return page, url, None
    clean = page.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if form == "utf-16":
        return clean.encode("utf-16"), url, None
    if form == "cp1252":
        return clean.encode("cp1252", "replace"), url, "text/html; charset=windows-1252"
    if form == "declared-wrong":
        return clean.encode("utf-8"), url, "text/html; charset=shift_jis"
    return page.encode("utf-8", "surrogatepass"), url, None


@seed(15)
@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(case=html_page())
def test_generated_html_gives_a_sound_record(
    case: tuple[str | bytes, str, str | None], tmp_path: Path
) -> None:
    page, url, content_type = case
    record = extract_article(page, url, content_type=content_type)
    if url and url.startswith(("http://[", "ftp:")):
        assert isinstance(record, Rejection) and record.reason == "invalid_url"
    with Archive.open(tmp_path / "generated.db") as archive:
        assert_sound(record, archive)


# --- mutated fixture pages ----------------------------------------------------------------------

CONTROLS = [b"\x00", b"\x07", b"\x0c", b"\x1b", b"\x7f", b"\xc2\x85", b"\xc2\x9b", b"&#7;", b"&#x1b;"]


def truncate(page: bytes, rng: random.Random) -> bytes:
    return page[: rng.randrange(1, len(page))]


def flip_bytes(page: bytes, rng: random.Random) -> bytes:
    data = bytearray(page)
    for position in rng.sample(range(len(data)), max(1, len(data) // 100)):
        data[position] = rng.randrange(256)
    return bytes(data)


def insert_controls(page: bytes, rng: random.Random) -> bytes:
    data = page
    for _ in range(max(1, len(page) // 500)):
        position = rng.randrange(len(data))
        data = data[:position] + rng.choice(CONTROLS) + data[position:]
    return data

def insert_controls_in_text(page: bytes, rng: random.Random) -> bytes:
    """Control characters in the page's text only (between tags): a form feed inside a class
    name is whitespace to a browser too, so it changes which classes the element has."""
    data = page
    for _ in range(max(1, len(page) // 500)):
        position = rng.randrange(len(data))
        while position > 0 and data.rfind(b"<", 0, position) > data.rfind(b">", 0, position):
            position = data.rfind(b"<", 0, position)  # inside a tag: move before it
        data = data[:position] + rng.choice(CONTROLS) + data[position:]
    return data


def add_bom(page: bytes, rng: random.Random) -> bytes:
    text = page.decode("utf-8", "replace")
    return rng.choice([b"\xef\xbb\xbf" + page, text.encode("utf-16"), text.encode("utf-32")])


def wrong_charset(page: bytes, rng: random.Random) -> bytes:
    label = rng.choice(["iso-8859-1", "shift_jis", "utf-16", "koi8-r", "no-such-charset"])
    return page.replace(b"<head>", f'<head><meta charset="{label}">'.encode(), 1) if b"<head>" in page else (
        f'<meta charset="{label}">'.encode() + page
    )


def nest(page: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([255, 300, 3000])
    tag = rng.choice([b"div", b"span", b"blockquote", b"li"])
    head, found, rest = page.partition(b"<body")
    if not found:
        return b"<" + tag + b">" * depth + page
    start = rest.index(b">") + 1
    return head + found + rest[:start] + (b"<" + tag + b">") * depth + rest[start:]


def repeat(page: bytes, rng: random.Random) -> bytes:
    return page * rng.choice([2, 5, 20])


def invalid_utf8(page: bytes, rng: random.Random) -> bytes:
    position = rng.randrange(len(page))
    bad = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"])
    return page[:position] + bad + page[position:]


MUTATIONS = [truncate, flip_bytes, insert_controls, add_bom, wrong_charset, nest, repeat, invalid_utf8]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.__name__)
def test_mutated_fixture_pages_give_sound_records(mutation: Any, archive: Archive) -> None:
    for url, page in PAGES:
        rng = random.Random(f"{mutation.__name__}-15-{url}")  # per page: a new case moves no other's
        mutated = mutation(page, rng)
        record = extract_article(mutated, url)
        assert_sound(record, archive)


@pytest.mark.parametrize(
    "mutation", [insert_controls_in_text, add_bom, invalid_utf8, nest], ids=lambda m: m.__name__
)
def test_mutations_a_browser_shrugs_off_keep_the_article(mutation: Any) -> None:
    """Control characters, a BOM, one invalid byte, deep nesting: every fixture article stays an article."""
    for url, page in PAGES:
        rng = random.Random(f"{mutation.__name__}-keep-{url}")
        before = extract_article(page, url)
        if not isinstance(before, Article):
            continue
        after = extract_article(mutation(page, rng), url)
        assert isinstance(after, Article), (url, after)
        assert after.headline, url
        assert after.word_count >= 0.9 * before.word_count, url
