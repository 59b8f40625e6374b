"""The language a title's script alone tells (`extract.scripts`), and what a page stating none
gets from it: its language and its times' zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.scripts import cjk_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("宇航员在太空中喝酒会怎么样？后果很严重", "zh"),
        ("東京で大雪、交通に乱れ｜日本経済新聞", "ja"),
        ("서울 아파트 가격 상승", "ko"),
        ("Council passes budget", None),
        ("iPhone 15 发布", None),  # two han letters: too few to say
        ("Tokyo Olympics: 東京 2020 report", None),  # mostly Latin letters
    ],
)
def test_the_script_names_the_language(text: str, language: str | None) -> None:
    assert cjk_language(text) == language


def _record(title: str, lang: str = "") -> Article:
    stated = f' lang="{lang}"' if lang else ""
    html = (
        f"<html{stated}><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>2017-03-10 09:58</p><p>{'正文内容，记者报道了这件事情的经过。' * 20}</p></article></body></html>"
    )
    fetched = datetime(2024, 1, 1, tzinfo=UTC)
    record = extract_article(html, "https://news.example.cn/a/1.html", fetched_at=fetched)
    assert isinstance(record, Article), record
    return record


def test_a_chinese_page_stating_no_language_is_zh_and_its_times_are_chinas() -> None:
    record = _record("宇航员在太空中喝酒会怎么样")
    assert record.language == "zh"
    assert record.date_published == "2017-03-10T09:58:00+08:00"


def test_a_stated_language_wins_over_the_script() -> None:
    record = _record("宇航员在太空中喝酒会怎么样", lang="en")
    assert record.language == "en"
    assert record.date_published == "2017-03-10T09:58:00+00:00"
