"""Where an analysis process's memory goes: steady size against per-document peaks.

    .venv/bin/python benchmarks/memory.py steady --n 400            # size after each 50 documents
    .venv/bin/python benchmarks/memory.py longest --k 2 --batch-chars 40000,20000
    .venv/bin/python benchmarks/memory.py longest --k 3 --batch-chars 40000 --allocator both
    .venv/bin/python benchmarks/memory.py longest --k 3 --batch-chars 40000 --allocator default --max-cells 2048,1000000
    .venv/bin/python benchmarks/memory.py cpu --n 150 --repeat 2    # what the malloc settings cost in CPU

``steady``: runs the whole pipeline (every installed extractor) over ``--n`` documents spread over
the White House corpus, and after every 50 documents and a garbage collection prints the current
resident size (VmRSS) and the peak so far (VmHWM). A size that keeps growing is a leak; a flat size
under a rising peak means the peak comes from single long documents.

``longest``: for each ``--batch-chars`` value (the characters spaCy parses at once), a fresh process
analyses the ``--k`` longest documents of the corpus one by one and prints the size and peak after
each (and the CPU seconds it took), so that the transient memory of one long document can be compared between settings.
``--allocator``: ``communique`` starts those processes with the glibc malloc settings that
``communique analyze`` gives its analysis processes (``communique.run.worker.ALLOCATOR_ENV``),
``default`` without them, ``both`` runs each setting.

``cpu``: what those malloc settings cost on ordinary documents. Fresh processes, alternately without
and with ``ALLOCATOR_ENV`` (``--repeat`` pairs), each analyse the same ``--n`` documents spread over
the corpus after a warm-up document, and print user and system CPU seconds, minor page faults (a
block over the threshold is a fresh mapping, faulted in page by page) and peak resident size.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_CORPUS, _read, corpus_files  # noqa: E402


def _sizes() -> str:
    with open("/proc/self/status", encoding="ascii") as fh:
        found = {line.split()[0][:-1]: int(line.split()[1]) // 1024 for line in fh if line.startswith(("VmRSS", "VmHWM"))}
    return f"current {found['VmRSS']} MB, peak {found['VmHWM']} MB"


def steady(files: list[str]) -> None:
    from communique.pipeline import Pipeline

    pipe = Pipeline()
    print(f"loaded: {_sizes()}", flush=True)
    done = 0
    for i in range(0, len(files), 50):
        for _ in pipe.pipe(_read(files[i : i + 50])):
            done += 1
        gc.collect()
        print(f"{done:>6} documents: {_sizes()}", flush=True)


def longest(files: list[str], batch_chars: int, max_cells: int | None = None) -> None:
    from communique.ingest import from_text
    from communique.models import news_encoder
    from communique.pipeline import Pipeline

    if max_cells:
        news_encoder.MAX_CELLS = max_cells
    pipe = Pipeline(batch_chars=batch_chars)
    list(pipe.pipe([from_text("The minister met the envoy in Nairobi.")]))
    print(f"batch_chars {batch_chars}, encoder calls of at most {news_encoder.MAX_CELLS} pieces, loaded: {_sizes()}", flush=True)
    for doc in _read(files):
        started = time.process_time()
        list(pipe.pipe([doc]))
        print(f"  {len(doc.text):>8} characters: {time.process_time() - started:.1f} CPU s, {_sizes()}", flush=True)


def cpu(files: list[str], label: str) -> None:
    import resource

    from communique.pipeline import Pipeline

    docs = _read(files)
    pipe = Pipeline()
    list(pipe.pipe(docs[:1]))
    before = resource.getrusage(resource.RUSAGE_SELF)
    for _ in pipe.pipe(docs):
        pass
    after = resource.getrusage(resource.RUSAGE_SELF)
    print(f"{label:<11} user {after.ru_utime - before.ru_utime:6.1f} s, system {after.ru_stime - before.ru_stime:4.1f} s, "
          f"minor faults {after.ru_minflt - before.ru_minflt:>8}, {_sizes()}", flush=True)  # fmt: skip


def _set_allocator(allocator: str) -> None:
    """glibc reads these when a process starts: set them (or not) for the next child."""
    from communique.run.worker import ALLOCATOR_ENV

    for name in ALLOCATOR_ENV:
        os.environ.pop(name, None)
    if allocator == "communique":
        os.environ.update(ALLOCATOR_ENV)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("steady", "longest", "cpu"))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--k", type=int, default=2)
    parser.add_argument("--batch-chars", default="40000,20000")
    parser.add_argument("--repeat", type=int, default=2, help="cpu: pairs of runs (default, communique)")
    parser.add_argument("--allocator", choices=("communique", "default", "both"), default="communique")
    parser.add_argument("--max-cells", default="", help="comma-separated caps on word pieces per encoder call "
                        "(default: news_encoder.MAX_CELLS; a large value means no cap)")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (../shared/data/whitehouse)")
    if args.what == "steady":
        steady(corpus_files(args.corpus, args.n))
        return
    ctx = mp.get_context("spawn")
    if args.what == "cpu":
        files = corpus_files(args.corpus, args.n)
        print(f"{len(files)} documents, each run in a fresh process", flush=True)
        for _ in range(args.repeat):
            for allocator in ("default", "communique"):
                _set_allocator(allocator)
                proc = ctx.Process(target=cpu, args=(files, allocator))
                proc.start()
                proc.join()
        return
    by_size = sorted(corpus_files(args.corpus, "all"), key=lambda f: Path(f).stat().st_size, reverse=True)
    allocators = ("default", "communique") if args.allocator == "both" else (args.allocator,)
    for allocator in allocators:
        _set_allocator(allocator)
        for value in (int(v) for v in args.batch_chars.split(",")):
            for cells in [int(c) for c in args.max_cells.split(",") if c] or [None]:
                print(f"allocator: {allocator}", flush=True)
                proc = ctx.Process(target=longest, args=(by_size[: args.k], value, cells))  # a fresh process per setting
                proc.start()
                proc.join()


if __name__ == "__main__":
    main()
