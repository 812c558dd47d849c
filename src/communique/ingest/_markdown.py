"""Markdown to the plain text that is analysed, with markdown-it-py doing the parsing.

Markup (``**``, link targets, escapes) is dropped; paragraphs are separated by a blank line, items of
a tight list by a line break. Hard-wrapped prose (pandoc and most scrapers wrap at 72 columns) is
re-joined into one line per paragraph, while deliberately short lines, such as a signatory block,
keep their breaks: a soft break becomes a space when the line before it is long or the next line goes
on in lower case. markdown-it renders HTML, not text, so this walk over its tokens is our own.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

_WRAP_WIDTH = 55
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
    line_len = 0
    children = token.children or []
    for i, child in enumerate(children):
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
            line_len += len(child.content)
        elif kind == "image":
            alt = "".join(c.content for c in (child.children or []))
            parts.append(alt)
            line_len += len(alt)
        elif kind == "html_inline":
            continue
        elif kind == "hardbreak":
            parts.append("\n")
            line_len = 0
        elif kind == "softbreak":
            nxt = children[i + 1].content if i + 1 < len(children) else ""
            joins = line_len >= _WRAP_WIDTH or nxt[:1].islower()
            parts.append(" " if joins else "\n")
            line_len = 0
    return "".join(parts)
