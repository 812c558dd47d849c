"""One process, one pipeline: read, skip what is stored (``resume``), analyse, write, report."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from ..ingest import DEFAULT_MAX_CHARS, InputDocument, InputFailure, count_inputs, iter_inputs
from ..pipeline import Pipeline
from ..schema import Document, ErrorRecord
from ..store import Store
from ..store._actor_ids import CorpusActorIds

RECORD_KINDS = ("actors", "roles", "quotes", "events", "demands", "stances", "techniques")


@dataclass
class RunSummary:
    """What a run did; ``failed`` is what the exit status reports."""

    analysed: int = 0
    unsupported: int = 0
    skipped: int = 0
    failed: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    records: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def documents(self) -> int:
        return self.analysed + self.unsupported + self.failed

    def add(self, result: Document | ErrorRecord) -> None:
        if isinstance(result, ErrorRecord):
            self.failed += 1
            self.errors[result.error.code] += 1
            return
        if result.status == "analysed":
            self.analysed += 1
        else:
            self.unsupported += 1
        for kind in RECORD_KINDS:
            self.records[kind] += len(getattr(result, kind) or ())

    def to_dict(self) -> dict[str, Any]:
        return {
            "analysed": self.analysed,
            "unsupported_language": self.unsupported,
            "skipped": self.skipped,
            "failed": self.failed,
            "errors": dict(self.errors),
            "records": dict(self.records),
            "seconds": round(self.seconds, 3),
            "documents_per_second": round(self.documents / self.seconds, 2) if self.seconds else None,
        }


def run_batch(
    paths: Sequence[str | os.PathLike[str]],
    *,
    db: str | os.PathLike[str] | None = None,
    json_out: IO[str] | None = None,
    resume: bool = False,
    pipeline: Pipeline | None = None,
    only: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    format: str | None = None,  # noqa: A002
    max_chars: int = DEFAULT_MAX_CHARS,
    batch_size: int = 32,
    progress: bool = False,
    on_result: Callable[[Document | ErrorRecord], None] | None = None,
) -> RunSummary:
    """Analyse every document under ``paths``; store each in ``db`` and/or write it to ``json_out``.

    Each document is committed in its own transaction as soon as it is analysed. With ``resume``,
    documents whose id is already stored are skipped before analysis. Per-document failures are
    recorded (store table ``failures``, an ErrorRecord line) and counted, never raised. A spelling
    variant of an actor's name takes the id of the actor stored (without ``db``: written) first.
    """
    started = time.perf_counter()
    summary = RunSummary()
    pipe = pipeline or Pipeline(only=only, exclude=exclude, batch_size=batch_size, max_chars=max_chars)
    store = Store(db) if db is not None else None
    actor_ids = CorpusActorIds() if store is None else None  # the store joins variants itself
    bar = _progress_bar(paths, enabled=progress)
    try:
        items: Iterable[InputDocument | InputFailure] = iter_inputs(paths, format=format, max_chars=max_chars)
        if resume and store is not None:
            items = _skip_stored(items, store, summary, bar)
        provenance = pipe.describe()
        for result in pipe.pipe(items):
            if store is not None:
                store.write(result, provenance)
            elif actor_ids is not None and isinstance(result, Document):
                actor_ids.reconcile(result)
                actor_ids.remember(result)
            if json_out is not None:
                json_out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
                json_out.flush()
            summary.add(result)
            if on_result is not None:
                on_result(result)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        if store is not None:
            store.close()
        summary.seconds = time.perf_counter() - started
    return summary


def _skip_stored(
    items: Iterable[InputDocument | InputFailure], store: Store, summary: RunSummary, bar: Any
) -> Iterator[InputDocument | InputFailure]:
    for item in items:
        if isinstance(item, InputDocument) and store.has(item.id):
            summary.skipped += 1
            if bar is not None:
                bar.update(1)
            continue
        yield item


def _progress_bar(paths: Sequence[str | os.PathLike[str]], *, enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=count_inputs(paths), unit="doc", desc="analysing", dynamic_ncols=True, leave=False)
