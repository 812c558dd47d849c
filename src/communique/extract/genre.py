"""Genre: open letter, joint statement, press release, readout, news report, opinion, speech or other.

    >>> communique.analyze("Dear Minister,\\n\\nWe write to ask ...\\n\\nSincerely,\\n\\nAna Ruiz", only=["genre"]).genre
    'open_letter'

Rules over the title and the text's layout and wording, each with the evidence it found, so that
``genre_reason`` says why ("title says 'Readout'"; "salutation 'Dear Minister,' and closing
'Sincerely,'"). A genre named in the title wins (publishers label their own releases); otherwise the
text's cues are scored and the best-scored genre is chosen, ``other`` when no cue fires. The
weights were set on the development half of the labelled set in ``benchmarks/data/genre_labels.csv``
(``benchmarks/genre.py`` reports the test half). Hand-written rules rather than a trained model:
the labelled set is small and the reasons must be readable.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import Extractor
from ._name_lines import CLOSING, name_lines

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..schema import Document

_I = re.IGNORECASE
#: Title patterns, first match wins: (genre, pattern).
TITLE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("readout", re.compile(r"\breadout\b|\bread-out\b", _I)),
    ("joint_statement", re.compile(
        r"^statement (?:by|from) (?:(?!\b(?:on|regarding|about|to|in|for|of)\b)[^,]){3,60}"  # by several parties,
        r"(?:, (?:(?!\b(?:on|regarding|about|to|in|for|of)\b)[^,]){3,60})*,? and [A-Z]"  # named before the topic
        r"|\bjoint (?:statement|declaration|communiqu[eé]|press statement)\b|\bleaders['’]? (?:statement|declaration)\b"
        r"|\b(?:trilateral|quadrilateral) statement\b|\bstatement of (?:the )?(?:leaders|foreign ministers)\b", _I)),
    ("speech", re.compile(
        r"^(?:remarks|speech|address|keynote) (?:by|of|as prepared|delivered)\b|\bremarks (?:by|of|at|as prepared)\b"
        r"|\bspeech (?:by|at|to)\b|\baddress(?:es)? (?:to|at|before) the\b|\bkeynote\b|\btranscript\b", _I)),
    ("open_letter", re.compile(r"\bopen letter\b|^(?:a )?letter (?:to|from|on)\b|\bletter (?:to|from) (?:the )?\w", _I)),
    ("opinion", re.compile(r"\bop-?ed\b|\bopinion\b|\bcommentary\b|\bcolumn\b|\beditorial\b", _I)),
    ("press_release", re.compile(
        r"\bpress release\b|\bfact sheet\b|^statement\b|\bstatement (?:by|from|of|on)\b", _I)),
)  # fmt: skip

_SALUTATION = re.compile(
    r"^(?:dear|your (?:excellency|majesty|holiness)|excellency|to whom it may concern|to:)\b[^\n]{0,80}"
    r"|^to the [^\n]{3,60}:\s*$", _I | re.M)
_UNDERSIGNED = re.compile(r"\bwe,? the undersigned\b|\bthe undersigned (?:organi[sz]ations|groups|individuals)\b", _I)
_OPEN_LETTER = re.compile(r"\bopen letter\b|\bwe (?:write|are writing) to you\b", _I)
_WE_THE = re.compile(
    r"\bwe,? the (?:[\w-]+ ){0,3}(?:leaders|heads of state|governments?|foreign ministers|ministers|defen[cs]e ministers|"
    r"members|participants|representatives|co-chairs|presidents?|prime ministers?|chancellor|signatories|partners)\b"
    r"[^\n]{0,200}", _I)  # fmt: skip
_LEADERS_OF = re.compile(
    r"\bthe (?:leaders|heads of state and government|governments|foreign ministers|ministers) of (?:the )?[A-Z][^.\n]{0,40}, ", _I)
#: "The United States and the Republic of Indonesia have agreed ...": two parties as one subject.
_PARTIES_AGREED = re.compile(
    r"^(?:today,? )?(?:the )?(?:governments? of )?[A-Z][^,.;\n]{2,80}? and (?:the )?(?:government of )?[A-Z][^,.;\n]{2,80}?"
    r" (?:have |has |hereby |jointly )*(?:agreed|reached|reaffirm(?:ed)?|decided|signed|adopted|issued|committed|declare[ds]?)\b",
    re.M)  # fmt: skip
_JOINT = re.compile(r"\bjoint statement\b|\bjointly (?:issued|declare|state)\b|\bthe following joint\b", _I)
_READOUT = re.compile(
    r"\b(?:spoke|met|speaks|meets|held|hosted|convened|talked|joined)\b(?: [\w,'’-]+){0,8}? "
    r"(?:with|regarding|about)\b", _I)
#: A meeting word and a time word in the opening sentence: "In his audience with Pope Francis today".
_MEETING = re.compile(r"\b(?:meeting|call|roundtable|listening session|conversation|consultations|audience|visit|summit)\b", _I)
_WHEN = re.compile(r"\b(?:today|yesterday|tonight|this (?:morning|afternoon|evening)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b", _I)
_LEADERS_DISCUSSED = re.compile(
    r"\b(?:the (?:two )?leaders|the president|the vice president|the secretary|they) "
    r"(?:discussed|reaffirmed|underscored|emphasized|emphasised|agreed|noted|welcomed|expressed)\b", _I)
_SPEECH = re.compile(
    r"\((?:applause|laughter|laughs|cheers)\.?\)|\bladies and gentlemen\b|\bas prepared for delivery\b"
    r"|^(?:THE [A-Z][A-Z .'-]{2,30}|(?:MR|MS|MRS|DR)\. [A-Z][A-Z'-]+|Q):\s", re.M | _I)  # fmt: skip
_THANK_YOU = re.compile(r"^\s*(?:thank you|good (?:morning|afternoon|evening)|hello,? everyone|well,? thank)\b", _I)
_BYLINE = re.compile(r"^\s*(?i:by|written by|words by)\s+[A-Z][^\n]{2,80}$", re.M)
_BIO = re.compile(r"\n[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} (?:is|was|has been|serves as) (?:a|an|the|professor|director|senior|former)\b[^\n]*\s*$")
_PRESS = re.compile(
    r"\bfor immediate release\b|^\s*press release\b|^\s*news release\b|\b(?:media|press) (?:contact|enquiries|inquiries)\b"
    r"|^about (?:the )?[A-Z][^\n]{2,80}$|^\s*fact sheet\b", re.M | _I)
_ANNOUNCED = re.compile(
    r"\btoday,? (?:[^.\n]{0,80} )?(?:announced|announces|launched|launches|released|unveiled|signed|published)\b"
    r"|\bis pleased to announce\b|\bhas signed an? (?:executive order|memorandum|proclamation|bill)\b", _I)
#: A fact-sheet heading: a capitalised phrase of four or more words, a colon, and the text going on.
_HEADING = re.compile(r"^(?!THE |TO THE )[A-Z][A-Z'’,-]+(?: [A-Z][A-Z'’,-]+){3,}: +\S", re.M)
#: A speaker's label in a transcript ("PRESIDENT CASTRO:", "Q"): short, in capitals, at a line start.
_SPEAKER = re.compile(r"^(?:[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}:|Q\s)", re.M)
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z .'-]{1,30}|[A-Z]{3,}[A-Z .'-]*),? (?:\([A-Za-z ]+\) )?[-–—]|^\s*[A-Z]{3,}[A-Z .'-]*, \d{1,2} \w+ \d{4}"
    r"|^\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \w+ \d{1,2}, \d{4}\s*$", re.M)  # fmt: skip
_REPORTING = re.compile(r"\b(?:said|told|according to|reported|reports|stated|announced|confirmed|added)\b", _I)
_FIRST_SINGULAR = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|me|my)\b")
_FIRST_PLURAL = re.compile(r"\b(?:we|our|ours|us)\b", _I)
_SECOND = re.compile(r"\b(?:you|your)\b", _I)
_OPINION = re.compile(r"\b(?:should|must|ought to|I believe|we need|it is time|the question is|nobody doubts)\b", _I)
_END_MARK = re.compile(r"(?:^|\n)\s*(?:###|-30-|ENDS?)\s*$")


class GenreExtractor(Extractor):
    name = "genre"
    assigns = ("genre", "genre_reason")
    requires = ()
    spacy = ()
    version = "1"

    def __init__(self, **config) -> None:
        super().__init__(**config)
        self.use_title = config.get("use_title", True)

    def __call__(self, doc: Doc, record: Document) -> None:
        record.genre, record.genre_reason = classify(record.text, record.title if self.use_title else None)


def classify(text: str, title: str | None = None) -> tuple[str, str]:
    """(genre, reason) of a document from its text and, when given, its title."""
    if title:
        for genre, pattern in TITLE_CUES:
            found = pattern.search(" ".join(title.split()))
            if found:
                return genre, f"title says {found.group(0).strip()!r}"
    scores: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}

    def cue(genre: str, weight: float, why: str) -> None:
        scores[genre] = scores.get(genre, 0.0) + weight
        reasons.setdefault(genre, []).append(why)

    for rule in RULES:
        rule(text, cue)
    if not scores or max(scores.values()) < 1.5:
        return "other", "no genre cue found" if not scores else "only weak cues: " + _why(reasons, scores)
    genre = max(scores, key=lambda g: (scores[g], -_ORDER.index(g)))
    return genre, "; ".join(reasons[genre])


_ORDER = ("open_letter", "joint_statement", "readout", "speech", "opinion", "press_release", "news_report", "other")


def _why(reasons: dict[str, list[str]], scores: dict[str, float]) -> str:
    best = max(scores, key=scores.get)
    return f"{best}: " + "; ".join(reasons[best])


def _head(text: str, chars: int = 600) -> str:
    return text.lstrip()[:chars]


def _letter(text: str, cue: Callable) -> None:
    salutation = _SALUTATION.search(_head(text, 400))
    closing = next((line.strip() for line in text[-1500:].splitlines() if CLOSING.match(line.strip())), None)
    if salutation:
        cue("open_letter", 2, f"salutation {salutation.group(0).strip()[:40]!r}")
    if closing:
        cue("open_letter", 2, f"closing {closing!r}")
    if _UNDERSIGNED.search(text):
        cue("open_letter", 2, "'the undersigned'")
    found = _OPEN_LETTER.search(_head(text, 1500))
    if found:
        cue("open_letter", 2, f"{found.group(0)!r}")
    signers = [line for line in name_lines(text) if line.after_closing]
    if len(signers) >= 2:
        cue("open_letter", 1, f"{len(signers)} signature lines")


def _joint(text: str, cue: Callable) -> None:
    found = _WE_THE.search(_head(text, 800))
    if found:
        cue("joint_statement", 3.5, f"{found.group(0).strip()[:60]!r}")
    if _JOINT.search(text):
        cue("joint_statement", 2, "says 'joint statement'")
    if re.match(r"\s*we\b", text, _I):
        cue("joint_statement", 1.5, "speaks as 'we' from the first word")
    plural = len(_FIRST_PLURAL.findall(text))
    if plural >= 3 and not _FIRST_SINGULAR.search(text) and not _SALUTATION.search(_head(text, 400)):
        cue("joint_statement", 2, f"speaks as 'we' ({plural} times), never as 'I'")
    leaders = _LEADERS_OF.search(_head(text, 400))
    if leaders:
        cue("joint_statement", 2, f"{leaders.group(0).strip()[:60]!r}")
    agreed = _PARTIES_AGREED.search(_head(text, 400))
    if agreed:
        cue("joint_statement", 2, f"two parties act together: {agreed.group(0).strip()[:60]!r}")


def _readout(text: str, cue: Callable) -> None:
    opening = _head(text, 300)
    found = _READOUT.search(opening)
    if found:
        cue("readout", 3, f"opens with {found.group(0).strip()[-40:]!r}")
    elif _MEETING.search(opening) and _WHEN.search(opening):
        cue("readout", 2, f"opens with a {_MEETING.search(opening).group(0).lower()} held {_WHEN.search(opening).group(0).lower()}")
    discussed = _LEADERS_DISCUSSED.findall(text[:3000])
    if discussed:
        cue("readout", min(len(discussed), 3) * 0.5, f"reports what the parties {discussed[0].split()[-1].lower()}")


def _speech(text: str, cue: Callable) -> None:
    marks = _SPEECH.findall(text)
    if marks:
        cue("speech", 1.5 + min(len(marks), 5) * 0.5, f"speech marks such as {marks[0].strip()!r}")
    speakers = _SPEAKER.findall(text)
    if len(speakers) >= 2:
        cue("speech", 2, f"{len(speakers)} speaker labels such as {speakers[0].strip()!r}")
    if _THANK_YOU.search(_head(text, 200)):
        cue("speech", 2, "opens by addressing the audience")
    words = max(len(text.split()), 1)
    singular, second = len(_FIRST_SINGULAR.findall(text)), len(_SECOND.findall(text))
    if (singular + second) / words > 0.03 and second >= 3:
        cue("speech", 1.5, "spoken first and second person")


def _opinion(text: str, cue: Callable) -> None:
    byline = _BYLINE.search(_head(text, 300))
    if byline:
        cue("opinion", 1.5, f"byline {byline.group(0).strip()!r}")
        cue("news_report", 1, f"byline {byline.group(0).strip()!r}")
    if _BIO.search(text[-600:]):
        cue("opinion", 2.5, "ends with the author's self-description")
    argued = len(_OPINION.findall(text))
    if argued >= 3:
        cue("opinion", 1, f"{argued} argumentative phrases")


def _press(text: str, cue: Callable) -> None:
    found = list(dict.fromkeys(m.group(0).strip()[:40] for m in _PRESS.finditer(text)))
    if found:
        cue("press_release", 2 + 1.5 * len(found), "press-release marks " + ", ".join(map(repr, found[:3])))
    if _ANNOUNCED.search(_head(text, 1200)):
        cue("press_release", 1.5, "announces something 'today'")
    headings = _HEADING.findall(text)
    if headings:
        cue("press_release", 1.5, f"fact-sheet headings such as {headings[0]!r}")
    if _END_MARK.search(text[-40:]):
        cue("press_release", 1.5, "ends with '###'")
    if _FIRST_SINGULAR.search(_head(text, 300)) and not _SECOND.search(_head(text, 300)):
        cue("press_release", 1, "a statement in the first person")


def _news(text: str, cue: Callable) -> None:
    dateline = _DATELINE.search(_head(text, 200))
    if dateline:
        cue("news_report", 2, f"dateline {dateline.group(0).strip()[:40]!r}")
    words = max(len(text.split()), 1)
    reporting = len(_REPORTING.findall(text))
    if reporting >= 2 and reporting / words > 0.004:
        cue("news_report", 1.5, f"{reporting} reporting verbs ('said', 'told', 'according to')")
    if not _FIRST_SINGULAR.search(text) and reporting >= 1:
        cue("news_report", 0.5, "third person throughout")


RULES: tuple[Callable, ...] = (_letter, _joint, _readout, _speech, _opinion, _press, _news)
