"""Bytes to text: encoding detection and newline normalisation.

charset-normalizer does the detection. Two things around it are ours because no library does them
the way we need: a UTF-8 file with a few stray Windows-1252 bytes (common in crawls that concatenate
sources) is repaired byte by byte instead of being re-guessed as a whole, and binary data is refused
before the detector can "find" an exotic encoding in it.
"""

from __future__ import annotations

import codecs

from ..errors import UndecodableText

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Above this share of invalid UTF-8 bytes the file is not "UTF-8 with strays" but another encoding.
_MAX_STRAY_SHARE = 0.01
_MAX_STRAYS = 2000


def decode_bytes(data: bytes, *, source: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding_note)``. Raise UndecodableText for binary data.

    ``encoding_note`` is ``"utf-8"`` for clean UTF-8, otherwise a short note of what was done (it
    becomes a document warning).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return normalise_newlines(data.decode(encoding)), "utf-8"
            except UnicodeDecodeError:
                break
    if _looks_binary(data):
        raise UndecodableText(
            "The file holds binary data, not text; convert it to UTF-8 text first.", source=source
        )
    try:
        return normalise_newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as err:
        first_error = err
    repaired = _repair_stray_bytes(data, first_error)
    if repaired is not None:
        return normalise_newlines(repaired), "utf-8 with stray Windows-1252 bytes repaired"
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise UndecodableText(source=source)
    return normalise_newlines(str(best)), f"decoded as {best.encoding} (detected)"


def normalise_newlines(text: str) -> str:
    """CRLF and CR become LF; NUL characters are dropped (they break downstream tools)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control / len(sample) > 0.05


def _repair_stray_bytes(data: bytes, first: UnicodeDecodeError) -> str | None:
    """Decode UTF-8, reading each invalid byte as Windows-1252; None if there are too many."""
    limit = min(_MAX_STRAYS, max(1, int(len(data) * _MAX_STRAY_SHARE)))
    parts: list[str] = []
    pos = 0
    strays = 0
    err: UnicodeDecodeError | None = first
    while err is not None:
        start = pos + err.start
        parts.append(data[pos:start].decode("utf-8"))
        for byte in data[start : pos + err.end]:
            parts.append(bytes([byte]).decode("cp1252", errors="replace"))
            strays += 1
        if strays > limit:
            return None
        pos = pos + err.end
        try:
            parts.append(data[pos:].decode("utf-8"))
            err = None
        except UnicodeDecodeError as nxt:
            err = nxt
    return "".join(parts)
