"""Where an analysis process's memory goes: steady size against per-document peaks.

    .venv/bin/python benchmarks/memory.py steady --n 400            # size after each 50 documents
    .venv/bin/python benchmarks/memory.py longest --k 2 --batch-chars 40000,20000

``steady``: runs the whole pipeline (every installed extractor) over ``--n`` documents spread over
the White House corpus, and after every 50 documents and a garbage collection prints the current
resident size (VmRSS) and the peak so far (VmHWM). A size that keeps growing is a leak; a flat size
under a rising peak means the peak comes from single long documents.

``longest``: for each ``--batch-chars`` value (the characters spaCy parses at once), a fresh process
analyses the ``--k`` longest documents of the corpus one by one and prints the size and peak after
each (and the CPU seconds it took), so that the transient memory of one long document can be compared between settings.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
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


def longest(files: list[str], batch_chars: int) -> None:
    from communique.ingest import from_text
    from communique.pipeline import Pipeline

    pipe = Pipeline(batch_chars=batch_chars)
    list(pipe.pipe([from_text("The minister met the envoy in Nairobi.")]))
    print(f"batch_chars {batch_chars}, loaded: {_sizes()}", flush=True)
    for doc in _read(files):
        started = time.process_time()
        list(pipe.pipe([doc]))
        print(f"  {len(doc.text):>8} characters: {time.process_time() - started:.1f} CPU s, {_sizes()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("steady", "longest"))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--k", type=int, default=2)
    parser.add_argument("--batch-chars", default="40000,20000")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (../shared/data/whitehouse)")
    if args.what == "steady":
        steady(corpus_files(args.corpus, args.n))
        return
    by_size = sorted(corpus_files(args.corpus, "all"), key=lambda f: Path(f).stat().st_size, reverse=True)
    ctx = mp.get_context("spawn")
    for value in (int(v) for v in args.batch_chars.split(",")):
        proc = ctx.Process(target=longest, args=(by_size[: args.k], value))  # a fresh process per setting
        proc.start()
        proc.join()


if __name__ == "__main__":
    main()
