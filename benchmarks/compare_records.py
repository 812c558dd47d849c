"""Do two versions or settings of communique give the same records? Dump, then diff.

    .venv/bin/python benchmarks/compare_records.py dump --n 150 --out /tmp/a.jsonl
    (change the code, or check out another commit, or pass another setting)
    .venv/bin/python benchmarks/compare_records.py dump --n 150 --out /tmp/b.jsonl
    .venv/bin/python benchmarks/compare_records.py diff /tmp/a.jsonl /tmp/b.jsonl

    # a setting within one checkout: the longest documents, spaCy groups of 40,000 against 30,000
    .venv/bin/python benchmarks/compare_records.py dump --longest 20 --parse-chars 40000 --out /tmp/40k.jsonl
    .venv/bin/python benchmarks/compare_records.py dump --longest 20 --parse-chars 30000 --out /tmp/30k.jsonl

``dump`` analyses White House documents with every installed extractor (``--n`` spread over the
corpus as throughput.py picks them, or the ``--longest`` K files) and writes one line per document:
its id and its records as JSON (``source`` left out, so that two checkouts in different folders
compare). ``--parse-chars`` sets the characters spaCy parses at once; ``--stock-spacy`` loads spaCy
as it ships, with its own attribute ruler instead of communique's table-driven one.

``diff`` prints how many documents have identical records, and for each field (actors, quotes,
events, ...) in how many documents it differs; for a list of records, how many records of those
documents are found only on one side once confidences are left out.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_CORPUS, corpus_files  # noqa: E402


def dump(args: argparse.Namespace) -> None:
    from communique.ingest import iter_inputs
    from communique.run import WorkSpec

    if args.longest:
        files = sorted(corpus_files(args.corpus, "all"), key=lambda f: Path(f).stat().st_size)[-args.longest :]
    else:
        files = corpus_files(args.corpus, args.n)
    spec = WorkSpec(parse_chars=args.parse_chars) if args.parse_chars else WorkSpec()
    pipe = spec.build()
    if args.stock_spacy:  # same components and names, so the pipeline's disabled list still holds
        from communique.pipeline import load_spacy

        stock = load_spacy(spec.model, table_ruler=False)
        stock.max_length = max(stock.max_length, pipe.nlp.max_length)
        pipe.nlp = stock
    written = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for result in pipe.pipe(iter_inputs(files)):
            record = json.loads(result.model_dump_json())
            record.pop("source", None)
            out.write(json.dumps(record, sort_keys=True) + "\n")
            written += 1
    print(f"{written} documents -> {args.out}")


def _load(path: str) -> dict[str, dict]:
    with open(path, encoding="utf-8") as f:
        return {r["id"]: r for r in map(json.loads, f)}


def diff(args: argparse.Namespace) -> None:
    a, b = _load(args.a), _load(args.b)
    common = sorted(set(a) & set(b))
    print(f"{len(a)} / {len(b)} documents, {len(common)} in both")
    identical = sum(a[i] == b[i] for i in common)
    print(f"identical records: {identical} of {len(common)}")
    fields = sorted({k for i in common for k in (*a[i], *b[i])})
    for field in fields:
        differing = [i for i in common if a[i].get(field) != b[i].get(field)]
        if not differing:
            continue
        if all(isinstance(side[i].get(field), list) for side in (a, b) for i in differing):
            only_a = only_b = records = 0
            worst = (0, "")
            for i in differing:
                ra, rb = _without_scores(a[i][field]), _without_scores(b[i][field])
                only_a, only_b, records = only_a + len(ra - rb), only_b + len(rb - ra), records + len(ra)
                worst = max(worst, (len(ra - rb) + len(rb - ra), i))
            print(f"  {field:12s} differs in {len(differing):4d} documents; records there: {records}, "
                  f"leaving confidences out {only_a} only in the first, {only_b} only in the second; "
                  f"most in {worst[1]} ({len(a[worst[1]]['text']):,} characters): {worst[0]}")
        else:
            print(f"  {field:12s} differs in {len(differing):4d} documents")


def _without_scores(records: list) -> set[str]:
    """The records as comparable strings, their confidence left out (a float that moves with any
    change of how the encoder batches sentences)."""
    return {json.dumps({k: v for k, v in r.items() if k != "confidence"}, sort_keys=True) if isinstance(r, dict) else json.dumps(r) for r in records}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--n", type=int, default=150)
    d.add_argument("--longest", type=int, default=0, help="the K largest files instead of --n spread")
    d.add_argument("--parse-chars", type=int, default=0)
    d.add_argument("--stock-spacy", action="store_true")
    d.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    d.add_argument("--out", required=True)
    c = sub.add_parser("diff")
    c.add_argument("a")
    c.add_argument("b")
    args = parser.parse_args()
    dump(args) if args.command == "dump" else diff(args)


if __name__ == "__main__":
    main()
