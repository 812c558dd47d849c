"""What a reader produces: the text to analyse with its metadata, or the failure to read it."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from ..errors import CommuniqueError, MetadataError

#: Metadata keys a reader or a caller may set; anything else is refused by ``make_input``.
METADATA_KEYS = ("id", "source", "title", "published", "language", "author", "site", "url")


@dataclass(slots=True)
class InputDocument:
    """A document ready for analysis. ``text`` is exactly what will be analysed and stored."""

    text: str
    source: str
    id: str
    content_hash: str
    title: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    warnings: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class InputFailure:
    """A document (or a line of one) that could not be read; the batch goes on without it."""

    source: str
    error: CommuniqueError
    id: str | None = None


@dataclass(slots=True)
class RawInput:
    """A file's bytes, read but not yet parsed (see ``iter_raw_inputs``)."""

    source: str
    data: bytes
    format: str  # noqa: A003 - one of ingest.FORMATS


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def make_input(text: str, source: str, metadata: dict[str, Any] | None = None) -> InputDocument:
    """Build an InputDocument, checking and normalising the metadata.

    A malformed value that only describes the document (a date we cannot read) becomes a warning and
    null; a value of the wrong type for an identifying field (``id``) raises MetadataError.
    """
    metadata = dict(metadata or {})
    unknown = sorted(set(metadata) - set(METADATA_KEYS))
    if unknown:
        raise MetadataError(
            f"Unknown metadata key(s) {', '.join(unknown)}; allowed: {', '.join(METADATA_KEYS)}.",
            source=source,
        )
    warnings: list[dict[str, Any]] = []
    digest = content_hash(text)
    doc_id = metadata.get("id")
    if doc_id is None or doc_id == "":
        doc_id = digest[:16]
    elif isinstance(doc_id, (int, str)) and not isinstance(doc_id, bool):
        doc_id = str(doc_id).strip()
    else:
        raise MetadataError(f"The id must be a string or an integer, not {type(doc_id).__name__}.", source=source)
    strings: dict[str, str | None] = {}
    for key in ("title", "language", "author", "site", "url"):
        value = metadata.get(key)
        if value is None:
            strings[key] = None
        elif isinstance(value, (list, tuple)) and key == "author":
            strings[key] = "; ".join(str(v) for v in value if v) or None
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            strings[key] = str(value).strip() or None
        else:
            warnings.append(_warning("CQW101", f"Metadata {key!r} of type {type(value).__name__} ignored."))
            strings[key] = None
    if strings["language"]:
        strings["language"] = strings["language"].lower().split("-")[0].split("_")[0]
    published, note = normalise_date(metadata.get("published"))
    if note:
        warnings.append(_warning("CQW102", note))
    return InputDocument(
        text=text,
        source=str(metadata.get("source") or source),
        id=doc_id,
        content_hash=digest,
        published=published,
        warnings=warnings,
        **strings,
    )


def normalise_date(value: Any) -> tuple[str | None, str | None]:
    """An ISO date (YYYY-MM-DD) from a metadata value, and a note when it could not be read."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    if not isinstance(value, str):
        return None, f"Publication date {value!r} is not a date; set to null."
    text = value.strip()
    try:  # the common, unambiguous case first: ISO 8601 with or without a time
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat(), None
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    if parsed is None:
        return None, f"Publication date {text[:40]!r} could not be read; set to null."
    return parsed.date().isoformat(), None


def _warning(code: str, message: str) -> dict[str, Any]:
    return {"code": code, "message": message, "start": None, "end": None}
