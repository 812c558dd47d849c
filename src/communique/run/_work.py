"""What every runner shares: the recipe of a pipeline, batching, and analysing one batch.

A runner sends :class:`WorkSpec` (a small, picklable recipe) to its workers once; each worker
builds the pipeline from it once and then analyses batch after batch with :func:`analyse_items`.
"""

from __future__ import annotations

import importlib
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import InputError
from ..ingest import DEFAULT_MAX_CHARS, InputDocument, InputFailure, RawInput, parse_raw
from ..pipeline import DEFAULT_BATCH_CHARS, DEFAULT_MODEL, Pipeline, Result, bounded_batches, error_record
from ..schema import Document

#: A batch closes at this many characters even when it holds fewer than ``batch_size`` documents:
#: spaCy's working memory grows with the longest batch, not with the number of documents, and a
#: batch of long documents is what made the peak resident memory of a run (docs/performance.md).
RUN_BATCH_CHARS = 100_000

Item = RawInput | InputDocument | InputFailure
#: One analysed item: its result and, when near-duplicates are wanted, its MinHash signature.
Analysed = tuple[Result, bytes | None]


@dataclass(frozen=True)
class WorkSpec:
    """How to build the pipeline in a worker; picklable, so it travels to processes and clusters."""

    only: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    model: str = DEFAULT_MODEL
    batch_size: int = 32
    max_chars: int = DEFAULT_MAX_CHARS
    config: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: name -> "module:Class" to use instead of the installed extractors (tests, unregistered ones)
    extractors: dict[str, str] | None = None
    #: compute the MinHash signature of each document (for near-duplicate marking)
    signatures: bool = True
    #: characters spaCy parses at once (``Pipeline(batch_chars=...)``)
    parse_chars: int = DEFAULT_BATCH_CHARS

    def registry(self) -> dict[str, Any] | None:
        if self.extractors is None:
            return None
        found = {}
        for name, target in self.extractors.items():
            module, _, attr = target.partition(":")
            found[name] = getattr(importlib.import_module(module), attr)
        return found

    def build(self) -> Pipeline:
        return Pipeline(
            only=self.only,
            exclude=self.exclude,
            model=self.model,
            batch_size=self.batch_size,
            max_chars=self.max_chars,
            config=self.config,
            registry=self.registry(),
            batch_chars=self.parse_chars,
        )

    def key(self) -> str:
        """A string equal for equal specs (a worker keeps one pipeline per key)."""
        return json.dumps(asdict(self), sort_keys=True, default=str)


def item_size(item: Item) -> int:
    if isinstance(item, RawInput):
        return len(item.data)
    if isinstance(item, InputDocument):
        return len(item.text)
    return 0


def item_label(item: Item) -> tuple[str, str | None]:
    """(source, id) of an item, for the error record it becomes when its analysis fails."""
    if isinstance(item, RawInput):
        return item.source, None
    return item.source, item.id


def make_batches(items: Iterable[Item], batch_size: int, batch_chars: int = RUN_BATCH_CHARS) -> Iterator[list[Item]]:
    """Consecutive batches of at most ``batch_size`` items and, unless one item is larger alone,
    at most ``batch_chars`` characters (bytes for unread files)."""
    return bounded_batches(items, batch_size, batch_chars, item_size)


def analyse_items(pipe: Pipeline, items: Sequence[Item], signatures: bool) -> list[Analysed]:
    """Parse unread files, analyse the batch, and sign each document; one result per document."""
    from ..dedup import signature

    parsed: list[InputDocument | InputFailure] = []
    for item in items:
        if isinstance(item, RawInput):
            try:
                parsed.extend(parse_raw(item, pipe.max_chars))
            except Exception as err:  # noqa: BLE001 - a reader bug must not take the batch down
                message = f"The reader failed unexpectedly: {type(err).__name__}: {err}"[:500]
                parsed.append(InputFailure(item.source, InputError(message, source=item.source)))
        else:
            parsed.append(item)
    out: list[Analysed] = []
    for result in pipe._run_batch(parsed):  # noqa: SLF001 - the runner's batches are already sized
        sig = signature(result.text) if signatures and isinstance(result, Document) else None
        out.append((result, sig))
    return out


def failed_item(item: Item, error: Any) -> Analysed:
    source, doc_id = item_label(item)
    error.source = source
    return error_record(source, error, doc_id), None


def ordered_window(submit: Callable[[Any], Any], batches: Iterable[Any], window: int) -> Iterator[Any]:
    """Submit batches with at most ``window`` in flight; yield their results in submission order.

    ``submit`` returns a future (concurrent.futures or Dask). Waiting on the oldest future keeps
    the output in input order, and the window bounds memory whatever the corpus size.
    """
    pending: deque[Any] = deque()
    try:
        for batch in batches:
            pending.append(submit(batch))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
