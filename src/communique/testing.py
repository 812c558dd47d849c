"""Helpers for testing code that uses communique, offline and without fixtures on disk.

``make_pdf`` writes a small text PDF (the tests use it for the PDF reader; ``scripts/`` for the
bundled example). pypdf reads PDFs and can assemble pages but has no text-layout API, so the page
content stream is written here: one Helvetica line per input line, WinAnsi-encoded.
"""

from __future__ import annotations

import io
import textwrap

__all__ = ["make_pdf"]

_LINE_HEIGHT = 14
_TOP = 760
_LINES_PER_PAGE = 50


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(text: str, *, title: str | None = None, author: str | None = None, width: int = 90) -> bytes:
    """A PDF whose text layer is ``text`` (wrapped at ``width`` characters, paginated)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, width) or [""])
    writer = PdfWriter()
    font = writer._add_object(  # noqa: SLF001 - pypdf's documented way to add an indirect object
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    for first in range(0, max(len(lines), 1), _LINES_PER_PAGE):
        page = writer.add_blank_page(width=612, height=792)
        ops = [b"BT", b"/F1 11 Tf", f"{_LINE_HEIGHT} TL".encode(), f"56 {_TOP} Td".encode()]
        for line in lines[first : first + _LINES_PER_PAGE]:
            ops.append(b"(" + _escape(line) + b") Tj T*")
        ops.append(b"ET")
        stream = DecodedStreamObject()
        stream.set_data(b"\n".join(ops))
        page[NameObject("/Contents")] = writer._add_object(stream)  # noqa: SLF001
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    metadata = {}
    if title:
        metadata["/Title"] = title
    if author:
        metadata["/Author"] = author
    if metadata:
        writer.add_metadata(metadata)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
