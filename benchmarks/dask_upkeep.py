"""CPU that Dask itself uses while a worker thread waits, with Dask's defaults and with
``communique.run.dask.DASK_SETTINGS``.

    .venv/bin/python benchmarks/dask_upkeep.py              # 20 s per setting, 3 rounds
    .venv/bin/python benchmarks/dask_upkeep.py --workers 2  # two worker processes, as scaling.py runs
    .venv/bin/python benchmarks/dask_upkeep.py --seconds 60 --rounds 1 --json

In a communique run a Dask worker thread spends its time waiting on the pipe of its analysis
process, so whatever the Dask processes use meanwhile is upkeep taken from the cores that analyse.
Each measurement is a fresh ``LocalCluster`` with ``--workers`` worker processes of one thread (as
``benchmarks/scaling.py`` starts them), each running one task that sleeps; printed: CPU
milliseconds per second of this process (a LocalCluster's scheduler and nannies run in its event
loop, beside the client) and of the worker processes together. Settings alternate, round after round.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def measure(seconds: float, settings: dict, workers: int) -> dict[str, float]:
    import dask
    import psutil
    from distributed import Client, LocalCluster

    with dask.config.set(settings), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:  # fmt: skip
        client.submit(_sleep, 0.1, pure=False).result()  # started and connected
        me = psutil.Process()
        worker_processes = [psutil.Process(pid) for pid in client.run(os.getpid).values()]

        def cpu() -> dict[str, float]:
            return {"scheduler, nannies, client": sum(me.cpu_times()[:2]),
                    "worker processes": sum(sum(p.cpu_times()[:2]) for p in worker_processes)}  # fmt: skip

        before, started = cpu(), time.perf_counter()
        client.gather([client.submit(_sleep, seconds, pure=False, workers=[w]) for w in client.scheduler_info()["workers"]])
        after, wall = cpu(), time.perf_counter() - started
    return {name: 1000 * (after[name] - before[name]) / wall for name in after}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from communique.run.dask import DASK_SETTINGS

    configs = {"Dask defaults": {}, "DASK_SETTINGS": DASK_SETTINGS}
    rounds: dict[str, list[dict[str, float]]] = {name: [] for name in configs}
    for _ in range(args.rounds):
        for name, settings in configs.items():
            rounds[name].append(measure(args.seconds, settings, args.workers))
    medians = {name: {part: statistics.median(r[part] for r in runs) for part in runs[0]} for name, runs in rounds.items()}
    if args.json:
        print(json.dumps({"seconds": args.seconds, "workers": args.workers, "settings": DASK_SETTINGS, "rounds": rounds, "medians": medians}, indent=2))
        return
    print(f"CPU ms per second while {args.workers} worker(s) wait ({args.rounds} rounds of {args.seconds:g} s, median); DASK_SETTINGS = {DASK_SETTINGS}")
    parts = list(next(iter(medians.values())))
    print(f"{'':>16}" + "".join(f"{p:>24}" for p in parts) + f"{'all':>10}")
    for name, figures in medians.items():
        print(f"{name:>16}" + "".join(f"{figures[p]:>24.1f}" for p in parts) + f"{sum(figures.values()):>10.1f}")


if __name__ == "__main__":
    main()
