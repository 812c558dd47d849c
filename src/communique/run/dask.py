"""Running batches on a Dask distributed cluster (``--scheduler tcp://HOST:PORT``).

The client (this process) reads the inputs, sends batches as tasks, and writes the results in
input order as the single writer; at most ``2 x threads of the cluster`` batches are in flight, so
memory stays flat however long the corpus. On each worker, each worker thread keeps one supervised
analysis process (:mod:`communique.run.worker`) for as long as the worker lives: the model is
loaded once per thread, and the per-document time limit works on the cluster as it does locally.

Workers need communique installed (the same version) and nothing else: files are read by the
client and travel with the task, so no shared file system is needed. Start them with
:data:`DASK_SETTINGS` (``dask_settings_env()`` gives them as environment variables).
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import SchedulerUnreachable
from ._work import Item, WorkSpec, ordered_window
from .worker import AnalysisProcess

#: (thread id, spec key) -> the analysis process of that worker thread, in a worker process.
_PROCESSES: dict[tuple[int, str], AnalysisProcess] = {}
_LOCK = threading.Lock()
CONNECT_SECONDS = 20

#: Dask settings for the scheduler and workers of a cluster that runs communique. A worker thread
#: here only waits on its analysis process's pipe, so two of Dask's defaults cost CPU for nothing:
#: the worker's statistical profiler samples that thread every 10 ms, and every scheduler, nanny
#: and worker checks its event loop's health every 20 ms. With the profiler off and one check a
#: second, a waiting worker process used 8.5 ms of CPU per second instead of 45, the process of
#: the scheduler and nanny 15.5 instead of 42 (``benchmarks/dask_upkeep.py``, docs/performance.md);
#: the cores they free go to analysis. Nothing else changes: the check only feeds Dask's
#: "event loop unresponsive" warning, still given after 3 s.
DASK_SETTINGS: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
}


def dask_settings_env() -> dict[str, str]:
    """:data:`DASK_SETTINGS` as the environment variables ``dask scheduler`` / ``dask worker`` read."""
    return {"DASK_" + key.upper().replace(".", "__").replace("-", "_"): str(value) for key, value in DASK_SETTINGS.items()}


def analyse_on_worker(spec: WorkSpec, timeout: float | None, batch: list[Item]) -> tuple[dict[str, Any], list[Any]]:
    """The Dask task: analyse one batch with this worker thread's analysis process."""
    key = (threading.get_ident(), spec.key())
    with _LOCK:
        proc = _PROCESSES.get(key)
    if proc is None:
        proc = AnalysisProcess(spec, timeout)
        with _LOCK:
            _PROCESSES[key] = proc
    proc.timeout = timeout if timeout and timeout > 0 else None
    return proc.describe, proc.analyse(batch)


def close_worker_processes() -> int:
    """Stop this process's analysis processes (run on every worker when a run ends)."""
    with _LOCK:
        procs = list(_PROCESSES.values())
        _PROCESSES.clear()
    for proc in procs:
        proc.close()
    return len(procs)


atexit.register(close_worker_processes)


class DaskExecutor:
    """Batches as Dask tasks; ``scheduler`` is an address, a ``distributed.Client`` or a cluster."""

    def __init__(self, spec: WorkSpec, scheduler: Any, *, timeout: float | None = None, window: int | None = None) -> None:
        from distributed import Client

        self.spec = spec
        self.timeout = timeout
        self._own_client = not isinstance(scheduler, Client)
        if isinstance(scheduler, Client):
            self.client = scheduler
        else:
            try:
                self.client = Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as err:
                raise SchedulerUnreachable(
                    f"No Dask scheduler answered at {scheduler!r} within {CONNECT_SECONDS} s ({type(err).__name__}); "
                    "check the tcp://HOST:PORT address and that `dask scheduler` runs.",
                ) from None
        threads = sum(self.client.nthreads().values())
        self.window = window or 2 * max(threads, 1)

    def map(self, batches: Iterable[list[Item]]) -> Iterator[Any]:
        def submit(batch: list[Item]) -> Any:
            return self.client.submit(analyse_on_worker, self.spec, self.timeout, batch, pure=False)

        return ordered_window(submit, batches, self.window)

    def close(self) -> None:
        try:
            self.client.run(close_worker_processes)
        except Exception:  # noqa: BLE001 - closing after a failed run must not hide its error
            pass
        if self._own_client:
            self.client.close()
