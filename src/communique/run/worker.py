"""A supervised analysis process: the way a time limit can stop work inside compiled code.

Python can only interrupt Python: a signal handler or a thread cannot stop spaCy's parser, a
regular expression or a PDF decoder while they run in C. So the analysis runs in a child process
(``python -m communique.run._child``) that loads the pipeline once and then analyses batch after
batch; the parent waits for each answer with a deadline. When the deadline passes, or the child
dies (out of memory, a crash in an extension), the parent kills it, starts a fresh one, and
re-runs that batch one document at a time, each with the full limit: the document that is slow
or fatal on its own becomes an error record (CQ206 DocumentTimeout, CQ602 WorkerCrashed), the
others are analysed as usual, and the run goes on.

Why not a library pool: concurrent.futures and multiprocessing pools cannot stop one running
task (a timed-out future keeps its worker busy for ever; killing a worker breaks the whole pool),
and pools built on multiprocessing cannot start children inside a Dask worker, whose processes are
daemonic. A plain subprocess with a pipe works everywhere, so both runners (local threads and Dask)
share this one. Messages are pickles framed by ``multiprocessing.connection.Connection``.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from ..errors import CommuniqueError, DocumentTimeout, PipelineError, RunError, WorkerCrashed, all_error_classes
from ._work import Analysed, Item, WorkSpec, failed_item

#: Loading spaCy and the extractors' resources on a busy machine can take a while.
STARTUP_SECONDS = 300.0
#: A process is replaced by a fresh one after this many documents. spaCy's vocabulary keeps every
#: new word it meets (a StringStore that never shrinks), so a process that ran for millions of
#: documents would grow; a fresh one costs one model load (seconds) per many minutes of work.
#: (spaCy 3.8's memory zones would free those strings too, but only if every extractor adds its
#: own strings outside the zone; replacing the process needs nothing from the extractors.)
RECYCLE_AFTER = 20_000
#: glibc malloc settings for the analysis process (ignored by other C libraries; a value the user
#: has set wins). By default glibc raises its mmap threshold each time a large block is freed, so
#: after the first long document spaCy's and the encoder's large arrays come from the heap, whose
#: freed space is seldom given back: the process kept the size of its longest document for the rest
#: of the run. A fixed threshold keeps blocks over 4 MB in their own mappings, returned to the
#: system when freed (measured: docs/performance.md, ``benchmarks/memory.py``).
ALLOCATOR_ENV = {"MALLOC_MMAP_THRESHOLD_": "4194304", "MALLOC_TRIM_THRESHOLD_": "4194304"}


class _Stuck(Exception):
    pass


class _Died(Exception):
    pass


class _Raised(Exception):
    pass


class AnalysisProcess:
    """One child process with the pipeline loaded; :meth:`analyse` is safe against hangs and crashes."""

    def __init__(self, spec: WorkSpec, timeout: float | None = None) -> None:
        self.spec = spec
        self.timeout = timeout if timeout and timeout > 0 else None
        self.restarts = 0
        self.documents = 0  # analysed by the current child
        self.describe: dict[str, Any] = {}
        self._proc: subprocess.Popen[bytes] | None = None
        self._start()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    # -- the child's life ------------------------------------------------------------------------
    def _start(self) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "communique.run._child", str(to_child_r), str(from_child_w)],
                pass_fds=(to_child_r, from_child_w),
                stdin=subprocess.DEVNULL,
                env={**ALLOCATOR_ENV, **os.environ},
            )
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._send = Connection(to_child_w, readable=False)
        self._recv = Connection(from_child_r, writable=False)
        try:
            self._send.send(self.spec)
            kind, payload = self._answer(STARTUP_SECONDS)
        except (_Stuck, _Died, _Raised, OSError) as err:
            self._kill()
            raise RunError(f"The analysis process could not start: {err or type(err).__name__}.") from None
        if kind == "failed":
            self._kill()
            code, message = payload
            cls = next((c for c in all_error_classes() if c.code == code), CommuniqueError)
            raise cls(message)
        self.describe = payload

    def _kill(self) -> None:
        for conn in (getattr(self, "_send", None), getattr(self, "_recv", None)):
            if conn is not None:
                conn.close()
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.wait()
            self._proc = None

    def _restart(self) -> None:
        self._kill()
        self.restarts += 1
        self.documents = 0
        self._start()

    def close(self) -> None:
        """Let the child finish (it exits when its input closes); kill it if it does not."""
        if self._proc is None:
            return
        self._send.close()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self._kill()

    # -- talking to it ---------------------------------------------------------------------------
    def _answer(self, timeout: float | None) -> tuple[str, Any]:
        if not self._recv.poll(timeout):
            raise _Stuck()
        try:
            return self._recv.recv()
        except (EOFError, OSError):
            raise _Died(self._how_it_died()) from None

    def _how_it_died(self) -> str:
        if self._proc is None:
            return "gone"
        try:
            code = self._proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "its pipe closed"
        if code < 0:
            name = signal.Signals(-code).name
            return f"killed by {name}" + (" — out of memory?" if name == "SIGKILL" else "")
        return f"exit status {code}"

    def _round_trip(self, batch: Sequence[Item]) -> list[Analysed]:
        if self.documents >= RECYCLE_AFTER:
            self._restart()
        self.documents += len(batch)
        try:
            self._send.send(list(batch))
        except OSError:
            raise _Died(self._how_it_died()) from None
        kind, payload = self._answer(self.timeout)
        if kind == "error":
            raise _Raised(payload)
        return payload

    def analyse(self, batch: Sequence[Item]) -> list[Analysed]:
        """Results of ``batch`` in order; a document that hangs or kills the child becomes an error."""
        try:
            return self._round_trip(batch)
        except _Stuck:
            self._restart()
            if len(batch) == 1:
                limit = f"{self.timeout:g}"
                return [failed_item(batch[0], DocumentTimeout(
                    f"Reading and analysing took over {limit} s; the process was stopped and replaced. "
                    "Raise --timeout or split the document."))]  # fmt: skip
        except _Died as err:
            self._restart()
            if len(batch) == 1:
                return [failed_item(batch[0], WorkerCrashed(
                    f"The analysis process died on this document ({err}); it was replaced."))]  # fmt: skip
        except _Raised as err:
            if len(batch) == 1:
                return [failed_item(batch[0], PipelineError(f"Analysis failed: {err}"[:500]))]
        # Which document was it? Each one again, alone, with the full limit.
        return [result for item in batch for result in self.analyse([item])]


# -- the child --------------------------------------------------------------------------------------
def _quiet_libraries() -> None:
    for name in ("trafilatura", "htmldate", "courlan", "pypdf", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.ERROR)


def main(argv: Sequence[str]) -> int:
    fd_in, fd_out = int(argv[0]), int(argv[1])
    os.dup2(2, 1)  # a library's print() must never reach the parent's stdout (its --json stream)
    sys.stdout = sys.stderr
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _quiet_libraries()
    receive, send = Connection(fd_in, writable=False), Connection(fd_out, readable=False)
    from ..ingest import from_text
    from ._work import analyse_items

    try:
        spec: WorkSpec = receive.recv()
    except (EOFError, OSError):
        return 0
    try:
        pipe = spec.build()
    except CommuniqueError as err:
        send.send(("failed", (err.code, err.message)))
        return 0
    # The first call of a spaCy pipeline initialises lazily; do it now, so that the time limit
    # measures each document's own work, not the warm-up of a fresh process.
    analyse_items(pipe, [from_text("The committee met in Geneva on Monday.")], spec.signatures)
    send.send(("ready", pipe.describe()))
    while True:
        try:
            items = receive.recv()
        except (EOFError, OSError):
            return 0
        try:
            answer: tuple[str, Any] = ("done", analyse_items(pipe, items, spec.signatures))
        except Exception as err:  # noqa: BLE001 - reported to the parent, which isolates the document
            answer = ("error", f"{type(err).__name__}: {err}")
        try:
            send.send(answer)
        except OSError:
            return 0

