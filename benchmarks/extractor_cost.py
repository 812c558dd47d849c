"""Time each extractor separately, on documents parsed once, against the spaCy parse they need.

    .venv/bin/python benchmarks/extractor_cost.py --n 100 --only events   # events and what it requires

Complements benchmarks/throughput.py (whole-pipeline ratio against bare spaCy): this one says where
the time goes, in milliseconds per document, so a slow extractor can be found. The first call of an
extractor includes its warm-up (lazy loading, regex compilation), as in a real run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_CORPUS, corpus_files  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--only", help="comma-separated extractors (default: all installed)")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found at {args.corpus} (../shared/data is absent)", file=sys.stderr)
        return 2
    from communique import Pipeline
    from communique.ingest import InputDocument, iter_inputs

    docs = [d for d in iter_inputs(corpus_files(args.corpus, args.n)) if isinstance(d, InputDocument)]
    pipe = Pipeline(only=args.only.split(",") if args.only else None)
    spent = {ex.name: 0.0 for ex in pipe.extractors}
    parse = 0.0
    with pipe.nlp.select_pipes(disable=pipe.disabled):
        for item in docs:
            record = pipe._new_record(item)
            started = time.perf_counter()
            doc = pipe.nlp(item.text)
            parse += time.perf_counter() - started
            for ex in pipe.extractors:
                started = time.perf_counter()
                ex(doc, record)
                spent[ex.name] += time.perf_counter() - started
    n = len(docs)
    print(f"{n} documents; spaCy ({', '.join(p for p in pipe.nlp.pipe_names if p not in pipe.disabled)}): "
          f"{1000 * parse / n:.1f} ms/doc")  # fmt: skip
    for name, seconds in spent.items():
        print(f"  {name:<12} {1000 * seconds / n:7.1f} ms/doc")
    return 0


if __name__ == "__main__":
    sys.exit(main())
