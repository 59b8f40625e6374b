"""Bylines of sites in many languages and countries: local "by" words, "and" words, job titles,
the wire agencies of each country, roles in brackets and organisation-only credits. Hand-written
credits in the shapes news sites print (no string copied from any page)."""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.byline import parse_byline, split_credit
from newsharvest.extract.document import Document
from newsharvest.extract.persons import agency_of, is_person_name
from newsharvest.extract.printed_byline import labelled_author

BODY = "<p>" + "The council met on Tuesday and voted on the budget for the coming year. " * 8 + "</p>"


@pytest.mark.parametrize(
    ("printed", "names", "agency"),
    [
        ("Von Lena Adler und Tim Berger", ["Lena Adler", "Tim Berger"], None),
        ("Par Élise Marchand et Paul Roux", ["Élise Marchand", "Paul Roux"], None),
        ("Por Inés Vidal y Raúl Soto", ["Inés Vidal", "Raúl Soto"], None),
        ("Di Chiara Greco e Luca Neri", ["Chiara Greco", "Luca Neri"], None),
        ("Por Rita dos Anjos e Caio da Costa", ["Rita dos Anjos", "Caio da Costa"], None),
        ("Door Sanne van der Wal en Bram de Groot", ["Sanne van der Wal", "Bram de Groot"], None),
        ("Av Ola Berg og Kari Lund", ["Ola Berg", "Kari Lund"], None),
        ("Piotr Nowicki i Ewa Zając", ["Piotr Nowicki", "Ewa Zając"], None),
        ("Олег Смирнов и Анна Лебедева", ["Олег Смирнов", "Анна Лебедева"], None),
        ("Ana Vidal en Sevilla", ["Ana Vidal"], None),  # where she filed from
        ("Ana Vidal - Sevilla", ["Ana Vidal"], None),
        ("Ana Vidal | Sevilla", ["Ana Vidal"], None),
        ("Élise Marchand, à Lyon", ["Élise Marchand"], None),
        ("Lena Adler | Redakteurin", ["Lena Adler"], None),  # job titles in other languages
        ("Élise Marchand, journaliste", ["Élise Marchand"], None),
        ("Chiara Greco, inviata", ["Chiara Greco"], None),
        ("Von Lena Adler (Text) und Tim Berger (Fotos)", ["Lena Adler"], None),  # Tim took the pictures
        ("文：山田花子", ["山田花子"], None),  # role words of Chinese, Japanese and Korean bylines
        ("文/王小红", ["王小红"], None),
        ("記者 王小红", ["王小红"], None),
        ("山田花子記者", ["山田花子"], None),
        ("김민지 기자", ["김민지"], None),
        ("山田花子（共同）", ["山田花子"], "Kyodo"),
        ("Von Lena Adler, dpa", ["Lena Adler"], "dpa"),  # each country's wire agency
        ("Por Inés Vidal | EFE", ["Inés Vidal"], "EFE"),
        ("Di Chiara Greco (ANSA)", ["Chiara Greco"], "ANSA"),
        ("Por Rita Anjos, Lusa", ["Rita Anjos"], "Lusa"),
        ("Par Paul Roux avec AFP", ["Paul Roux"], "AFP"),  # the joining word goes with the agency
        ("Por Raúl Soto con información de EFE", ["Raúl Soto"], "EFE"),
        ("mit Material von dpa", [], "dpa"),
        ("Agência Lusa", [], "Lusa"),
        ("Agencia EFE", [], "EFE"),
        ("Press Trust of India", [], "PTI"),
        ("IANS", [], "IANS"),
        ("By Min-jun Park, Yonhap", ["Min-jun Park"], "Yonhap"),
        ("Redazione ANSA", [], "ANSA"),
    ],
)
def test_bylines_of_many_languages(printed: str, names: list[str], agency: str | None) -> None:
    byline = parse_byline(printed)
    assert [a.name for a in byline.authors] == names
    assert byline.agency == agency


@pytest.mark.parametrize(
    ("printed", "agency", "names"),
    [
        ("Sid Hale", None, ["Sid Hale"]),
        ("Sid", None, ["Sid"]),  # a given name, not the sport agency SID
        ("SID", "SID", []),
        ("Lusa", "Lusa", []),
        ("Ana Ruiz", None, ["Ana Ruiz"]),
    ],
)
def test_a_short_agency_name_counts_only_as_the_agency_prints_it(
    printed: str, agency: str | None, names: list[str]
) -> None:
    assert agency_of(printed) == agency
    assert [a.name for a in parse_byline(printed).authors] == names


@pytest.mark.parametrize(
    "credit",
    [
        "Society for Urban Planning",  # organisations
        "Foundation for Open Maps",
        "WXYZ - Springfield",  # a station and its town
        "Le Matin",  # a paper's title in another language
        "Die Woche",
        "Redação",
        "Agencias",
    ],
)
def test_credits_naming_no_person(credit: str) -> None:
    assert not is_person_name(credit)


@pytest.mark.parametrize(
    ("credit", "names", "agency"),
    [
        ("Ola Berg. Planet Herald", ["Ola Berg"], None),  # a full stop ends the name
        ("Simon St. Ives", ["Simon St. Ives"], None),  # not after "St."
        ("OLA BERG<BR>The Planet Herald", ["Ola Berg"], None),  # markup left in a meta tag
        ("news@planet.example", [], None),  # an address is nobody, not even an organisation
        ("CBS", [], "CBS"),  # an organisation's initials
        ("Society for Urban Planning", [], "Society for Urban Planning"),
        ("Por Redacción", [], "Redacción"),  # the "by" word is no part of the organisation's name
    ],
)
def test_structured_credits(credit: str, names: list[str], agency: str | None) -> None:
    byline = split_credit(credit)
    assert [a.name for a in byline.authors] == names
    assert byline.agency == agency


@pytest.mark.parametrize(
    ("printed", "names", "stamp"),
    [
        ("Par Élise Marchand Publié le 12 mars 2020 à 10h00", ["Élise Marchand"], "12 mars 2020 à 10h00"),
        ("Von Lena Adler Stand: 12.03.2020, 10:15 Uhr", ["Lena Adler"], "12.03.2020, 10:15 Uhr"),
        ("Di Chiara Greco Pubblicato il 12 marzo 2020", ["Chiara Greco"], "12 marzo 2020"),
        ("文：山田花子 2020年3月12日", ["山田花子"], "2020年3月12日"),
        ("Von Lena Adler vor 2 Stunden", ["Lena Adler"], None),  # a relative time is no date to read
        ("Par Paul Roux il y a 2 heures", ["Paul Roux"], None),
        ("By Ann Lee · 5 min read", ["Ann Lee"], None),
        ("Lena Adler aus Berlin", ["Lena Adler"], None),  # where she filed from
        ("Paul Roux à Lyon", ["Paul Roux"], None),
        ("María de los Ángeles García Pérez", ["María de los Ángeles García Pérez"], None),  # particles
    ],
)
def test_what_follows_the_names_in_other_languages(printed: str, names: list[str], stamp: str | None) -> None:
    byline = parse_byline(printed)
    assert [a.name for a in byline.authors] == names
    assert byline.stamp == stamp


def test_an_upper_case_name_before_its_outlet_in_mixed_case() -> None:
    assert [a.name for a in parse_byline("By OLA BERG Planet Daily Record").authors] == ["Ola Berg"]


def _page(byline: str, head: str = "") -> bytes:
    return (
        f"<html><head><title>Council passes budget</title>{head}</head><body><article>"
        f"<h1>Council passes budget</h1>{byline}{BODY}</article></body></html>"
    ).encode()


def test_an_organisation_only_printed_byline_goes_to_agency() -> None:
    record = extract_article(_page('<div class="byline">By Planet Sports Network</div>'), "https://planet.example/a")
    assert isinstance(record, Article)
    assert record.authors == []
    assert record.agency == "Planet Sports Network"
    assert record.byline_raw == "By Planet Sports Network"


def test_the_agency_beside_the_name_in_its_own_element_is_kept() -> None:
    byline = (
        '<div class="byline"><span class="author">Ola Berg</span>'
        ' <span class="outlet">Associated Press</span></div>'
    )
    record = extract_article(_page(byline), "https://planet.example/a")
    assert isinstance(record, Article)
    assert [a.name for a in record.authors] == ["Ola Berg"]
    assert record.agency == "AP"


def test_the_meta_authors_organisation_and_the_printed_agency() -> None:
    """The meta tag credits the site; the printed byline names the reporter and the wire: the wire wins."""
    byline = '<div class="byline">By OLA BERG Associated Press</div>'
    record = extract_article(_page(byline, '<meta name="author" content="Planet News">'), "https://planet.example/a")
    assert isinstance(record, Article)
    assert [a.name for a in record.authors] == ["Ola Berg"]
    assert record.agency == "AP"


@pytest.mark.parametrize(
    "head",
    [
        '<meta name="rbauthors" content="By Ola Berg">',  # the other CMSs' author meta names
        '<meta name="citation_author" content="Ola Berg">',
        '<meta name="dc:creator" content="Ola Berg">',
        '<meta itemprop="author" content="Ola Berg">',  # microdata the reader does not see
    ],
)
def test_author_meta_names_and_hidden_microdata(head: str) -> None:
    record = extract_article(_page("", head), "https://planet.example/a")
    assert isinstance(record, Article)
    assert [a.name for a in record.authors] == ["Ola Berg"]


def test_a_microdata_person_whose_name_is_in_a_meta_element() -> None:
    byline = (
        '<div itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<meta itemprop="name" content="Lena Adler"><meta itemprop="url" content="https://planet.example/lena">'
        "</div>"
    )
    record = extract_article(_page(byline), "https://planet.example/a")
    assert isinstance(record, Article)
    assert [a.name for a in record.authors] == ["Lena Adler"]


@pytest.mark.parametrize(
    "json_ld",
    [
        # the article nested as the page's main entity
        '{"@type": "WebPage", "mainEntity": {"@type": "NewsArticle", "headline": "Council passes budget",'
        ' "author": {"@type": "Person", "name": "Lena Adler"}}}',
        # an article node crediting nobody, the page's node crediting the author
        '[{"@type": "NewsArticle", "headline": "Council passes budget"},'
        ' {"@type": "WebPage", "author": {"@type": "Person", "name": "Lena Adler"}}]',
    ],
)
def test_json_ld_authors_outside_the_first_level_article_node(json_ld: str) -> None:
    head = f'<script type="application/ld+json">{json_ld}</script>'
    record = extract_article(_page("", head), "https://planet.example/a")
    assert isinstance(record, Article)
    assert [a.name for a in record.authors] == ["Lena Adler"]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("作者︱春春", ["春春"]),
        ("记者 王小明", ["王小明"]),
        ("記者：山田太郎", ["山田太郎"]),
        ("撰文：李明、张华", ["李明", "张华"]),
        ("责任编辑：肖春芳", []),  # an editor, not the writer
        ("作者：这是一篇很长的文章标题而不是人名真的很长", []),  # a sentence, not a name
    ],
)
def test_a_labelled_author_line_names_the_writer(line: str, names: list[str]) -> None:
    story = "正文内容。" * 40
    head = "<head><title>宇航员在太空中喝酒</title></head>"  # a Chinese title: the page is read as Chinese
    html = f"<html>{head}<body><article><h1>标题</h1><p>{story}</p><p>{line}</p></article></body></html>"
    found = labelled_author(Document.from_input(html, "https://example.cn/a.html"))
    assert [author.name for author in found.authors] == names


def test_a_labelled_author_line_is_read_on_chinese_and_japanese_pages_only() -> None:
    story = "The council met on Tuesday and voted on the budget. " * 20
    body = f"<article><h1>Budget</h1><p>{story}</p><p>记者 王小明</p></article>"
    html = f"<html lang='en'><body>{body}</body></html>"
    assert labelled_author(Document.from_input(html, "https://example.com/a.html")).authors == []
