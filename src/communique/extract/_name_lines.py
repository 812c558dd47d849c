"""Lines that are lists of names: signature and closing blocks, address blocks, signatory lists.

    In solidarity,

    Coalition for Press Freedom
    Reporters' Safety Network

    Signed:
    Amina Diallo, Executive Director, Coalition for Press Freedom

A statistical entity recogniser reads such lines badly (no sentence around the names), so they are
found by their layout: short lines without sentence punctuation whose comma-separated parts are
written as names (capitalised words, minor words allowed). A line counts when it sits in a block of
two or more such lines, right after a closing ("In solidarity,", "Sincerely,", "Signed:"), or alone
as the last block of the text ("JOSEPH R. BIDEN JR." under a letter).
Layout rules of our own: no library reads letter layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words that may be written in lower case inside a name ("Observatory for Media Rights in the Sahel").
MINOR_WORDS = frozenset(
    "of for the and in on at to de des du la le les der den von van al el bin ibn y e et da do dos das "
    "und &".split()
)
#: Closings and signature headings after which the next lines name the senders or signatories.
CLOSING = re.compile(
    r"^(?:in solidarity|sincerely(?: yours)?|yours (?:sincerely|faithfully|truly)|respectfully(?: yours)?|"
    r"(?:with )?(?:best|kind|warm) regards|regards|with respect|in friendship|in peace|"
    r"signed(?: by)?|signatories|signatures|undersigned|the undersigned|co-?signed(?: by)?|endorsed by|"
    r"signing organi[sz]ations|list of signatories|on behalf of)\s*[:,]?$",
    re.IGNORECASE,
)
#: A signature heading with its names on the same line: "Signed: Alpha Network, Beta Union and Gamma".
INLINE_SIGNED = re.compile(
    r"^[ \t]*(?P<heading>(?:signed(?: by)?|signatories|co-?signed by|endorsed by|signing organi[sz]ations)[ \t]*:)"
    r"[ \t]*(?P<names>\S[^\n]*)$", re.I | re.M)  # fmt: skip
_AND = re.compile(r",?\s+(?:and|&)\s+")
_SENTENCE_END = re.compile(r"[.?!;]$")
_ABBREVIATED_END = re.compile(r"\b(?:Jr|Sr|Inc|Ltd|Co|Corp|St|Dr|Prof)\.$", re.IGNORECASE)
_WORD = re.compile(r"[^\s,]+")
MAX_LINE = 110


@dataclass(frozen=True)
class NameLine:
    start: int  # offset of the line's first non-space character
    end: int  # offset after its last non-space character
    parts: tuple[tuple[int, int], ...]  # offsets of its comma-separated parts
    after_closing: str | None  # the closing line this line's block follows, if any
    last_block: bool = False  # in the text's last block (trailing "###" and the like aside)


def is_closing(line: str) -> bool:
    return bool(CLOSING.match(line.strip()))


def looks_like_name(text: str) -> bool:
    """Whether ``text`` is written as a name: capitalised words, minor words allowed, no sentence."""
    words = _WORD.findall(text)
    if not words or len(words) > 12:
        return False
    first = words[0].lstrip("\"'“‘(")
    if not first[:1].isupper() and not first[:1].isdigit():
        return False
    for word in words:
        bare = word.strip("\"'“”‘’().")
        if not bare or bare.lower() in MINOR_WORDS or not bare[0].isalpha():
            continue
        if not bare[0].isupper():
            return False
    return True


def name_lines(text: str) -> list[NameLine]:
    """Every line of ``text`` that lists names, in order (see the module docstring)."""
    blocks: list[list[tuple[int, int, str]]] = [[]]
    for start, end, line in _lines(text):
        if line.strip():
            blocks[-1].append((start, end, line))
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    while blocks and not any(ch.isalpha() for _, _, t in blocks[-1] for ch in t):
        blocks.pop()  # "###", "-30-": end marks, not text
    out: list[NameLine] = []
    previous_closing: str | None = None
    for number, block in enumerate(blocks):
        names = [(s, e, t) for s, e, t in block if not is_closing(t)]
        closing_inside = next((t.strip() for _, _, t in block if is_closing(t)), None)
        follows = closing_inside or previous_closing
        last = number == len(blocks) - 1 and number > 0
        candidates = [(s, e, t) for s, e, t in names if _is_name_line(t)]
        if candidates and len(candidates) == len(names) and (len(names) >= 2 or follows or last):
            for s, _, t in candidates:
                lead = len(t) - len(t.lstrip())
                stripped = t.strip()
                out.append(NameLine(s + lead, s + lead + len(stripped), tuple(_parts(s, t)), follows, last))
        # a closing that ends a block governs the next block ("In solidarity,\n\nAlpha\nBeta")
        previous_closing = block[-1][2].strip() if is_closing(block[-1][2]) else None
    for found in INLINE_SIGNED.finditer(text):
        names = found.group("names").rstrip(" .")
        parts = _parts(found.start("names"), _AND.sub(lambda m: "," + " " * (len(m.group(0)) - 1), names))
        if parts and all(looks_like_name(text[a:b]) for a, b in parts):
            out.append(NameLine(found.start("names"), found.start("names") + len(names), tuple(parts),
                                found.group("heading"), False))  # fmt: skip
    return sorted(out, key=lambda line: line.start)


def _is_name_line(line: str) -> bool:
    stripped = line.strip().rstrip(",")
    if not stripped or len(stripped) > MAX_LINE or ":" in stripped:
        return False
    if _SENTENCE_END.search(stripped) and not _ABBREVIATED_END.search(stripped):
        return False
    return all(looks_like_name(part) for part in stripped.split(",") if part.strip())


def _lines(text: str):
    offset = 0
    for line in text.split("\n"):
        yield offset, offset + len(line), line
        offset += len(line) + 1


def _parts(start: int, line: str) -> list[tuple[int, int]]:
    """Offsets of the comma-separated parts of a line, each without surrounding spaces."""
    parts = []
    offset = start
    for piece in line.split(","):
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            parts.append((offset + lead, offset + lead + len(stripped)))
        offset += len(piece) + 1
    return parts
