"""Cleaning helpers shared by the generic extractor and site profiles.

Text-level rules about what is not article body (contributor tails, "Follow … coverage",
copyright lines, "Read more:" teasers, newsletter and share prompts); photo captions' credits
are `photo_credits.py`'s. All patterns are compiled once, at import.
"""

from __future__ import annotations

import re

from newsharvest.extract.agencies import agency_of
from newsharvest.extract.document import collapse
from newsharvest.extract.postlines import BULLET, FORM_FIELD, is_labelled_prose, is_tool_links

# --- tail and furniture lines -------------------------------------------------------------

_TAIL_LINE = re.compile(
    r"""^(?:
        .{0,200}\b(?:contributed|contributing)\s+(?:to\s+)?(?:this\s+|the\s+)?(?:report|reporting|story|article)\b.{0,40}
      | .{0,200}\bcontributed\s+reporting\b.{0,80}
      | \(?(?:Additional\s+)?(?:reporting|writing|editing)\s+by\s+.{1,200}
      | Our\s+Standards:\s+The\s+Thomson\s+Reuters\s+Trust\s+Principles\.?
      | Follow\s+(?:AP|the\s+AP|[A-Z][\w&.]*(?:\s+[A-Z][\w&.]*){0,3})[’']s?\s+
        (?:full\s+|latest\s+)?coverage\b.{0,250}
      | Find\s+AP[’']s\s+full\s+coverage\b.{0,200}
      | [(\[]?(?:Copyright|\(c\)|©|ⓒ)\s*(?:\d{4}|©|ⓒ|The\s|[A-Z]).{0,200}
      | (?:\d+\s+)?comments?
      | Tell\s+us\s+what\s+you\s+think\b.{0,40}
      | (?:Filed\s+(?:under|in)|Tags?|Topics|Categories|Category)\s*:.{0,250}
      | Source\s*:\s*[^.!?]{1,60}
      | More\s+AP\s+.{1,60}:\s*https?://.{0,200}
      | .{0,120}\bAll\s+rights\s+reserved\b.{0,120}
      | .{0,100}\bmay\s+not\s+be\s+(?:published|reproduced),\s+broadcast.{0,120}
      | (?:Related|More|Also)\s+(?:on|from|at)\s+[\w.&’'-]+(?:\s+[\w.&’'-]+)?\s*:
      | A\s+version\s+of\s+this\s+(?:article|story|review|column|op-ed|interview)\s+appear(?:ed|s)\b.{0,300}
      | Copyright\.?
      | .{0,80}?(?:©|\(c\)|(?-i:\bCopyright\b|\bCOPYRIGHT\b))\s*(?:©\s*)?(?:19|20)\d{2}\b.{0,400}
      | (?:Copyright|©)\s.{0,120}?\b(?:19|20)\d{2}\b.{0,40}?\bAll\s+rights\s+reserved\b.{0,400}
      | .{0,120}\blicen[sc]ed\s+under\s+(?:a|the)\s+Creative\s+Commons\b.{0,300}
      | This\s+(?:story|article)\s+is\s+sourced\s+(?:direct(?:ly)?\s+)?from\s+.{1,300}
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
"""Lines that close a story without being part of it (wire credits, coverage links, a copyright
notice anywhere in the line with its year, a Creative Commons licence, a wire-sourcing note)."""

_FURNITURE_LINE = re.compile(
    r"""^(?:
        (?:READ|SEE|WATCH|LISTEN)\s+(?:MORE|ALSO|NEXT|NOW)\b\s*[:|>»\-–—].{0,250}
      | (?:RELATED|MORE|ALSO\s+READ|ALSO\s+ON\s+\S+|DON[’']T\s+MISS|RECOMMENDED|TRENDING|PROMOTED)
        (?:\s+(?:STORIES|ARTICLES|COVERAGE|CONTENT|READING|VIDEOS?|LINKS?|NEWS))?\s*(?:[:|>»\-–—].{0,250})?
      | (?:Related|More|Also\s+read|Read\s+more|Read\s+also|See\s+also|Don[’']t\s+miss|Recommended)
        (?:\s+(?:stories|articles|coverage|content|reading|videos?|links?|news|roundups?|topics?))?\s*[:|>»\-–—].{0,250}
      | (?i:(?:click|tap)\s+here\s+(?:to\s+(?:get|download)\b.{0,60}\bapp\b.{0,40}
        |to\s+(?:subscribe|sign\s+up|join|follow|read\s+more|see\s+more|watch)\b.{0,120}
        |for\s+(?:more\s+(?:stories|news|coverage)|the\s+latest)\b.{0,120}))
      | (?i:subscribe\s+to\s+.{1,60}?\b(?:YouTube|channel|podcast)\b.{0,120})
      | (?i:(?:related|recommended)(?:\s+(?:stories|articles|coverage|content|reading|videos?|links?|news))?
        |more\s+(?:stories|articles|news|videos))
      | (?i:you\s+(?:may|might)\s+also\s+like)\b.{0,3}
      | (?i:(?:most\s+(?:popular|read|viewed|e-?mailed|shared|commented)|latest\s+(?:news|headlines|stories)
        |top\s+stories|trending\s+now)(?:\s+(?:stories|articles|news|posts|now|today|in\s+\S+(?:\s+\S+)?))?)
      | (?i:if\s+you\s+(?:enjoyed|liked)\s+this\s+(?:article|story|post)\b.{0,400})
      | Explore\s+further
      | (?:[«‹←]\s*)?(?i:previous|next)\s+(?i:post|entry|article|story)(?:\s*[»›→])?(?:\s*:\s*.{1,200})?
      | [«‹←]\s*.{1,200}?\s\|\s(?i:main|home|blog\s+home|front\s+page)(?:\s\|\s.{1,200}?\s*[»›→])?
      | (?i:main|home|blog\s+home|front\s+page)\s\|\s.{1,200}?\s*[»›→]
      | \[(?P<shortcode>[a-z_]+)\b[^\]]{0,300}\].{0,200}\[/(?P=shortcode)\]
      | (?:Like|Liked|Enjoy(?:ed)?)\s+this\s+(?:story|article)\?.{0,120}
      | Share\s+(?:this|on)\s+(?:story|article|page|Facebook|Twitter|X|WhatsApp|LinkedIn|Email)\b.{0,80}
      | (?:Share|Tweet|Email|Print(?:\s+(?:this\s+)?(?:Article|Story))?|Order\s+Reprints|Reprints|Comments?
        |Facebook|Twitter|WhatsApp|LinkedIn|Pinterest|Reddit)
        (?:\s*[|/·•,]?\s*(?:Share|Tweet|Email|Print|Comments?|Facebook|Twitter|WhatsApp|LinkedIn|Pinterest|Reddit))*
      | Pin\s+It|Enlarge\s+(?:this\s+)?(?i:photo|image|picture)
      | Close|Caption|(?:Hide|Show|Toggle)\s+(?i:caption)
      | Advertisement|ADVERTISEMENT|Anzeige|ANZEIGE|Werbung|Publicidad|Publicité|Sponsored(?:\s+content)?
      | (?:Lesen\s+Sie\s+(?:auch|mehr)|Mehr\s+zum\s+Thema|Auch\s+interessant|Das\s+könnte\s+Sie\s+auch
        \s+interessieren|Lee\s+también|Lea\s+también|Leer\s+más|Te\s+puede\s+interesar|Más\s+información
        |Lire\s+aussi|À\s+lire\s+aussi|Leggi\s+anche)\s*[:|>»\-–—].{0,250}
      | (?i:(?:story|article)\s+continues|continue\s+reading)
        \s+(?i:below|after\s+(?:the\s+)?(?:ad|advertisement))(?:\s+(?i:advertisement))?
      | (?i:(?:font|text)\s+size\s*:?
        (?:\s*[|/]?\s*(?:decrease|increase|reset|smaller|larger|normal|a[+-]?|[+-]))+)
      | (?i:search\s+for\s+more\s+(?:stories|articles|news)\b.{0,160})
      | .{0,80}\b(?i:is\s+not\s+responsible\s+for\s+the\s+content\s+of\s+external\s+(?:internet\s+)?
        (?:sites|websites|links)\b).{0,120}
    )$""",
    re.VERBOSE,
)
"""Lines that are page furniture wherever they stand: teasers, newsletter and share prompts,
a blog's links to the previous and next post ("Previous post: …", "Next entry »", "« Post | Main
| Post »"), the labels
of most-read and latest-news lists ("MOST POPULAR", "Most read in world news"), a text-size
widget ("Font size: Decrease Increase"), an ad break's label ("Continue Reading Below", "Story
continues below advertisement"), an archive-search prompt ("Search for more stories on
this topic…") and an external-links disclaimer ("The BBC is not responsible for the content of
external sites."); those found only
by scanning the whole line are apart, each tried only when the line has what it needs."""
_NEWSLETTER_LINE = re.compile(
    r"^(?:.{0,80}\b(?i:sign[\s-]+up|subscribe|subscribing)\b.{0,60}\b(?i:newsletters?)\b.{0,120}"
    r"|.{0,60}\b(?i:newsletters?)\b.{0,60}\b(?i:sign[\s-]+up|subscribe|inbox)\b.{0,120})$"
)
_READ_MORE_LINE = re.compile(
    r"^(?:.{0,400}?\s(?i:read\s+more|continue\s+reading)\s*(?:\.\.\.|…|»|→|>>|›)"
    r"(?:\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})?)$"
)
_READ_MORE_MARKS = ("...", "…", "»", "→", ">>", "›")  # one ends every _READ_MORE_LINE's link words

_CONTACT_TAIL = re.compile(
    r"""^(?:
        (?:Write\s+to|Email|Contact|Reach)\s+.{1,80}\s+(?:at|on)\s+\S+@\S+.{0,200}
      | Follow\s+(?:him|her|them|us|me|[\w.'’&@-]+(?:\s+[\w.'’&@-]+){0,6})\s+(?:on|at)\s+
        (?:Twitter|X|Facebook|Instagram|YouTube|TikTok|LinkedIn|Threads)\b.{0,160}
      | .{20,400}[.!?]\s+Follow\s+(?:him|her|them|me|us)\s+on\s+(?:Twitter|X|Facebook|Instagram)\b.{0,160}
      | Reach\s+.{1,60}?\s+(?:on|at)\s+(?:Twitter|X)\b.{0,200}
      | [\w.+-]+@[\w-]+(?:\.[\w-]+)+\.?
      | (?:https?://)?(?:www\.)?(?:twitter|x|instagram|facebook)\.com/[\w.]+/?
      | @\w{2,30}
      | (?:Have\s+a\s+(?:news\s+)?tip\??|Got\s+a\s+(?:news\s+)?tip\??)\s.{0,250}
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
"""Author-contact lines that end a story ("Write to X at x@y.com", "Follow him on Twitter")."""


_RELEASE_FOOTER = re.compile(
    r"""^(?:
        (?:About|Über|Acerca\s+de|Sobre|À\s+propos\s+(?:de|d[’']))\s+(?:the\s+|die\s+|der\s+)?
        [A-Z][\w&'’-]*(?:[\s,.]+[\w&'’-]+){0,5}:?
      | \#\#\#|\#\s\#\s\#|-30-|[-–—]?\s*ENDS\s*[-–—]?
      | (?:Media|Press|Investor|News)\s+(?:contacts?|inquiries|enquiries|relations)\b.{0,200}
      | (?:Forward[-\s]Looking\s+Statements?|Safe\s+Harbor\s+Statement
        |Cautionary\s+(?:Note|Statement)\b.{0,60})
      | (?:Pressekontakt|Kontakt|Contacto\s+de\s+prensa|Contact\s+presse):?
    )$""",
    re.VERBOSE,
)


def is_release_footer(text: str) -> bool:
    """Whether a line opens a press release's boilerplate: "About X", "###", media contacts."""
    text = collapse(text)
    return bool(text) and len(text) <= 120 and _RELEASE_FOOTER.match(text) is not None


"""The bullet trafilatura (or the page) puts before a list item's text."""


_POST_FOOTER = re.compile(
    r"""^(?:
        (?:Newer|Older)\s+Posts?(?:\s+(?:Newer|Older)\s+Posts?)?(?:\s+Home)?
      | Home
      | (?:Subscribe\s+to:\s*)?Post\s+Comments\s+\(Atom\)
      | No\s+(?:comments|responses|related\s+posts)(?:\s+yet)?\.?
      | Leave\s+a\s+(?:reply|comment|response)\b.{0,20}
      | """ + FORM_FIELD + r"""
      | Labels?:\s.{1,200}
      | You\s+can\s+follow\s+any\s+responses\s+to\s+this\s+entry\b.{0,250}
      | This\s+(?:entry|post)\s+was\s+(?:posted|filed)\s+(?:in|on|under)\b.{0,300}
      | RSS\s+feed\s+for\s+comments\s+on\s+this\s+post\b.{0,40}
      | (?:Both\s+comments\s+and\s+pings|Comments|Responses)\s+are\s+(?:currently\s+)?closed\b.{0,120}
      | (?:Trackbacks?|Pingbacks?)(?:\s+URL\s+for\s+this\s+(?:entry|post))?\s*(?:\(\d+\))?\s*:?
      | Listed\s+below\s+are\s+links\s+to\s+(?:weblogs|blogs|sites)\s+that\s+reference\b.{0,200}
      | https?://\S+/trackback(?:/\S*)?
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
"""The stock lines blog themes print under a post (WordPress, Blogger, Movable Type/TypePad):
older/newer-post links, "Post Comments (Atom)", "No comments yet", "You can follow any responses
to this entry …", "This entry was posted in … Bookmark the permalink.", "Comments are closed",
labels, the comment form's field names, and the trackback block ("TrackBack URL for this entry:",
its address, "Listed below are links to weblogs that reference …")."""


def is_tail_line(text: str) -> bool:
    """Whether a line is a story's tail: contributor credit, coverage link, copyright, contact,
    a blog theme's footer under the post."""
    text = BULLET.sub("", collapse(text))
    return bool(text) and (
        _TAIL_LINE.match(text) is not None
        or _CONTACT_TAIL.match(text) is not None
        or _POST_FOOTER.match(text) is not None
    )


_NEWSLETTER_CLOSE = re.compile(
    r"[.!?]\s+(?:sign\s+up|subscribe)\b.{0,60}\bnewsletters?\b.{0,40}$", re.IGNORECASE
)
"""A promo's last sentence asking for a newsletter sign-up ("… Sign up for the free daily
newsletter.")."""
_NEWSLETTER_PROMO_MAX = 300


_COMMENT_PROMPT = re.compile(
    r"^(?:(?:Post|Add|Make|Leave|Write)\s+(?:a|your)\s+comment|Have\s+your\s+say(?:\s+on\s+this\s+\w+)?"
    r"|(?:Read|View|Show|See)\s+(?:all\s+)?(?:\d+\s+)?(?:reader\s+)?comments|You\s+must\s+be\s+logged\s+in\s+to\s+post"
    r"\s+a\s+comment|Subscribe\s+to(?:\s*:|\s+(?:the\s+|this\s+)?.{0,60}\bRSS\s+feed)|RSS\s+allows\s+you\s+to"
    r"\s+subscribe\b.{0,120})\W*$",
    re.IGNORECASE,
)
"""Comment and feed prompts: "Post a comment", "Have your say", "Read comments", "Subscribe to
the Sport RSS feed"."""

def is_furniture_line(text: str) -> bool:
    """Whether a line is page furniture (teaser link, newsletter/share/print/comment prompt, ad label)."""
    text = BULLET.sub("", collapse(text))
    if (
        "ewsletter" in text
        and len(text) <= _NEWSLETTER_PROMO_MAX
        and _NEWSLETTER_CLOSE.search(text) is not None
    ):
        return True
    if not text:
        return False
    if _COMMENT_PROMPT.match(text) is not None:
        return True
    lowered = text.lower()
    # ignore-case matches long s (U+017F, its own lower case) for "s"; no other letter of the word
    if (
        _FURNITURE_LINE.match(text) is not None
        or (("newsletter" in lowered or "\u017f" in text) and _NEWSLETTER_LINE.match(text) is not None)
        or (any(map(text.__contains__, _READ_MORE_MARKS)) and _READ_MORE_LINE.match(text) is not None)
    ):
        return not is_labelled_prose(text)
    return is_tool_links(lowered)


_NON_WORD = re.compile(r"[\W_]+")


def comparable(text: str) -> str:
    """A normal form for comparing headlines and captions: lower case, words only, single-spaced."""
    return _NON_WORD.sub(" ", text.lower()).strip()


# --- time stamps ------------------------------------------------------------------------------

_STAMP_VOCABULARY = """
    updated update published posted last modified created on at am pm a m p de do da às as a
    um el le à du der den dem um uhr und y e et gmt utc bst cet cest est edt cst cdt mst mdt pst
    pdt ist jst kst amt aest ict wib
    aktualisiert veröffentlicht stand publicado publicada atualizado atualizada actualizado
    actualizada modificado publié mis jour pubblicato aggiornato gepubliceerd bijgewerkt
    기사입력 입력 수정 최종수정 등록 발행 更新 公開 日 月 年 时间 時間
    jan january feb february mar march apr april may jun june jul july aug august sep sept
    september oct october nov november dec december
    mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat saturday
    sun sunday
    janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro
    enero febrero marzo mayo junio julio septiembre setiembre octubre noviembre diciembre
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    januar februar märz juni juli oktober dezember
    gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre
    segunda terça quarta quinta sexta feira sábado domingo lunes martes miércoles jueves
    viernes sábado lundi mardi mercredi jeudi vendredi samedi dimanche montag dienstag
    mittwoch donnerstag freitag samstag sonntag
    """
_STAMP_WORDS = frozenset(_STAMP_VOCABULARY.split())
"""Words a date/time stamp may hold besides digits: labels, month and weekday names
(English, Portuguese, Spanish, French, German, Italian), time-zone abbreviations."""

_LETTERS = re.compile(r"[^\W\d_]+")
_NUMERIC_DATE = re.compile(
    r"\b(?:\d{1,2}:\d{2}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))\b"
)
_STAMP_BYLINE = re.compile(r"\s+(?:by|By|BY|von|por|par)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$")
_READING_TIME = re.compile(
    r"^(?:(?:Reading\s+time|Read\s+time|Lesezeit|Tempo\s+de\s+leitura|Tiempo\s+de\s+lectura"
    r"|Temps\s+de\s+lecture|Tempo\s+di\s+lettura)\s*:?\s*(?:about\s+|ca\.\s+)?\d+\s*\w{0,10}\.?"
    r"|\d+\s*(?:min|mins|minutes?|Minuten|minutos?)\.?\s+(?:read|Lesezeit|de\s+leitura|de\s+lectura))$",
    re.IGNORECASE,
)
_AGE_STAMP = re.compile(
    r"""^(?:(?:(?:last\s+)?updated|published|posted)\s*:?\s*)?(?:
        (?:about\s+|an?\s+)?\d{0,3}\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago
      | vor\s+\d{1,3}\s+(?:Sekunden|Minuten|Stunden?|Tag(?:en)?|Wochen?)
      | hace\s+\d{1,3}\s+(?:segundos?|minutos?|horas?|días?|semanas?)
      | il\s+y\s+a\s+\d{1,3}\s+(?:secondes?|minutes?|heures?|jours?|semaines?)
    )(?:\s*[•|·]\s*\d+\s*min(?:ute)?s?\s+read)?$""",
    re.VERBOSE | re.IGNORECASE,
)
"""A stamp that gives the story's age ("Updated 3 hours ago", "vor 2 Stunden")."""
_LABEL_ALONE = re.compile(
    r"^(?:(?:last\s+)?(?:updated|modified)|published|posted|aktualisiert|actualizado|atualizado|mis\s+à\s+jour)\s*:?$",
    re.IGNORECASE,
)
"""A stamp's label alone: the time beside it is written into the page by a script."""
_LEADING_CREDIT = re.compile(r"^(?P<credit>[^\d\-–—|,:]{2,40}?)\s*[-–—|,:]\s*(?P<rest>.+)$")
"""A credit before a stamp, set off by a dash, bar, comma or colon."""
_TRAILING_CREDIT = re.compile(
    r"^(?P<rest>.+?)[\s,–—-]+(?P<credit>(?:[Tt]he\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})$"
)
"""A credit after a stamp's byline: up to three capitalised words, "The" before them allowed."""


def _without_credit(text: str) -> str:
    """A line without a wire agency's credit before it ("Associated Press - …") or at its end
    ("… The Associated Press")."""
    found = _LEADING_CREDIT.match(text)
    if found is not None and agency_of(found.group("credit")):
        text = found.group("rest")
    found = _TRAILING_CREDIT.match(text)
    if found is not None and agency_of(found.group("credit")):
        text = found.group("rest")
    return text


def is_stamp_line(text: str) -> bool:
    """Whether a line is only a date/time stamp ("UPDATED: Tue., Nov. 19, 2019", "Updated at
    1:23 p.m.", "segunda-feira, 22 de janeiro de 2018 às 0:13"), maybe with a byline after it
    ("5:45 AM PST 11/19/2019 by Jane Doe"), a wire agency's credit before it or after its
    byline ("Associated Press - January 2, 2008 7:33 AM ET", "1/7/2008, 6:30 p.m. EST By
    GILLIAN WONG The Associated Press"), an age ("Updated 3 hours ago"), a reading time
    ("Reading time: 3 minutes"), or a stamp's label whose time the page fills in with a
    script ("Updated")."""
    text = BULLET.sub("", collapse(text))
    if not text or len(text) > 90:
        return False
    if _READING_TIME.match(text) or _AGE_STAMP.match(text) or _LABEL_ALONE.match(text):
        return True
    if not any(ch.isdigit() for ch in text):
        return False
    text = _STAMP_BYLINE.sub("", _without_credit(text))
    words = _LETTERS.findall(text)
    if not words and _NUMERIC_DATE.search(text) is None:
        return False  # a phone number or a price, not a date
    return all(word.lower() in _STAMP_WORDS for word in words)
