"""Invisible marks in a page's text: the ones that carry no letter leave every field, as they
leave the body; the joiners that spell words (Persian, Indic scripts, emoji) stay everywhere."""

from __future__ import annotations

from newsharvest.extract import Article, extract_article

URL = "https://zeitung.example.de/kultur/bibliothek-bleibt-offen"
GERMAN = "Die Bundes&shy;regierung hat am Dienstag beschlossen, die Bibliothek sonntags zu öffnen."


def _record(html: str) -> Article:
    record = extract_article(html, URL)
    assert isinstance(record, Article), record
    return record


def test_soft_hyphens_and_zero_width_spaces_leave_every_field_but_the_raw_ones() -> None:
    html = (
        '<html lang="de"><head><title>Bibliothek bleibt offen</title>'
        "<meta name='keywords' content='Bundes&shy;regierung, Biblio&#8203;thek'>"
        "<meta name='description' content='Die Bundes&shy;regierung öffnet die Bibliothek am Sonntag "
        "für alle Leser.'></head><body><article><h1>Biblio&shy;thek bleibt offen</h1>"
        "<p class='byline'>Von Anna&#8203; Müller</p>"
        + "".join(f"<p>{GERMAN} Absatz {n}.</p>" for n in range(5))
        + "<figure><img src='/bild.jpg'><figcaption>Die Biblio&shy;thek am Sonntag. Foto: dpa"
        "</figcaption></figure></article></body></html>"
    )
    record = _record(html)
    assert record.headline == "Bibliothek bleibt offen"
    assert record.headline_raw == "Biblio\u00adthek bleibt offen"  # as found
    assert record.dek == "Die Bundesregierung öffnet die Bibliothek am Sonntag für alle Leser."
    assert [author.name for author in record.authors] == ["Anna Müller"]
    assert record.tags == ["Bundesregierung", "Bibliothek"]
    assert [caption.text for caption in record.captions] == ["Die Bibliothek am Sonntag."]
    assert record.body.split("\n\n")[0] == (
        "Die Bundesregierung hat am Dienstag beschlossen, die Bibliothek sonntags zu öffnen. Absatz 0."
    )


def test_joiners_that_spell_words_stay_in_the_body_and_the_headline() -> None:
    persian = (
        "من می\u200cخواهم به کتابخانه بروم و کتاب&zwnj;های زیادی بخوانم چون امروز یکشنبه است "
        "و کتابخانه تا شب باز است."
    )
    family = "👨\u200d👩\u200d👧"
    html = (
        '<html lang="fa" dir="rtl"><head><title>کتاب\u200cها</title></head><body><article>'
        "<h1>کتاب\u200cها در کتابخانه</h1>"
        + "".join(f"<p>{persian} {family} {n}</p>" for n in range(5))
        + "</article></body></html>"
    )
    record = _record(html)
    assert record.headline == "کتاب\u200cها در کتابخانه"
    first = persian.replace("&zwnj;", "\u200c")
    assert record.body.split("\n\n") == [f"{first} {family} {n}" for n in range(5)]
