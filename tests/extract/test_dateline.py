"""Datelines opening a wire story: the place and the agency (hand-written first lines in the
shapes wire copy prints; no string copied from any page)."""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.agencies import ANY_AGENCY
from newsharvest.extract.byline import agency_of
from newsharvest.extract.dateline import find_dateline


@pytest.mark.parametrize(
    ("raw", "place", "agency"),
    [
        ("SPRINGFIELD (AP) —", "SPRINGFIELD", "AP"),
        # the day between the place and the agency
        ("SPRINGFIELD, Aug. 20 (Yonhap) --", "SPRINGFIELD", "Yonhap"),
        ("SPRINGFIELD, March 3 (Reuters) -", "SPRINGFIELD", "Reuters"),
        ("SPRINGFIELD, Ill., Jan 5 (AP) —", "SPRINGFIELD, Ill.", "AP"),
        # a Chinese wire's agency, place, day and "dispatch"
        ("新华社上海3月12日电", "上海", "Xinhua"),
        # a Japanese place and source in brackets: an agency, or a reporter (no agency)
        ("【ワシントン=共同】", "ワシントン", "Kyodo"),
        ("【ニューヨーク＝時事】", "ニューヨーク", "Jiji"),
        ("【ロンドン=ロイター】", "ロンドン", "Reuters"),
        ("【ニューヨーク=山田太郎】", "ニューヨーク", None),
    ],
)
def test_dateline(raw: str, place: str, agency: str | None) -> None:
    dateline = find_dateline(f"{raw} The council met on Tuesday.")
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.raw) == (place, agency, raw)


@pytest.mark.parametrize(
    "first_line",
    [
        "I met him, Aug. 20 (AP) — and talked.",  # no upper-case place
        "本报上海3月12日电 市议会周二开会。",  # no wire agency leads it
        "新华社3月12日电 市议会周二开会。",  # no place
        "市议会3月12日开会。",
    ],
)
def test_no_dateline(first_line: str) -> None:
    assert find_dateline(first_line) is None


def test_a_chinese_wire_dateline_gives_the_story_its_agency() -> None:
    text = "市议会周二开会，表决通过了来年的预算方案，多名议员发表了意见。" * 8
    html = (
        "<html><head><title>市议会通过预算</title></head><body><article><h1>市议会通过预算</h1>"
        f"<p>新华社上海3月12日电 {text}</p><p>{text}</p></article></body></html>"
    )
    record = extract_article(html, "https://www.planet.example/2023-03/12/c_1.htm")
    assert isinstance(record, Article), record
    assert record.agency == "Xinhua"
    assert record.dateline is not None and record.dateline.place == "上海"


@pytest.mark.parametrize(
    ("credit", "agency"),
    [
        ("路透社", "Reuters"),
        ("美联社", "AP"),
        ("法新社", "AFP"),
        ("AFP通信", "AFP"),
        ("ブルームバーグ", "Bloomberg"),
    ],
)
def test_the_wire_agencies_chinese_and_japanese_names(credit: str, agency: str) -> None:
    assert agency_of(credit) == agency


def test_a_short_chinese_name_of_an_agency_does_not_make_its_latin_initials_one() -> None:
    """"AP" alone in "AP Technology Writer" is a job title's word, not the agency's credit."""
    assert find_dateline("【ロンドン=ロイター】英政府は会見した。") is not None
    assert ANY_AGENCY.search("By MATT O'BRIEN, AP Technology Writer") is None
