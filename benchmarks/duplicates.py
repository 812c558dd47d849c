"""Near-duplicate marking on the White House corpus and on synthetic syndicated copies.

    .venv/bin/python benchmarks/duplicates.py                   # every document, threshold 0.8
    .venv/bin/python benchmarks/duplicates.py --n 2000 --threshold 0.9

There is no gold set of near-duplicates for this corpus, so the benchmark makes one: each of a
sample of originals gets a copy edited the way syndication and reposting edit a text (a wire
header and a copyright footer, a dropped paragraph, changed punctuation and spacing, a few words
changed), made with a fixed random seed. Every original of the corpus is indexed first, in corpus
order, then every copy; printed:

- recall: copies whose ``duplicate_of`` is their own original (or an original that is itself an
  exact or near copy of it), by kind of edit;
- marks among the originals themselves: real repeats in the corpus (printed with examples to
  check by hand; precision is read from these, since no two originals are synthetic copies);
- cost: milliseconds per document to sign and to look up, and the index size per document.
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_CORPUS, corpus_files  # noqa: E402


def edits(text: str, rng: random.Random) -> dict[str, str]:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    words = text.split(" ")
    changed = list(words)
    for i in rng.sample(range(len(words)), k=min(len(words), max(1, len(words) // 50))):
        changed[i] = rng.choice(["the", "officials", "said", "new", "today"])
    dropped = paragraphs[:]
    if len(dropped) > 3:
        del dropped[rng.randrange(1, len(dropped) - 1)]
    return {
        "wire header and footer": f"WASHINGTON (Wire) — {text}\n\nCopyright 2024 The Wire. All rights reserved. Reprinted with permission.",
        "punctuation and spacing": re.sub(r"\s+", " ", text).replace("—", "-").replace("“", '"').replace("”", '"'),
        "one paragraph dropped": "\n\n".join(dropped),
        "2% of words changed": " ".join(changed),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--n", default="all")
    parser.add_argument("--copies", type=int, default=500, help="originals that get synthetic copies")
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from communique.dedup import DuplicateIndex, signature
    from communique.ingest import InputDocument, iter_inputs

    docs = [d for d in iter_inputs(corpus_files(args.corpus, args.n)) if isinstance(d, InputDocument)]
    index = DuplicateIndex(sqlite3.connect(":memory:", isolation_level=None), args.threshold)
    sign_s = find_s = 0.0
    originals: dict[str, str | None] = {}
    for doc in docs:
        t0 = time.perf_counter()
        sig = signature(doc.text)
        t1 = time.perf_counter()
        found = index.find(doc.id, sig)
        find_s += time.perf_counter() - t1
        sign_s += t1 - t0
        index.add(doc.id, sig, found)
        originals[doc.id] = found
    marked = {k: v for k, v in originals.items() if v}
    rng = random.Random(args.seed)
    sample = rng.sample(docs, k=min(args.copies, len(docs)))
    hits: dict[str, list[int]] = {}
    for doc in sample:
        own = originals[doc.id] or doc.id  # if the original is itself a repeat, its first copy counts
        for kind, text in edits(doc.text, rng).items():
            found = index.find(f"copy-{kind}-{doc.id}", signature(text))
            hits.setdefault(kind, []).append(found == own)
    by_id = {d.id: d for d in docs}
    print(f"{len(docs)} originals, threshold {args.threshold}, {index.bands} bands x {index.rows} rows of {len(signature('x')) // 4} MinHash values")
    print(f"recall on {len(sample)} synthetic copies of each kind:")
    for kind, got in hits.items():
        print(f"  {kind:<26} {sum(got) / len(got):.3f}")
    print(f"originals marked as copies of an earlier original: {len(marked)} ({len(marked) / len(docs):.1%})")
    for doc_id, original in list(marked.items())[: 8]:
        a, b = by_id[doc_id], by_id[original]
        print(f"  {a.source.split('/')[-1][:70]}\n    -> {b.source.split('/')[-1][:70]}")
    print(f"cost: {1000 * sign_s / len(docs):.2f} ms to sign, {1000 * find_s / len(docs):.2f} ms to look up per document")


if __name__ == "__main__":
    main()
