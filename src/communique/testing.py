"""Helpers for testing code that uses communique, offline and without fixtures on disk.

``HazardExtractor`` misbehaves on purpose when a text contains a marker, to test that a run
survives it: ``HAZARD:HANG`` spins in compiled code (a regular expression that backtracks for
hours, which no Python signal can interrupt), ``HAZARD:CRASH`` kills its own process as the
out-of-memory killer would, ``HAZARD:RAISE`` raises. Use it through a run's ``WorkSpec``::

    WorkSpec(only=("hazards",), extractors={"actors": "communique.extract.actors:ActorsExtractor",
                                             "hazards": "communique.testing:HazardExtractor"})

``make_pdf`` writes a small text PDF (the tests use it for the PDF reader; ``scripts/`` for the
bundled example). pypdf reads PDFs and can assemble pages but has no text-layout API, so the page
content stream is written here: one Helvetica line per input line, WinAnsi-encoded.
"""

from __future__ import annotations

import io
import os
import re
import signal
import textwrap
from typing import Any

from .extract import Extractor

__all__ = ["EveryComponentExtractor", "HAZARD_EXTRACTORS", "HazardExtractor", "make_pdf"]


class HazardExtractor(Extractor):
    name = "hazards"
    assigns = ("hazards",)
    requires = ("actors",)

    def __call__(self, doc: Any, record: Any) -> None:
        if "HAZARD:HANG" in record.text:
            re.match(r"(a+)+$", "a" * 64 + "b")  # exponential backtracking inside the C regex engine
        if "HAZARD:CRASH" in record.text:
            os.kill(os.getpid(), signal.SIGKILL)
        if "HAZARD:RAISE" in record.text:
            raise RuntimeError("hazard raised on purpose")
        record.extensions["hazards"] = []


class EveryComponentExtractor(Extractor):
    """Reads nothing and adds nothing, but declares every spaCy component, so that a pipeline with
    it runs the whole spaCy model: benchmarks use it to compare with a bare ``nlp.pipe``."""

    name = "every_component"
    assigns = ("every_component",)
    requires = ()
    spacy = ("ner", "parser", "tagger", "lemmatizer")

    def __call__(self, doc: Any, record: Any) -> None:
        record.extensions["every_component"] = []


#: A WorkSpec ``extractors`` mapping with the hazard extractor and what it requires.
HAZARD_EXTRACTORS = {
    "actors": "communique.extract.actors:ActorsExtractor",
    "hazards": "communique.testing:HazardExtractor",
}

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
