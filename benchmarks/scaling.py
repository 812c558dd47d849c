"""Scaling of a run on a Dask cluster: documents per second with 1, 2, ... workers, same corpus.

    .venv/bin/python benchmarks/scaling.py --n 1000             # 1 and 2 workers
    .venv/bin/python benchmarks/scaling.py --n 900 --rounds 3 --without-runner --json
    .venv/bin/python benchmarks/scaling.py --n all --workers 1,2,4 --json

Each configuration is a fresh ``distributed.LocalCluster`` of N worker processes with one thread
each, driven exactly as ``communique analyze --scheduler`` drives a real cluster (``run_batch`` with
the cluster's client: this process reads and writes, the workers analyse), with the settings
``communique.run.dask.DASK_SETTINGS`` recommends for a cluster (``--dask-defaults``: Dask's). Every worker's
analysis process is started and warmed up before the clock starts, so the figures are the steady
state of a long run. Efficiency of N workers = (docs/s with N) / (N x docs/s with 1); the goal is
at least 0.85 per added worker. On a machine with fewer free cores than workers the figure
measures the machine, not the runner: the load average is printed with it, and so is the CPU time
of the whole process tree per document, whose ratio (CPU efficiency) says how much work a worker
adds regardless of free cores. Also printed: the CPU per document of each kind of process, and
the share of the time the analysis processes were busy, and efficiency split exactly into the
runner's part (that share against one worker's) and the machine's part (the analysis CPU per
document with one worker against with N).

``--without-runner`` measures the same reading and analysis in N plain processes with no Dask,
client or writer, before each Dask configuration: what the machine itself gives a second process.
``--rounds`` repeats everything, interleaved, for a machine whose speed drifts.
"""

from __future__ import annotations

import argparse
import functools
import json
import multiprocessing as mp
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_CORPUS, corpus_files  # noqa: E402


def cpu_by_role() -> dict[str, float]:
    """CPU seconds so far per role: ``client`` (this process: reading, writing, and a LocalCluster's
    scheduler and nannies, which run in its event loop), ``dask`` (the Dask worker processes:
    receiving tasks, moving results) and ``analysis`` (the analysis processes, which do the work,
    including those that have ended: their time is counted in the Dask worker that waited for them)."""
    import psutil

    me = psutil.Process()
    roles = {"client": sum(me.cpu_times()[:2]), "dask": 0.0, "analysis": 0.0}
    for proc in me.children(recursive=True):
        try:
            t = proc.cpu_times()
            role = "analysis" if "communique.run._child" in " ".join(proc.cmdline()) else "dask"
        except psutil.NoSuchProcess:
            continue
        roles[role] += t.user + t.system
        roles["analysis"] += t.children_user + t.children_system  # analysis processes that ended
    return roles


def _plain_process(spec, files: list[str], ready, claimed, answers) -> None:  # noqa: ANN001
    """One process of the reference: build the pipeline, warm it up, wait for the others, then read
    and analyse the next batch nobody has claimed yet until none is left (as Dask hands out tasks),
    and report its CPU seconds."""
    from communique.ingest import from_text, iter_raw_inputs
    from communique.run._work import analyse_items, make_batches

    def claim() -> int:
        with claimed.get_lock():
            claimed.value += 1
            return claimed.value - 1

    pipe = spec.build()
    analyse_items(pipe, [from_text("The minister met the envoy.")], spec.signatures)
    ready.wait()
    cpu = time.process_time()
    done, mine = 0, claim()
    for i, batch in enumerate(make_batches(iter_raw_inputs(files), spec.batch_size)):
        if i == mine:
            done += len(analyse_items(pipe, batch, spec.signatures))
            mine = claim()
    answers.put((done, time.process_time() - cpu))


def measure_without_runner(files: list[str], workers: int, only: list[str] | None, batch_size: int) -> dict:
    """A reference without the runner: the same reading and analysis in ``workers`` plain processes that
    share nothing but a counter (no Dask, no client, no writer; each takes the next batch). Whatever
    this loses with more processes is lost by the machine (shared cache, memory bandwidth, a host
    that does not give its virtual cores their own physical cores), not by the runner."""
    from communique.run import WorkSpec
    from communique.run.worker import ALLOCATOR_ENV

    spec = WorkSpec(only=tuple(only) if only else None, batch_size=batch_size)
    for name, value in ALLOCATOR_ENV.items():  # as the runner's analysis processes have them
        os.environ.setdefault(name, value)
    ctx = mp.get_context("spawn")
    ready, claimed, answers = ctx.Barrier(workers + 1), ctx.Value("i", 0), ctx.Queue()
    procs = [ctx.Process(target=_plain_process, args=(spec, files, ready, claimed, answers)) for _ in range(workers)]
    for proc in procs:
        proc.start()
    ready.wait()  # every process has loaded and warmed up its pipeline
    load_before = os.getloadavg()
    started = time.perf_counter()
    reports = [answers.get() for _ in procs]
    seconds = time.perf_counter() - started
    for proc in procs:
        proc.join()
    documents = sum(done for done, _ in reports)
    return {
        "runner": "none",
        "workers": workers,
        "documents": documents,
        "seconds": round(seconds, 1),
        "docs_per_s": documents / seconds,
        "cpu_ms_per_doc": 1000 * sum(cpu for _, cpu in reports) / documents,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
    }


def measure(files: list[str], workers: int, only: list[str] | None, batch_size: int, dask_settings: dict | None = None) -> dict:
    import dask
    from distributed import Client, LocalCluster

    from communique.ingest import from_text
    from communique.run import WorkSpec, run_batch
    from communique.run.dask import analyse_on_worker

    spec = WorkSpec(only=tuple(only) if only else None, batch_size=batch_size)
    with dask.config.set(dask_settings or {}), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client, tempfile.TemporaryDirectory() as tmp:  # fmt: skip
        warm = [client.submit(analyse_on_worker, spec, 600, [from_text("The minister met the envoy.")], workers=[w], pure=False)
                for w in client.scheduler_info()["workers"]]  # fmt: skip
        client.gather(warm)
        load_before = os.getloadavg()
        roles_before = cpu_by_role()
        started = time.perf_counter()
        summary = run_batch(files, db=Path(tmp) / "scaling.db", scheduler=client, timeout=600, spec=spec)
        seconds = time.perf_counter() - started
        roles = {role: cpu_seconds - roles_before[role] for role, cpu_seconds in cpu_by_role().items()}
        cpu = sum(roles.values())
    return {
        "runner": "dask",
        "cpu_seconds": round(cpu, 1),
        "cpu_ms_per_doc": 1000 * cpu / summary.documents,
        "cpu_ms_per_doc_by_role": {role: round(1000 * sec / summary.documents, 1) for role, sec in roles.items()},
        # share of the run's time that the analysis processes were working (1.0: never waiting,
        # never preempted); on free cores the runner's own efficiency is the ratio of this share
        "analysis_busy": roles["analysis"] / (workers * seconds),
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
    parser.add_argument("--without-runner", action="store_true",
                        help="also measure the same work in plain processes, no Dask (what the machine gives)")
    parser.add_argument("--dask-defaults", action="store_true",
                        help="run the cluster with Dask's default settings, not communique.run.dask.DASK_SETTINGS")
    parser.add_argument("--rounds", type=int, default=1, help="repeat every measurement this many times, interleaved")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (../shared/data/whitehouse)")
    files = corpus_files(args.corpus, args.n)
    only = args.only.split(",") if args.only else None
    from communique.run.dask import DASK_SETTINGS

    settings = {} if args.dask_defaults else DASK_SETTINGS

    on_dask = functools.partial(measure, dask_settings=settings)
    how = [measure_without_runner, on_dask] if args.without_runner else [on_dask]
    runs = []
    for round_no in range(1, args.rounds + 1):
        for workers in [int(w) for w in args.workers.split(",")]:
            for measure_one in how:
                runs.append({"round": round_no, **measure_one(files, workers, only, args.batch_size)})
                print(f"# round {round_no}, {runs[-1]['runner']}, {workers} worker(s): {runs[-1]['docs_per_s']:.2f} docs/s",
                      file=sys.stderr, flush=True)  # fmt: skip
    for run in runs:
        one = next((r for r in runs if r["workers"] == 1 and r["runner"] == run["runner"] and r["round"] == run["round"]), None)
        run["efficiency"] = run["docs_per_s"] / (run["workers"] * one["docs_per_s"]) if one else None
        # the same ratio in CPU time: 1.0 when N workers spend no more CPU per document than one
        run["cpu_efficiency"] = one["cpu_ms_per_doc"] / run["cpu_ms_per_doc"] if one else None
        if one and "analysis_busy" in run:
            # efficiency = runner's part x machine's part, exactly: how busy the analysis processes
            # were against one worker's, and the CPU a document needed with one against with N
            run["runner_part"] = run["analysis_busy"] / one["analysis_busy"]
            analysis = [r["cpu_ms_per_doc_by_role"]["analysis"] for r in (one, run)]
            run["machine_part"] = analysis[0] / analysis[1]
    from communique.pipeline import resolve_extractors

    figures = {"documents": len(files), "cpu_count": os.cpu_count(), "dask_settings": settings,
               "extractors": [c.name for c in resolve_extractors(only)], "runs": runs}  # fmt: skip
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{len(files)} documents; extractors: {', '.join(figures['extractors'])}; {os.cpu_count()} CPUs; "
          f"Dask settings: {settings or 'defaults'}")  # fmt: skip
    print(f"{'round':>6}{'runner':>8}{'workers':>8}{'docs/s':>10}{'seconds':>10}{'efficiency':>12}"
          f"{'CPU ms/doc':>12}{'CPU eff.':>10}{'load before/after':>20}")  # fmt: skip
    for r in runs:
        eff = f"{r['efficiency']:.3f}" if r["efficiency"] is not None else "-"
        cpu_eff = f"{r['cpu_efficiency']:.2f}" if r["cpu_efficiency"] is not None else "-"
        load = f"{r['load_average_before'][0]:.1f}/{r['load_average_after'][0]:.1f}"
        print(f"{r['round']:>6}{r['runner']:>8}{r['workers']:>8}{r['docs_per_s']:>10.2f}{r['seconds']:>10.1f}{eff:>12}"
              f"{r['cpu_ms_per_doc']:>12.0f}{cpu_eff:>10}{load:>20}")  # fmt: skip
    for r in runs:
        if "cpu_ms_per_doc_by_role" in r:
            by_role = ", ".join(f"{k} {v:.0f}" for k, v in r["cpu_ms_per_doc_by_role"].items())
            print(f"CPU ms per document by process, round {r['round']}, {r['workers']} worker(s): {by_role}; "
                  f"analysis processes busy {r['analysis_busy']:.1%} of the time; efficiency = runner's part "
                  f"{r['runner_part']:.3f} x machine's part {r['machine_part']:.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
