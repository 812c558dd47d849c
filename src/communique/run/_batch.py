"""A run: read, skip what is stored (``resume``), analyse (here, in worker processes or on a Dask
cluster), mark near-duplicates, write in input order, report."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import IO, Any

from ..dedup import DEFAULT_THRESHOLD, DuplicateIndex
from ..errors import StoreError, UsageError
from ..ingest import DEFAULT_MAX_CHARS, InputDocument, RawInput, count_inputs, iter_raw_inputs
from ..pipeline import Pipeline, error_record, resolve_extractors
from ..schema import Document, ErrorRecord
from ..store import Store
from ..store._actor_ids import CorpusActorIds
from ._work import RUN_BATCH_CHARS, Item, WorkSpec, make_batches
from .local import InlineExecutor, LocalExecutor

RECORD_KINDS = ("actors", "roles", "quotes", "events", "demands", "stances", "techniques")


@dataclass
class RunSummary:
    """What a run did; ``failed`` is what the exit status reports."""

    analysed: int = 0
    unsupported: int = 0
    skipped: int = 0
    failed: int = 0
    duplicates: int = 0
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
        if result.duplicate_of is not None:
            self.duplicates += 1
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
            "duplicates": self.duplicates,
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
    workers: int = 0,
    scheduler: Any = None,
    timeout: float | None = None,
    dedup: bool = True,
    dedup_threshold: float = DEFAULT_THRESHOLD,
    batch_chars: int = RUN_BATCH_CHARS,
    spec: WorkSpec | None = None,
) -> RunSummary:
    """Analyse every document under ``paths``; store each in ``db`` and/or write it to ``json_out``.

    Where the analysis runs: in this process (``workers=0``, the default, or a ``pipeline`` given),
    in ``workers`` supervised local processes, or on the Dask cluster at ``scheduler`` (an address
    ``tcp://HOST:PORT``, a ``distributed.Client`` or a cluster object). ``timeout`` (seconds) stops
    a document that takes longer to read and analyse (CQ206); it needs a worker process.

    This process is the single writer: results are written in input order, each document in its
    own transaction, as soon as the batches before it are done; a bounded number of batches is in
    flight, so memory does not grow with the corpus. With ``resume``, what the database holds is
    skipped before it is read or analysed. With ``dedup``, a document whose text is a near-copy
    (estimated Jaccard similarity of word 5-grams >= ``dedup_threshold``) of one stored earlier or
    earlier in the input gets ``duplicate_of``. Per-document failures are recorded (store table
    ``failures``, an ErrorRecord line) and counted, never raised. A spelling variant of an actor's
    name takes the id of the actor stored (without ``db``: written) first.
    """
    started = time.perf_counter()
    summary = RunSummary()
    if workers < 0:
        raise UsageError("workers must be 0 (this process) or more.")
    if timeout is not None and timeout > 0 and workers == 0 and scheduler is None:
        raise UsageError("A time limit needs at least one worker process (--workers 1 or more): "
                         "only a separate process can be stopped in the middle of a document.")  # fmt: skip
    if pipeline is not None and (workers or scheduler is not None):
        raise UsageError("A Pipeline object runs in this process; pass only/exclude for workers.")
    if spec is None:
        spec = WorkSpec(
            only=tuple(only) if only is not None else None,
            exclude=tuple(exclude),
            batch_size=batch_size,
            max_chars=max_chars,
            signatures=dedup,
        )
    elif spec.signatures != dedup:
        spec = replace(spec, signatures=dedup)
    store = Store(db) if db is not None else None
    scratch = None
    actor_ids = CorpusActorIds() if store is None else None  # the store joins variants itself
    bar = _progress_bar(paths, enabled=progress)
    executor: Any = None
    try:
        if pipeline is not None:
            executor = InlineExecutor(pipeline, signatures=dedup)
        elif scheduler is not None:
            resolve_extractors(spec.only, spec.exclude, spec.registry())  # fail fast, before the cluster
            from .dask import DaskExecutor

            executor = DaskExecutor(spec, scheduler, timeout=timeout)
        elif workers:
            resolve_extractors(spec.only, spec.exclude, spec.registry())
            executor = LocalExecutor(spec, workers, timeout=timeout)
        else:
            executor = InlineExecutor(spec.build(), signatures=dedup)
        index = None  # set up while the worker processes load their models
        if dedup:
            conn = store.conn if store is not None else _scratch_connection()
            scratch = None if store is not None else conn
            index = DuplicateIndex(conn, dedup_threshold)
        items: Iterable[Item] = iter_raw_inputs(paths, format=format, max_chars=max_chars)
        if resume and store is not None:
            items = _skip_stored(items, store, summary, bar)
        writer = _Writer(store, json_out, index, summary, on_result, bar, actor_ids)
        for provenance, results in executor.map(make_batches(items, spec.batch_size, batch_chars)):
            for result, sig in results:
                writer.write(result, sig, provenance)
    finally:
        if executor is not None:
            executor.close()
        if bar is not None:
            bar.close()
        if store is not None:
            store.close()
        if scratch is not None:
            scratch.close()
        summary.seconds = time.perf_counter() - started
    return summary


class _Writer:
    """The single writer: near-duplicate marking, the store, the JSON stream, the summary."""

    def __init__(self, store, json_out, index, summary, on_result, bar, actor_ids) -> None:  # noqa: ANN001
        self.store, self.json_out, self.index = store, json_out, index
        self.summary, self.on_result, self.bar = summary, on_result, bar
        self.actor_ids = actor_ids  # without a store: corpus actor ids for the JSON stream

    def write(self, result: Document | ErrorRecord, sig: bytes | None, provenance: dict[str, Any]) -> None:
        add_to_index = None
        if self.index is not None and sig is not None and isinstance(result, Document):
            result.duplicate_of = self.index.find(result.id, sig)
            index, doc_id, original = self.index, result.id, result.duplicate_of

            def add_to_index(_conn: Any) -> None:
                index.add(doc_id, sig, original)

        if self.store is not None:
            try:
                self.store.write(result, provenance, also=add_to_index)
            except StoreError as err:
                if isinstance(result, ErrorRecord):
                    raise  # not even a failure row can be written: the store itself is unusable
                # This document's rows break a constraint (an extractor's inconsistent output):
                # its transaction was rolled back; it becomes a failure and the run goes on.
                result = error_record(result.source, err, result.id)
                self.store.write(result)
        else:
            if self.actor_ids is not None and isinstance(result, Document):
                self.actor_ids.reconcile(result)
                self.actor_ids.remember(result)
            if add_to_index is not None:
                self.index.conn.execute("BEGIN")
                add_to_index(self.index.conn)
                self.index.conn.execute("COMMIT")
        if self.json_out is not None:
            self.json_out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            self.json_out.flush()
        self.summary.add(result)
        if self.on_result is not None:
            self.on_result(result)
        if self.bar is not None:
            self.bar.update(1)


def _scratch_connection() -> sqlite3.Connection:
    """A throw-away SQLite file for the near-duplicate index of a run without a database."""
    handle, path = tempfile.mkstemp(prefix="communique-dedup-", suffix=".db")
    os.close(handle)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    os.unlink(path)  # the open connection keeps the file until it closes (POSIX)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    return conn


def _skip_stored(items: Iterable[Item], store: Store, summary: RunSummary, bar: Any) -> Iterator[Item]:
    """What is already stored, left out before it is parsed (files) or analysed (JSONL lines)."""
    for item in items:
        stored = store.has(item.id) if isinstance(item, InputDocument) else (
            isinstance(item, RawInput) and store.has_source(item.source))  # fmt: skip
        if stored:
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
