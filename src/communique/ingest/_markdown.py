"""Markdown to the plain text that is analysed, with markdown-it-py doing the parsing.

Markup (``**``, link targets, escapes) is dropped; paragraphs are separated by a blank line, items of
a tight list by a line break. Hard-wrapped prose (pandoc and most scrapers wrap at 72 columns) is
re-joined into one line per paragraph, while deliberately short lines, such as a signatory block,
keep their breaks: a soft break becomes a space when the next word would not have fitted on the line
before it (so a wrapper broke there) or when the next line goes on in lower case. markdown-it renders HTML, not text, so this walk over its tokens is our own.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

_WRAP_WIDTH = 72  # the narrowest wrap width assumed (pandoc's default)
_TAG = re.compile(r"<[^>]*>")


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def markdown_to_text(source: str) -> str:
    blocks: list[tuple[str, bool]] = []  # (text, item of a tight list)
    in_tight_item = False
    for token in _parser().parse(source):
        if token.type == "paragraph_open":
            in_tight_item = bool(token.hidden)  # markdown-it hides the paragraphs of tight lists
        elif token.type == "heading_open":
            in_tight_item = False
        elif token.type == "inline":
            text = _inline_text(token)
            if text.strip():
                blocks.append((text, in_tight_item))
        elif token.type in ("code_block", "fence"):
            blocks.append((token.content.rstrip("\n"), False))
        elif token.type == "html_block":
            text = html.unescape(_TAG.sub("", token.content)).strip()
            if text:
                blocks.append((text, False))
    out: list[str] = []
    previous_tight = False
    for text, tight in blocks:
        if out:
            out.append("\n" if tight and previous_tight else "\n\n")
        out.append(text)
        previous_tight = tight
    return "".join(out) + ("\n" if out else "")


def _inline_text(token) -> str:
    parts: list[str] = []
    breaks: list[int] = []  # indexes in parts of soft breaks, decided once every line is known
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind == "image":
            parts.append("".join(c.content for c in (child.children or [])))
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "softbreak":
            breaks.append(len(parts))
            parts.append("\n")
    if breaks:
        lines = "".join(parts).split("\n")
        width = max(_WRAP_WIDTH, max(len(line) for line in lines))
        line_of_break = _line_numbers(parts, breaks)
        for index, line_no in zip(breaks, line_of_break, strict=True):
            before, after = lines[line_no], lines[line_no + 1]
            next_word = after.split(" ", 1)[0]
            # A wrapper breaks a line only where the next word would not fit: a short line followed
            # by a word that would have fitted (a signature block, a list of names) keeps its break.
            wrapped = len(before.rstrip()) + 1 + len(next_word) > width
            if wrapped or after[:1].islower():
                parts[index] = " "
    return "".join(parts)


def _line_numbers(parts: list[str], breaks: list[int]) -> list[int]:
    """For each soft break, the number of the line it ends (counting hard and soft breaks)."""
    numbers = []
    line = 0
    wanted = set(breaks)
    for i, part in enumerate(parts):
        if i in wanted:
            numbers.append(line)
        line += part.count("\n")
    return numbers
