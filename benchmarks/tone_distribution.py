"""Distribution of document tone (docs/tone.md) over White House documents: a sanity check of the
scale, there being no gold tone data.

    .venv/bin/python benchmarks/tone_distribution.py --n 120

Prints the mean and percentiles of ``Document.tone`` and the most negative and positive documents
with their titles, over the same evenly spread sample of ../shared/data/whitehouse as
benchmarks/throughput.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_CORPUS, _read, corpus_files  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--show", type=int, default=4, help="documents shown at each end")
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (../shared/data/whitehouse)")
    from communique.pipeline import Pipeline

    pipe = Pipeline(only=["tone"])
    rows = [(r.tone, " ".join((r.title or r.id).split())[:80]) for r in pipe.pipe(_read(corpus_files(args.corpus, args.n)))]
    tones = np.array([t for t, _ in rows])
    pct = np.percentile(tones, [5, 25, 50, 75, 95])
    print(f"{len(rows)} documents: mean tone {tones.mean():.2f}; percentiles 5/25/50/75/95: " + " / ".join(f"{p:.2f}" for p in pct))
    rows.sort()
    for tone, title in rows[: args.show] + rows[-args.show :]:
        print(f"  {tone:>7.2f}  {title}")


if __name__ == "__main__":
    main()
