"""The one-line entry points: ``analyze`` for one document, ``analyze_many`` for a stream."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .errors import UsageError
from .ingest import InputDocument, InputFailure, from_text, iter_inputs
from .pipeline import Pipeline, Result, _error_from_record
from .schema import Document, ErrorRecord

_PIPELINES: dict[tuple[tuple[str, ...] | None, tuple[str, ...]], Pipeline] = {}


def default_pipeline(only: Sequence[str] | None = None, exclude: Sequence[str] = ()) -> Pipeline:
    """A pipeline for this selection of extractors, built once per process and reused."""
    key = (tuple(only) if only is not None else None, tuple(exclude))
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(only=only, exclude=exclude)
    return _PIPELINES[key]


def _is_path(value: str | os.PathLike[str]) -> bool:
    if isinstance(value, os.PathLike):
        return True
    return "\n" not in value and len(value) < 4096 and value.strip() == value and Path(value).is_file()


def analyze(
    text_or_path: str | os.PathLike[str],
    *,
    only: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    pipeline: Pipeline | None = None,
    **metadata: Any,
) -> Document:
    """Analyse one document and return its record (``.to_dict()`` gives the JSON object).

    ``text_or_path`` is a path when it is a ``pathlib.Path`` or a string naming an existing file,
    otherwise the text itself. ``metadata`` sets id, title, published, language, author, site, url
    or source. ``only``/``exclude`` choose extractors by name. Raises a CommuniqueError subclass.
    """
    pipe = pipeline or default_pipeline(only, exclude)
    if _is_path(text_or_path):
        items = list(iter_inputs([text_or_path], max_chars=pipe.max_chars))
        if len(items) != 1:
            raise UsageError(
                f"{os.fspath(text_or_path)} holds {len(items)} documents; use analyze_many for it."
            )
        item = items[0]
        if isinstance(item, InputFailure):
            raise item.error
        if metadata:
            item = _override(item, metadata)
    else:
        item = from_text(str(text_or_path), max_chars=pipe.max_chars, **metadata)
    return pipe.analyze(item)


def analyze_many(
    sources: Iterable[str | os.PathLike[str] | InputDocument],
    *,
    only: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    pipeline: Pipeline | None = None,
    raise_errors: bool = False,
) -> Iterator[Result]:
    """Analyse paths (files, directories, ``-``) or InputDocuments; yield records in input order.

    A document that fails yields an ErrorRecord, unless ``raise_errors`` is true.
    """
    pipe = pipeline or default_pipeline(only, exclude)

    def inputs() -> Iterator[InputDocument | InputFailure]:
        for source in sources:
            if isinstance(source, (InputDocument, InputFailure)):
                yield source
            else:
                yield from iter_inputs([source], max_chars=pipe.max_chars)

    for result in pipe.pipe(inputs()):
        if raise_errors and isinstance(result, ErrorRecord):
            raise _error_from_record(result)
        yield result


def _override(item: InputDocument, metadata: dict[str, Any]) -> InputDocument:
    from .ingest._document import make_input

    merged = {
        key: getattr(item, key)
        for key in ("id", "title", "published", "language", "author", "site", "url")
        if getattr(item, key) is not None
    }
    if "id" in merged and merged["id"] == item.content_hash[:16]:
        del merged["id"]
    merged.update(metadata)
    new = make_input(item.text, item.source, merged)
    new.warnings = item.warnings + new.warnings
    return new
