"""Scaling of a run on a Dask cluster: documents per second with 1, 2, ... workers, same corpus.

    nice -n 10 .venv/bin/python benchmarks/scaling.py --n 1000             # 1 and 2 workers
    .venv/bin/python benchmarks/scaling.py --n all --workers 1,2,4 --json

Each configuration is a fresh ``distributed.LocalCluster`` of N worker processes with one thread
each, driven exactly as ``communique analyze --scheduler`` drives a real cluster (``run_batch`` with
the cluster's client: this process reads and writes, the workers analyse). Every worker's
analysis process is started and warmed up before the clock starts, so the figures are the steady
state of a long run. Efficiency of N workers = (docs/s with N) / (N x docs/s with 1); the goal is
at least 0.85 per added worker. On a machine with fewer free cores than workers the figure
measures the machine, not the runner: the load average is printed with it, and so is the CPU time
of the whole process tree per document, whose ratio (CPU efficiency) says how much work a worker
adds regardless of free cores.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_CORPUS, corpus_files  # noqa: E402


def tree_cpu_seconds() -> float:
    """CPU seconds used so far by this process and every process under it, including the analysis
    processes that have ended (their time is counted in the Dask worker that waited for them)."""
    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for proc in me.children(recursive=True):
        try:
            t = proc.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
        except psutil.NoSuchProcess:
            pass
    return total


def measure(files: list[str], workers: int, only: list[str] | None, batch_size: int) -> dict:
    from distributed import Client, LocalCluster

    from communique.ingest import from_text
    from communique.run import WorkSpec, run_batch
    from communique.run.dask import analyse_on_worker

    spec = WorkSpec(only=tuple(only) if only else None, batch_size=batch_size)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client, tempfile.TemporaryDirectory() as tmp:  # fmt: skip
        warm = [client.submit(analyse_on_worker, spec, 600, [from_text("The minister met the envoy.")], workers=[w], pure=False)
                for w in client.scheduler_info()["workers"]]  # fmt: skip
        client.gather(warm)
        load_before = os.getloadavg()
        cpu_before = tree_cpu_seconds()
        started = time.perf_counter()
        summary = run_batch(files, db=Path(tmp) / "scaling.db", scheduler=client, timeout=600, spec=spec)
        seconds = time.perf_counter() - started
        cpu = tree_cpu_seconds() - cpu_before
    return {
        "cpu_seconds": round(cpu, 1),
        "cpu_ms_per_doc": 1000 * cpu / summary.documents,
        "workers": workers,
        "documents": summary.documents,
        "failed": summary.failed,
        "seconds": round(seconds, 1),
        "docs_per_s": summary.documents / seconds,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--n", default="1000", help="documents, spread evenly over the corpus, or 'all'")
    parser.add_argument("--workers", default="1,2", help="worker counts to measure, comma-separated")
    parser.add_argument("--only", help="comma-separated extractors (default: all installed)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (../shared/data/whitehouse)")
    files = corpus_files(args.corpus, args.n)
    only = args.only.split(",") if args.only else None
    runs = []
    for workers in [int(w) for w in args.workers.split(",")]:
        runs.append(measure(files, workers, only, args.batch_size))
        print(f"# {workers} worker(s): {runs[-1]['docs_per_s']:.2f} docs/s", file=sys.stderr, flush=True)
    one = next((r for r in runs if r["workers"] == 1), None)
    for run in runs:
        run["efficiency"] = run["docs_per_s"] / (run["workers"] * one["docs_per_s"]) if one else None
        # the same ratio in CPU time: 1.0 when N workers spend no more CPU per document than one
        run["cpu_efficiency"] = one["cpu_ms_per_doc"] / run["cpu_ms_per_doc"] if one else None
    from communique.pipeline import resolve_extractors

    figures = {"documents": len(files), "cpu_count": os.cpu_count(),
               "extractors": [c.name for c in resolve_extractors(only)], "runs": runs}  # fmt: skip
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{len(files)} documents; extractors: {', '.join(figures['extractors'])}; {os.cpu_count()} CPUs")
    print(f"{'workers':>8}{'docs/s':>10}{'seconds':>10}{'efficiency':>12}{'CPU ms/doc':>12}{'CPU eff.':>10}{'load before/after':>20}")
    for r in runs:
        eff = f"{r['efficiency']:.2f}" if r["efficiency"] is not None else "-"
        cpu_eff = f"{r['cpu_efficiency']:.2f}" if r["cpu_efficiency"] is not None else "-"
        load = f"{r['load_average_before'][0]:.1f}/{r['load_average_after'][0]:.1f}"
        print(f"{r['workers']:>8}{r['docs_per_s']:>10.2f}{r['seconds']:>10.1f}{eff:>12}{r['cpu_ms_per_doc']:>12.0f}{cpu_eff:>10}{load:>20}")


if __name__ == "__main__":
    main()
