"""Pairing quotation marks into quoted spans, tolerant of odd and missing marks.

Works on the characters alone, before any parsing, so that a stray mark never costs more than the
quote it belongs to. Straight (") and curly (“ ” „) double marks are paired, and the doubled
apostrophes and backticks ('' ``) that news archives and treebank-style texts use for them; single marks are left
alone because the same character (’) is also the apostrophe. A quote that runs over several
paragraphs follows the newsroom convention: each paragraph opens with a mark and only the last one
closes. What cannot be paired is reported as an :class:`Oddity` (the extractor turns those into
CQW201 warnings) and the rest of the document is paired as usual.

Written by hand rather than taken from a library: spaCy tokenises marks but does not pair them,
and textacy's pairing raises on the first unbalanced mark, dropping the whole document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = frozenset("“„‟«")
CLOSING = frozenset("”»")
STRAIGHT = '"'
MARKS = OPENING | CLOSING | {STRAIGHT}
_MARK = re.compile(r"''|``|[\"“”„‟«»]")
_LINE = re.compile(r"[^\s](?:[^\n]*[^\s])?")  # a line's text from its first to its last visible character
#: Characters after which a mark opens a quote ("(“", "—“", ": “").
_OPENS_AFTER = frozenset("([{—–-/\u00a0")


@dataclass(frozen=True)
class QuotedSpan:
    """The words between a pair of marks: ``text[start:end]``, marks excluded."""

    start: int
    end: int
    open_mark: int  #: offset of the opening mark
    close_mark: int | None  #: offset of the closing mark; None when the quote was never closed
    paragraphs: int = 1  #: how many paragraphs the quote spans
    outer_end: int = 0  #: end of the quote with its closing mark (= ``end`` when never closed)


@dataclass(frozen=True)
class Oddity:
    """A mark that could not be paired, and what was done about it."""

    offset: int
    message: str


def mark_direction(text: str, i: int, length: int = 1) -> str:
    """'open', 'close' or 'either' for the mark at ``text[i]``, from the characters around it.

    The flanking characters decide before the glyph does, so that a curly mark typed the wrong way
    round (a frequent word-processor slip) still pairs: a mark with a space before it and a letter
    after it opens whatever it looks like.
    """
    before = text[i - 1] if i > 0 else " "
    after = text[i + length] if i + length < len(text) else " "
    left_open = before.isspace() or before in _OPENS_AFTER or before in OPENING
    right_open = after.isspace() or after in MARKS or (not after.isalnum() and after not in "$£€'‘")
    if left_open and not right_open:
        return "open"
    if right_open and not left_open:
        return "close"
    ch = text[i]
    if ch in OPENING or ch == "`":
        return "open"
    if ch in CLOSING:
        return "close"
    return "either"


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every paragraph, without the white space around it.

    The HTML and Markdown readers write one paragraph per line, but plain text and PDF text come
    hard-wrapped ("... said Dr.\nKatarina Novak ..."). A single line break is therefore a paragraph
    break unless the next line starts in lower case, or the text is hard-wrapped (most lines near one
    width of at most 120 characters) and the line before is not short. A blank line always breaks.
    """
    lines = [m.span() for m in _LINE.finditer(text)]
    if not lines:
        return []
    lengths = [e - s for s, e in lines]
    width = max(lengths)
    wrapped = width <= 120 and len(lines) > 2 and sum(n >= 0.75 * width for n in lengths) >= 0.5 * len(lines)
    paragraphs = [list(lines[0])]
    for k in range(1, len(lines)):
        start, end = lines[k]
        single_break = text.count("\n", lines[k - 1][1], start) == 1
        full_line = wrapped and lengths[k - 1] >= 0.75 * width
        if single_break and (text[start].islower() or full_line):
            paragraphs[-1][1] = end  # the same paragraph, wrapped
        else:
            paragraphs.append([start, end])
    return [(s, e) for s, e in paragraphs]


def pair_quote_marks(text: str) -> tuple[list[QuotedSpan], list[Oddity]]:
    """Every quoted span of ``text`` in order, and the marks that could not be paired."""
    spans: list[QuotedSpan] = []
    oddities: list[Oddity] = []
    paragraphs = paragraph_bounds(text)
    open_at: int | None = None  # offset of the mark that opened the current quote
    open_width = 1
    n_paragraphs = 1
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        found = [(m.start(), m.end() - m.start()) for m in _MARK.finditer(text, p_start, p_end)]
        marks = [i for i, _ in found]
        width = dict(found)
        continuing = open_at is not None
        for k, i in enumerate(marks):
            direction = mark_direction(text, i, width[i])
            if continuing and k == 0 and i == p_start and direction != "close":
                continue  # the mark that re-opens a quote running on from the previous paragraph
            if open_at is None:
                if direction == "close":
                    oddities.append(Oddity(i, "closing quotation mark without an opening one; ignored"))
                else:
                    open_at, open_width, n_paragraphs = i, width[i], 1
            elif direction == "open" and k + 1 < len(marks) and not _closes_before(text, i, open_at):
                oddities.append(
                    Oddity(
                        open_at,
                        "quotation mark not closed before the next quote opens; "
                        "the quote is taken to end there",
                    )
                )
                spans.append(_span(text, open_at, open_width, i, None, n_paragraphs))
                open_at, open_width, n_paragraphs = i, width[i], 1
            else:
                spans.append(_span(text, open_at, open_width, i, i, n_paragraphs, width[i]))
                open_at = None
        if open_at is None:
            continue
        nxt = paragraphs[p_index + 1] if p_index + 1 < len(paragraphs) else None
        lead = _MARK.match(text, nxt[0]) if nxt is not None else None
        if lead is not None and mark_direction(text, nxt[0], len(lead.group())) != "close":
            n_paragraphs += 1  # the quote runs on into the next paragraph
            continue
        oddities.append(
            Oddity(open_at, "quotation mark not closed by the end of its paragraph; "
                   "the quote is taken to end with the paragraph")
        )
        spans.append(_span(text, open_at, open_width, p_end, None, n_paragraphs))
        open_at = None
    return spans, oddities


def _closes_before(text: str, i: int, open_at: int) -> bool:
    """Whether the 'opening' mark at ``i`` is better read as the close of the quote at ``open_at``.

    Only when nothing but punctuation lies between them would that be odd; a mark with words
    before it inside the quote and a space before it is a genuine new opening.
    """
    return not any(ch.isalnum() for ch in text[open_at + 1 : i])


def _span(
    text: str, open_mark: int, open_width: int, end: int, close_mark: int | None, paragraphs: int,
    close_width: int = 0,
) -> QuotedSpan:
    outer_end = end + close_width
    start = open_mark + open_width
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuotedSpan(start, end, open_mark, close_mark, paragraphs, max(outer_end, end))
