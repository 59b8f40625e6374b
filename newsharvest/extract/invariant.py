"""The record invariant, enforced on every record `extract_article` returns.

Every string is valid Unicode (no lone surrogates, no U+FFFE/U+FFFF) without control
characters — the body keeps its newlines and tabs, other fields have them as spaces — and every
URL field holds an absolute http(s) URL or nothing. So no page's junk (a BEL in a <title>, a
``\\u0000`` or ``\\ud800`` escape in JSON-LD, a ``javascript:`` link) reaches the archive, and
SQLite can store every record.

Invisible formatting marks that carry no text are taken out of every field but the `*_raw` ones
(which keep the value as found): a soft hyphen (`&shy;`, a line break's allowed place: German
headlines are full of them), a zero-width space, a word joiner, a byte-order mark. The body's
text already came without them, so a headline, an author's name or a tag matches the body's
spelling and a search for the word. The zero-width joiner and non-joiner stay: Persian, Kurdish
and Indic scripts spell words with them, and emoji sequences are built of them.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from newsharvest.extract.document import clean_text, http_url
from newsharvest.extract.record import Article, Rejection

URL_FIELDS = frozenset({"url", "canonical_url", "top_image", "image_url"})
"""Fields (of `Article`, `Rejection` and the nested records) that hold a URL."""
MULTILINE_FIELDS = frozenset({"body"})
"""Fields that keep newlines and tabs."""
_LINE_BREAKS = re.compile(r"[\t\n]")
_INVISIBLE_MARKS = re.compile("[\u00ad\u200b\u2060\ufeff]")
"""Soft hyphen, zero-width space, word joiner, byte-order mark (see the module's docstring)."""


def enforce(record: Article | Rejection) -> Article | Rejection:
    """`record` with the invariant made true, in place: text cleaned, bad URLs removed.

    An article's `canonical_url` that is not an http(s) URL falls back to its `url`; authors
    and tags left without text are dropped, and `word_count` follows a cleaned body.
    """
    body = record.body if isinstance(record, Article) else ""
    _clean_fields(record)
    if isinstance(record, Article):
        record.canonical_url = record.canonical_url or record.url
        record.authors = [author for author in record.authors if author.name]
        record.tags = [tag for tag in record.tags if tag]
        if record.body != body:
            record.word_count = len(record.body.split())
    return record


def _clean_fields(record: Any) -> None:
    for spec in dataclasses.fields(record):
        value = getattr(record, spec.name)
        if spec.name in URL_FIELDS and isinstance(value, str):
            url = http_url(value.strip())
            setattr(record, spec.name, url if url is not None or spec.default is None else "")
        else:
            setattr(record, spec.name, _clean_value(spec.name, value))


def _clean_value(name: str, value: Any) -> Any:
    if isinstance(value, str):
        text = clean_text(value)
        if not name.endswith("_raw") and _INVISIBLE_MARKS.search(text):
            text = _INVISIBLE_MARKS.sub("", text)
        if name not in MULTILINE_FIELDS and ("\t" in text or "\n" in text):
            text = _LINE_BREAKS.sub(" ", text)
        return text
    if isinstance(value, list):
        return [_clean_value(name, item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        _clean_fields(value)
    return value
