"""Export speed and memory: every format, from a synthetic database at two sizes.

    .venv/bin/python benchmarks/export.py                  # 2,000 and 8,000 documents
    .venv/bin/python benchmarks/export.py --sizes 500 2000

The database is the hand-made corpus of the tests (tests/workbench_data.py: records of every kind,
hostile text included) copied under new ids until it has the asked number of documents; no model
runs. Each export runs in its own child process so that its peak resident memory is its own. What to
look at: seconds grow with the rows, peak memory does not (the exports stream in batches).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FORMATS = ("csv", "parquet", "jsonl", "gexf", "graphml", "gdelt")


def build(path: Path, n: int) -> dict[str, int]:
    from communique.store import Store
    from tests.workbench_data import all_documents

    templates = [d for d in all_documents() if d.status == "analysed"]
    with Store(path) as store:
        for i in range(n):
            doc = templates[i % len(templates)]
            year = 2015 + (i % 10)
            store.write(doc.model_copy(update={"id": f"{doc.id}-{i}", "published": f"{year}{(doc.published or '2020-01-01')[4:]}"}))
    from communique.store.columns import TABLES

    return {t: store_rows(path, t) for t in TABLES}


def store_rows(path: Path, table: str) -> int:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def _run(db: str, fmt: str, out: str, queue: mp.Queue) -> None:
    from communique.export import export

    start = time.perf_counter()
    written = export(db, fmt, out)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    units = {k: v for k, v in written.items() if k not in ("nodes", "edges")}
    what = "rows" if fmt in ("csv", "parquet") else next(iter(units))
    queue.put((seconds, peak, sum(units.values()), what))


def measure(db: Path, fmt: str, workdir: Path) -> tuple[float, float, int, str]:
    out = workdir / (fmt if fmt in ("csv", "parquet") else f"out.{fmt}")
    queue: mp.Queue = mp.get_context("spawn").Queue()
    proc = mp.get_context("spawn").Process(target=_run, args=(str(db), fmt, str(out), queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 8000])
    args = parser.parse_args()
    print("| documents | rows in the store | format | written | seconds | written per second | peak RSS (MB) |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.db"
            counts = build(db, n)
            rows = sum(counts.values())
            for fmt in FORMATS:
                seconds, peak, written, what = measure(db, fmt, Path(tmp))
                print(f"| {n:,} | {rows:,} | {fmt} | {written:,} {what} | {seconds:.2f} | {written / seconds:,.0f} | {peak:.0f} |", flush=True)


if __name__ == "__main__":
    main()
