"""One reader per format. Each takes the raw bytes and the source name and yields InputDocuments.

Readers raise an InputError subclass for a file they cannot read; the JSONL reader yields an
InputFailure for a bad line and goes on with the next one.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

from ..errors import (
    DocumentTooLarge,
    EmptyDocument,
    FrontMatterError,
    HtmlError,
    InputError,
    JsonlError,
    PdfError,
    UnsupportedFormat,
)
from ._decode import decode_bytes, normalise_newlines
from ._document import InputDocument, InputFailure, make_input
from ._markdown import markdown_to_text

Reader = Any  # Callable[[bytes, str], Iterator[InputDocument | InputFailure]]


def _check_text(text: str, source: str) -> None:
    if not text.strip():
        raise EmptyDocument(source=source)


def _with_encoding_note(doc: InputDocument, note: str) -> InputDocument:
    if note != "utf-8":
        doc.warnings.append({"code": "CQW103", "message": f"Encoding: {note}.", "start": None, "end": None})
    return doc


def read_txt(data: bytes, source: str) -> Iterator[InputDocument]:
    text, note = decode_bytes(data, source=source)
    _check_text(text, source)
    yield _with_encoding_note(make_input(text, source), note)


# Front-matter keys of common static-site and scraper conventions, mapped to our metadata keys.
_FRONT_MATTER_KEYS = {
    "id": "id",
    "title": "title",
    "published": "published",
    "date": "published",
    "published_time": "published",
    "language": "language",
    "lang": "language",
    "author": "author",
    "authors": "author",
    "byline": "author",
    "site": "site",
    "sitename": "site",
    "url": "url",
    "source_url": "url",
    "source": "source",
}


def read_markdown(data: bytes, source: str) -> Iterator[InputDocument]:
    raw, note = decode_bytes(data, source=source)
    meta, body = split_front_matter(raw, source)
    metadata: dict[str, Any] = {}
    for key, value in meta.items():
        target = _FRONT_MATTER_KEYS.get(str(key).lower())
        if target and target not in metadata and value not in (None, ""):
            metadata[target] = value
    if isinstance(metadata.get("title"), str):
        metadata["title"] = markdown_to_text(metadata["title"]).strip() or None
    text = markdown_to_text(body)
    _check_text(text, source)
    yield _with_encoding_note(make_input(text, source, metadata), note)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.S | re.M)


def split_front_matter(raw: str, source: str) -> tuple[dict[str, Any], str]:
    """YAML front matter between a leading ``---`` line and the next ``---`` or ``...`` line."""
    if not raw.startswith("---"):
        return {}, raw
    match = _FRONT_MATTER.match(raw)
    if match is None:
        if raw.split("\n", 1)[0].strip() != "---":
            return {}, raw  # a line of dashes that is not a front-matter fence
        raise FrontMatterError("The front matter opened with --- is never closed; add the closing --- line.", source=source)
    import yaml

    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        where = f" at line {line + 2}" if line is not None else ""
        raise FrontMatterError(f"The front matter is not valid YAML{where}; fix it.", source=source) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as err:
        # PyYAML builds dates and numbers itself and lets their errors out (date: 2024-13-45)
        raise FrontMatterError(f"The front matter has a value YAML cannot build ({err}); fix it.", source=source) from None
    if not isinstance(meta, dict):
        raise FrontMatterError(source=source)
    return meta, raw[match.end() :]


def read_html(data: bytes, source: str) -> Iterator[InputDocument]:
    html, note = decode_bytes(data, source=source)
    if not html.strip():
        raise EmptyDocument(source=source)
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (RecursionError, ValueError, TypeError, AttributeError) as err:  # malformed trees
        raise HtmlError(f"The HTML could not be parsed ({type(err).__name__}); repair or convert it.", source=source) from None
    if result is None:
        raise HtmlError(source=source)
    found = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = normalise_newlines(found.get("text") or "")
    if not text.strip():
        raise HtmlError(source=source)
    metadata = {
        "title": found.get("title"),
        "author": found.get("author"),
        "published": found.get("date"),
        "site": found.get("sitename"),
        "url": found.get("url"),
        "language": found.get("language"),
    }
    yield _with_encoding_note(make_input(text, source, {k: v for k, v in metadata.items() if v}), note)


def read_pdf(data: bytes, source: str) -> Iterator[InputDocument]:
    import pypdf
    from pypdf.errors import PyPdfError

    if data[:4] == b"PK\x03\x04":
        raise UnsupportedFormat("This is a zip archive named like a PDF; unpack it first.", source=source)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfError("The PDF is encrypted with a password; decrypt it first.", source=source)
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
        metadata = {
            "title": _pdf_field(info, "/Title"),
            "author": _pdf_field(info, "/Author"),
            "published": _pdf_date(info),
        }
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError, AssertionError, ZeroDivisionError) as err:
        raise PdfError(f"The PDF is damaged ({type(err).__name__}); repair it or export its text.", source=source) from None
    text = normalise_newlines("\n\n".join(p.strip("\n") for p in pages))
    if not text.strip():
        raise PdfError("The PDF has no text layer (scanned images?); OCR it first.", source=source)
    yield make_input(text, source, {k: v for k, v in metadata.items() if v})


def _pdf_field(info: Any, key: str) -> str | None:
    try:
        value = info.get(key)
    except Exception:  # noqa: BLE001 - pypdf resolves indirect objects lazily and may fail here
        return None
    return str(value).strip() or None if value is not None else None


def _pdf_date(info: Any) -> str | None:
    try:
        created = info.creation_date
    except Exception:  # noqa: BLE001 - a malformed date string in the info dictionary
        return None
    return created.date().isoformat() if created else None


_JSONL_KEYS = ("id", "source", "title", "published", "language", "author", "site", "url")


def read_jsonl_lines(lines: Iterator[bytes | None], source: str) -> Iterator[InputDocument | InputFailure]:
    """One document per line; a bad line becomes an InputFailure and reading goes on."""
    for number, raw in enumerate(lines, start=1):
        where = f"{source}:{number}"
        if raw is None:  # a line over the size limit, skipped unread by ingest._bounded_lines
            yield InputFailure(where, DocumentTooLarge(f"Line {number} is over the size limit; split it or raise --max-chars.", source=where))
            continue
        if not raw.strip():
            continue
        try:
            line, _ = decode_bytes(raw, source=where)
            obj = json.loads(line)
        except (InputError, ValueError) as err:
            detail = f" ({err.msg} at column {err.colno})" if isinstance(err, json.JSONDecodeError) else ""
            yield InputFailure(where, JsonlError(f"Line {number} is not valid JSON{detail}; fix or remove it.", source=where))
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield InputFailure(where, JsonlError(source=where), id=_safe_id(obj))
            continue
        text = normalise_newlines(obj["text"])
        if not text.strip():
            yield InputFailure(where, EmptyDocument(f"Line {number} has an empty text.", source=where), id=_safe_id(obj))
            continue
        try:
            yield make_input(text, where, {k: obj[k] for k in _JSONL_KEYS if k in obj})
        except InputError as err:
            yield InputFailure(where, err, id=_safe_id(obj))


def _safe_id(obj: Any) -> str | None:
    if isinstance(obj, dict) and isinstance(obj.get("id"), (str, int)) and not isinstance(obj.get("id"), bool):
        return str(obj["id"])
    return None


def read_jsonl(data: bytes, source: str) -> Iterator[InputDocument | InputFailure]:
    yield from read_jsonl_lines(iter(data.splitlines()), source)


READERS: dict[str, Reader] = {
    "txt": read_txt,
    "md": read_markdown,
    "html": read_html,
    "pdf": read_pdf,
    "jsonl": read_jsonl,
}
