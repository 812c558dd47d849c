"""Running batches on this machine: in this process, or in N supervised worker processes.

Every executor has the same face: ``map(batches)`` yields, in input order, one
``(provenance, [(result, signature), ...])`` per batch, with a bounded number of batches in flight;
``close()`` stops what it started.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..pipeline import Pipeline
from ._work import Analysed, Item, analyse_items, ordered_window
from .worker import AnalysisProcess

BatchResult = tuple[dict[str, Any], list[Analysed]]


class InlineExecutor:
    """Analysis in the calling process: no start-up cost, but no time limit can stop a document."""

    def __init__(self, pipe: Pipeline, *, signatures: bool) -> None:
        self.pipe = pipe
        self.signatures = signatures
        self.describe = pipe.describe()

    def map(self, batches: Iterable[list[Item]]) -> Iterator[BatchResult]:
        for batch in batches:
            yield self.describe, analyse_items(self.pipe, batch, self.signatures)

    def close(self) -> None:
        pass


class LocalExecutor:
    """``workers`` analysis processes, each fed by one thread of a thread pool.

    A thread only waits on its process's pipe, so the threads cost no CPU; each thread starts its
    process on its first batch (the model is loaded once per process) and keeps it for the run.
    """

    def __init__(self, spec: Any, workers: int, *, timeout: float | None = None, window: int | None = None) -> None:
        self.spec = spec
        self.timeout = timeout
        self.workers = workers
        self.window = window or 2 * workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="communique-analysis")
        self._local = threading.local()
        self._lock = threading.Lock()
        self.processes: list[AnalysisProcess] = []
        # Start every process now, so that loading the models overlaps with this process's own
        # start-up and reading; each pool thread keeps the process it started.
        barrier = threading.Barrier(workers)
        self._starting = [self._pool.submit(self._start, barrier) for _ in range(workers)]

    def _start(self, barrier: threading.Barrier) -> None:
        barrier.wait()  # one start task per thread: each waits until every thread has one
        self._process()

    def _process(self) -> AnalysisProcess:
        proc = getattr(self._local, "process", None)
        if proc is None:
            proc = self._local.process = AnalysisProcess(self.spec, self.timeout)
            with self._lock:
                self.processes.append(proc)
        return proc

    def _run(self, batch: list[Item]) -> BatchResult:
        proc = self._process()
        return proc.describe, proc.analyse(batch)

    def map(self, batches: Iterable[list[Item]]) -> Iterator[BatchResult]:
        # (a process that failed to start is started again by its thread's first batch, which
        # then fails the run with the error)
        return ordered_window(lambda batch: self._pool.submit(self._run, batch), batches, self.window)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            for proc in self.processes:
                proc.close()
            self.processes.clear()
