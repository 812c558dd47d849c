"""Reading documents: files, directories, JSONL and stdin, into InputDocuments ready for analysis.

``iter_inputs(paths)`` yields, in input order, an ``InputDocument`` for each document it could read
and an ``InputFailure`` (with a coded error) for each it could not; it never raises for one bad file.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import (
    CommuniqueError,
    DocumentTooLarge,
    EmptyDocument,
    InputError,
    InputNotFound,
    UnsupportedFormat,
    UsageError,
)
from ._document import METADATA_KEYS, InputDocument, InputFailure, RawInput, content_hash, make_input
from ._readers import READERS, read_jsonl_lines

__all__ = [
    "DEFAULT_MAX_CHARS",
    "EXTENSIONS",
    "FORMATS",
    "InputDocument",
    "InputFailure",
    "METADATA_KEYS",
    "RawInput",
    "content_hash",
    "from_text",
    "iter_inputs",
    "iter_raw_inputs",
    "parse_raw",
    "read_file",
]

#: spaCy refuses texts over 1,000,000 characters by default; so do we, unless told otherwise.
DEFAULT_MAX_CHARS = 1_000_000
#: Bytes per character allowed before a file is refused unread (UTF-32 is the worst case).
_BYTES_PER_CHAR = 4

EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
FORMATS = tuple(READERS)

Item = InputDocument | InputFailure
#: What ``iter_raw_inputs`` yields: a file's bytes still to parse, or an item already read.
RawItem = RawInput | InputDocument | InputFailure


def from_text(text: str, *, max_chars: int = DEFAULT_MAX_CHARS, **metadata) -> InputDocument:
    """An InputDocument for a string; metadata keys as in METADATA_KEYS. Raises InputError."""
    if not isinstance(text, str):
        raise UsageError(f"Expected the text as a str, got {type(text).__name__}.")
    from ._decode import normalise_newlines

    text = normalise_newlines(text)
    source = str(metadata.pop("source", None) or "<string>")
    if not text.strip():
        raise EmptyDocument(source=source)
    _check_size(text, source, max_chars)
    return make_input(text, source, metadata)


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    format: str | None = None,  # noqa: A002 - the CLI option's name
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: BinaryIO | None = None,
) -> Iterator[Item]:
    """Every document under ``paths`` in order; ``-`` reads standard input.

    Directories are walked recursively in sorted order, skipping hidden entries and files whose
    extension has no reader. ``format`` forces one reader for every file (and for stdin).
    """
    for item in iter_raw_inputs(paths, format=format, max_chars=max_chars, stdin=stdin):
        if isinstance(item, RawInput):
            yield from parse_raw(item, max_chars)
        else:
            yield item


def iter_raw_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    format: str | None = None,  # noqa: A002
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: BinaryIO | None = None,
) -> Iterator[RawItem]:
    """Like :func:`iter_inputs`, but a file's bytes come as a :class:`RawInput`, not yet parsed.

    The parallel runner sends RawInputs to its workers, so that parsing a hostile PDF or HTML file
    runs where the time limit can stop it. JSONL is parsed here, line by line, as it streams.
    """
    if format is not None and format not in READERS:
        raise UsageError(f"Unknown format {format!r}; use one of {', '.join(FORMATS)}.")
    for path in paths:
        path = os.fspath(path)
        if path == "-":
            yield from _read_stdin(stdin or sys.stdin.buffer, format, max_chars)
            continue
        p = Path(path)
        if p.is_dir():
            for file in _walk(p):
                yield from _load_file(file, format, max_chars, explicit=False)
        else:
            yield from _load_file(p, format, max_chars, explicit=True)


def parse_raw(raw: RawInput, max_chars: int = DEFAULT_MAX_CHARS) -> list[Item]:
    """The documents of a RawInput (one for every format but JSONL); failures returned, not raised."""
    return list(_read_bytes(raw.data, raw.source, raw.format, max_chars))


def read_file(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,  # noqa: A002
    max_chars: int = DEFAULT_MAX_CHARS,
    explicit: bool = False,
) -> Iterator[Item]:
    """The documents of one file (several for JSONL). Failures are yielded, not raised."""
    for item in _load_file(Path(path), format, max_chars, explicit=explicit):
        if isinstance(item, RawInput):
            yield from parse_raw(item, max_chars)
        else:
            yield item


def _load_file(p: Path, format: str | None, max_chars: int, *, explicit: bool) -> Iterator[RawItem]:  # noqa: A002
    source = str(p)
    try:
        if not p.exists():
            raise InputNotFound(source=source)
        if not p.is_file():
            raise UnsupportedFormat("Not a regular file (a device, socket or pipe?).", source=source)
        fmt = format or EXTENSIONS.get(p.suffix.lower())
        if fmt == "jsonl":
            # Streamed line by line: a JSONL file may be far larger than memory.
            with p.open("rb") as fh:
                yield from _limit_each(read_jsonl_lines(_bounded_lines(fh, max_chars), source), max_chars)
            return
        size = p.stat().st_size
        if size > max_chars * _BYTES_PER_CHAR:
            raise DocumentTooLarge(
                f"The file has {size:,} bytes, over the limit of {max_chars:,} characters; "
                "split it or raise --max-chars.",
                source=source,
            )
        data = p.read_bytes()
        if fmt is None:
            if not explicit:
                raise UnsupportedFormat(source=source)
            fmt = sniff_format(data)
    except CommuniqueError as err:
        yield InputFailure(source, err)
        return
    except OSError as err:
        yield InputFailure(source, InputError(f"The file could not be read: {err.strerror or err}.", source=source))
        return
    if fmt == "jsonl":  # sniffed: many documents, parsed here like any JSONL file
        yield from _read_bytes(data, source, fmt, max_chars)
        return
    yield RawInput(source, data, fmt)


def _read_stdin(stream: BinaryIO, format: str | None, max_chars: int) -> Iterator[RawItem]:  # noqa: A002
    """Standard input: JSONL streams line by line; any other format is read up to the size limit."""
    head = stream.read(2048) or b""
    fmt = format or sniff_format(head)
    if fmt == "jsonl":
        lines = _bounded_lines(_Prefixed(head, stream), max_chars)
        yield from _limit_each(read_jsonl_lines(lines, "-"), max_chars)
        return
    limit = max_chars * _BYTES_PER_CHAR
    data = head + (stream.read(limit + 1 - len(head)) if len(head) <= limit else b"")
    if len(data) > limit:
        yield InputFailure("-", DocumentTooLarge(
            f"Standard input has over {limit:,} bytes, over the limit of {max_chars:,} characters; "
            "split it or raise --max-chars.", source="-"))  # fmt: skip
        return
    yield RawInput("-", data, fmt)


class _Prefixed:
    """A binary stream with bytes already read put back in front (for sniffing stdin)."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head, self._stream = io.BytesIO(head), stream

    def readline(self, limit: int = -1) -> bytes:
        line = self._head.readline(limit)
        if line.endswith(b"\n") or (limit >= 0 and len(line) >= limit):
            return line
        more = self._stream.readline(limit - len(line) if limit >= 0 else -1)
        return line + more


def _bounded_lines(fh: Any, max_chars: int) -> Iterator[bytes | None]:
    """The lines of a binary stream; ``None`` in place of a line over the size limit.

    A plain ``for line in fh`` would hold a whole line in memory, however long: a JSONL crawl with
    one 2 GB line would take the run down. An oversized line is skipped in chunks instead.
    """
    limit = max_chars * _BYTES_PER_CHAR
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # drain the rest of the oversized line
                rest = fh.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _read_bytes(data: bytes, source: str, fmt: str, max_chars: int) -> Iterator[Item]:
    if fmt == "jsonl":
        yield from _limit_each(read_jsonl_lines(_bounded_lines(io.BytesIO(data), max_chars), source), max_chars)
        return
    try:
        if fmt not in READERS:
            raise UnsupportedFormat(f"This is a {fmt} archive, not a document; unpack it first.", source=source)
        docs = list(READERS[fmt](data, source))
        for doc in docs:
            _check_size(doc.text, source, max_chars)
    except CommuniqueError as err:
        yield InputFailure(source, err)
        return
    yield from docs


def _limit_each(items: Iterator[Item], max_chars: int) -> Iterator[Item]:
    for item in items:
        if isinstance(item, InputDocument):
            try:
                _check_size(item.text, item.source, max_chars)
            except DocumentTooLarge as err:
                yield InputFailure(item.source, err, id=item.id)
                continue
        yield item


def _check_size(text: str, source: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise DocumentTooLarge(
            f"The text has {len(text):,} characters, over the limit of {max_chars:,}; "
            "split it or raise --max-chars.",
            source=source,
        )


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root`` in path order (``a.md, b/two.txt, c.txt``), hidden entries skipped."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif Path(entry.name).suffix.lower() in EXTENSIONS:
            yield Path(entry.path)


def sniff_format(data: bytes) -> str:
    """Guess the format of unnamed bytes (stdin, or a file without a known extension)."""
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"  # refused with a clear message by _read_bytes
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"---\n") or head.startswith(b"---\r\n"):
        return "md"
    lowered = head[:512].lower()
    if head.startswith(b"<") and any(tag in lowered for tag in (b"<html", b"<body", b"<!doctype html", b"<p", b"<div", b"<article")):
        return "html"
    return "txt"


def count_inputs(paths: Iterable[str | os.PathLike[str]]) -> int | None:
    """How many documents ``iter_inputs`` will yield, cheaply, or None when unknown (stdin)."""
    total = 0
    for path in paths:
        path = os.fspath(path)
        if path == "-":
            return None
        p = Path(path)
        files = list(_walk(p)) if p.is_dir() else [p]
        for file in files:
            if EXTENSIONS.get(file.suffix.lower()) == "jsonl" and file.is_file():
                try:
                    with file.open("rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total
