"""Photo captions: caption text and credit apart, each photo once."""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.html

from newsharvest.extract.document import Document, collapse, compiled_selector
from newsharvest.extract.photo_credits import split_credit
from newsharvest.extract.record import Caption


def clean_credit(credit: str | None) -> str | None:
    """A credit without parentheses or a "Photo:"/"Credit:" label; None when empty."""
    text = collapse(credit).strip("() ")
    text = re.sub(r"^(?:photo|image|credit|foto)s?\s*(?:by)?\s*:\s*", "", text, flags=re.I)
    return text or None


def _first(element: lxml.html.HtmlElement, selectors: Iterable[str]) -> str | None:
    for selector in selectors:
        for found in compiled_selector(selector)(element):
            text = collapse(found.text_content())
            if text:
                return text
    return None


def _image_url(doc: Document, figure: lxml.html.HtmlElement) -> str | None:
    for img in figure.iter("img"):
        for attribute in ("src", "data-src", "data-original"):
            url = doc.absolute(img.get(attribute))
            if url:
                return url
    return None


def figure_caption(
    doc: Document,
    figure: lxml.html.HtmlElement,
    text_selectors: Iterable[str] = (),
    credit_selectors: Iterable[str] = (),
) -> Caption | None:
    """The caption of one <figure>, or None when it has neither caption nor credit.

    Profile selectors are tried first; otherwise the figcaption text is split into caption
    and credit. The img alt is never a second caption.
    """
    credit = clean_credit(_first(figure, credit_selectors))
    text = _first(figure, text_selectors)
    if text is None:
        figcaption = figure.find(".//figcaption")
        text = collapse(figcaption.text_content()) if figcaption is not None else ""
        if credit and text.endswith(credit):
            text = text[: -len(credit)].strip()
        elif credit and text.endswith(f"({credit})"):
            text = text[: -len(credit) - 2].strip()
    if text and not credit:
        text, credit = split_credit(text)
    if not text and not credit:
        return None
    return Caption(text=text, credit=credit, image_url=_image_url(doc, figure))


def dedupe_captions(captions: Iterable[Caption]) -> list[Caption]:
    """Captions in order, each (text, image) once."""
    seen: set[tuple[str, str | None]] = set()
    unique: list[Caption] = []
    for caption in captions:
        key = (caption.text.lower(), caption.image_url if not caption.text else None)
        if key in seen:
            continue
        seen.add(key)
        unique.append(caption)
    return unique
